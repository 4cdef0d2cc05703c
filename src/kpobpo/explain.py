"""Explanations of a recommendation: what would change it, and how robust it is.

All pure views of the scoring kernel (`kpobpo.kernel`): the same weight x
points table that gives the scores gives the weight factors at which the
winner changes and the lead under shaken weights (the what-ifs are
`Kernel.what_if`). The tests check
each against plain re-scoring with the change applied.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections.abc import Iterable, Mapping
from typing import Any

from kpobpo.kernel import Duels, Kernel, Row, Standing, kernel_of
from kpobpo.model import Criteria, Robustness, WeightSensitivity

#: Seed, draws, number of scored questions, shaken range, duels (`Kernel.duels`).
_TrialKey = tuple[int, int, int, tuple[float, float], Duels]


def weight_sensitivity(
    criteria: Criteria, answers: Mapping[str, str], base: Standing
) -> tuple[WeightSensitivity, ...]:
    """For each answered scored question, the weight factor nearest 1 that changes the winner.

    Scores are linear in each weight's numerator share, so the factor where
    the winner ties with another model is solved exactly, then moved (in
    steps of 0.01, away from 1) to the first two-decimal factor that really
    changes the winner, as checked by re-scoring. None when no factor in
    the criteria's `confidence.weight_range` (0.25x..4x by default) does.
    """
    kernel = kernel_of(criteria)
    rows = kernel.rows(answers)
    low, high = criteria.confidence.weight_range
    totals = kernel.totals(rows)[0]
    results: list[WeightSensitivity] = []
    for row in rows:
        found: tuple[float, str] | None = None
        for crossing in kernel.crossings(rows, row.question, base.winner, low, high, totals):
            # A crossing at 1 is a tie right now: the change may lie on either side.
            sides = (1, -1) if math.isclose(crossing, 1.0) else (1 if crossing > 1 else -1,)
            for side in sides:
                checked = _first_change(
                    kernel, rows, row.question, base.winner, (low, high), crossing, side
                )
                if checked and (
                    found is None or abs(math.log(checked[0])) < abs(math.log(found[0]))
                ):
                    found = checked
        results.append(
            WeightSensitivity(row.question, found[0], found[1])
            if found
            else WeightSensitivity(row.question, None, None)
        )
    return tuple(results)


def _first_change(
    kernel: Kernel,
    rows: list[Row],
    question_id: str,
    winner: str,
    factor_range: tuple[float, float],
    crossing: float,
    step: int,
) -> tuple[float, str] | None:
    """The first factor (two decimals, from the crossing in direction `step`) that changes
    the winner."""
    low, high = factor_range
    # Start one step on the near side of the crossing: rounding can put the exact
    # tie a hair either way, and at a tie the earlier model in the file wins.
    hundredths = round(crossing * 100) - step
    for _ in range(4):
        factor = hundredths / 100
        if not low <= factor <= high:
            return None
        changed = kernel.standing_of(*kernel.totals(rows, {question_id: factor}))
        if changed.winner != winner:
            return factor, changed.winner
        hundredths += step
    return None  # pragma: no cover - past a crossing the winner changes within a step


def robustness(
    kernel: Kernel,
    rows: list[Row],
    winner: str,
    draws: int,
    seed: int,
    shaken: tuple[float, float],
) -> Robustness:
    """Share of `draws` random weight perturbations under which `winner` still wins.

    `rows` are the answered questions (`Kernel.rows`). Every scored
    question's weight is multiplied by a factor drawn uniformly from `shaken`
    (the criteria's `confidence.shaken_weights`, 0.5..1.5 by default). The
    draws depend only on the seed and the questions, so the same seed gives
    the same rate for the same answers.
    """
    duels = kernel.duels(rows, winner)
    if all(_always_ahead(steps, shaken) for _, steps in duels):
        # No factor in the range can overturn the lead: every trial is a win.
        return Robustness(draws, seed, 1.0)
    # The trials depend only on each question's place and weighted point
    # difference, so answer sets that share them (a portfolio has many) share
    # the count of wins.
    key: _TrialKey = (seed, draws, len(kernel.scored), shaken, duels)
    wins = _count_wins(key)
    return Robustness(draws, seed, wins / draws if draws else 1.0)


@functools.lru_cache(maxsize=4096)
def _count_wins(key: _TrialKey) -> int:
    """In how many trials the winner beats every other model (ties: if it comes first)."""
    seed, draws, questions, shaken, duels = key
    columns = _factor_columns(seed, draws, questions, shaken)
    sums = _partial_sums(seed, draws, questions, shaken)
    # The winner keeps winning a trial when, against every other model, the
    # weighted sum of its point differences stays positive (or is zero and it
    # wins ties): operator.le(0.0, lead), or operator.lt, per trial.
    survives: list[Iterable[bool]] = []
    for wins_ties, differences in duels:
        compare = operator.le if wins_ties else operator.lt
        if len(differences) > 1:
            # The last share is compared, not added: a float sum is the exact sum
            # rounded, and rounding keeps its sign and gives zero only for zero
            # (small sums are exact), so `before + last >= 0.0` exactly when
            # `-last <= before`, and `> 0.0` exactly when `-last < before`.
            before = sums.lead(columns, differences[:-1])
            survives.append(map(compare, sums.share(columns, differences[-1])[1], before))
        else:
            lead = (
                sums.share(columns, differences[0])[0]
                if differences
                else itertools.repeat(0.0, draws)
            )
            survives.append(map(compare, itertools.repeat(0.0), lead))
    if len(survives) > 1:
        return sum(map(all, zip(*survives, strict=True)))
    return sum(survives[0])


class _PartialSums:
    """Per trial, the weighted sums of the first questions' point differences,
    kept for the answer sets that share those questions' differences.

    A duel's lead is built a question at a time over all trials at once (a
    list, not a chain of lazy maps: a chain as deep as the number of
    questions would recurse that deep for every trial), starting from the
    first question's share (0.0 + x is x). The sums so far are kept in a
    tree, one level a question, so answer sets that differ only in later
    questions (a portfolio has many) add up only those: the same additions
    in the same order, so the same floats. At most `KEPT` lists are kept;
    when full, the tree starts again.

    Each question's share over the trials (its difference times its column
    of factors) is kept too, with its negation, at most `SHARES` of them: a
    criteria file has few distinct (question, difference) steps, and each is
    met again and again in different trees. The products are the ones the
    sums would have made anyway, so the floats do not change.
    """

    KEPT = 128
    SHARES = 1024

    def __init__(self) -> None:
        self.root: dict[tuple[int, float], tuple[list[float], dict[Any, Any]]] = {}
        self.kept = 0
        self.shares: dict[tuple[int, float], tuple[list[float], list[float]]] = {}

    def share(
        self, columns: tuple[tuple[float, ...], ...], step: tuple[int, float]
    ) -> tuple[list[float], list[float]]:
        """Per trial, the difference of `step` times its question's factor; and the same
        negated."""
        found = self.shares.get(step)
        if found is None:
            if len(self.shares) >= self.SHARES:
                self.shares = {}
            position, difference = step
            share = list(map(operator.mul, itertools.repeat(difference), columns[position]))
            found = self.shares[step] = (share, list(map(operator.neg, share)))
        return found

    def lead(
        self, columns: tuple[tuple[float, ...], ...], differences: tuple[tuple[int, float], ...]
    ) -> list[float]:
        """Per trial, the sum of each (place, difference) times its factor, in order."""
        node: dict[tuple[int, float], tuple[list[float], dict[Any, Any]]] | None = self.root
        lead: list[float] = []
        for index, step in enumerate(differences):
            found = node.get(step) if node is not None else None
            if found is not None:
                lead, node = found
                continue
            share = self.share(columns, step)[0]
            lead = list(map(operator.add, lead, share)) if index else share
            if node is not None:
                if self.kept >= self.KEPT:  # full: start again, and keep no more of this one
                    self.root, self.kept, node = {}, 0, None
                else:
                    child: dict[Any, Any] = {}
                    node[step] = (lead, child)
                    self.kept += 1
                    node = child
        return lead


@functools.lru_cache(maxsize=2)
def _partial_sums(
    seed: int, draws: int, questions: int, shaken: tuple[float, float]
) -> _PartialSums:
    """The partial sums kept for the trials of a seed (see `_factor_columns`)."""
    return _PartialSums()


def _always_ahead(steps: tuple[tuple[int, float], ...], shaken: tuple[float, float]) -> bool:
    """Whether the lead stays positive for every choice of factors in the range.

    The lowest lead puts the smallest factor on every difference in the
    winner's favour and the largest on every one against it. A margin of
    1e-9 of the total keeps float rounding from deciding. (`steps` leave out
    the questions that do not separate the two: their zeros would change
    neither sum.)
    """
    low, high = shaken
    worst = sum([d * (low if d > 0 else high) for _, d in steps])
    return worst > 1e-9 * sum([abs(d) for _, d in steps])


@functools.lru_cache(maxsize=8)
def _factor_columns(
    seed: int, draws: int, questions: int, shaken: tuple[float, float]
) -> tuple[tuple[float, ...], ...]:
    """The random weight factors for a seed: one column per question, one entry per trial.

    Drawn trial by trial (all questions of trial 1, then trial 2, ...), so the
    trials are the same whatever the answers; cached across portfolio rows.
    """
    import random

    rng = random.Random(seed)
    low, high = shaken
    rows = [[rng.uniform(low, high) for _ in range(questions)] for _ in range(draws)]
    return tuple(tuple(row[q] for row in rows) for q in range(questions))
