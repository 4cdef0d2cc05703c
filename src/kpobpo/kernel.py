"""The scoring kernel: one weight x points table per criteria file, and every view of it.

A model's score is the sum, over the answered scored questions, of the
question's weight times the points its chosen option gives the model, as a
share of the most it could have earned on those questions (0..100). That
formula lives here and nowhere else: scores and contributions, what-if
changes, the weight factors at which the winner changes and the lead under
shaken weights are all read from the same table.

The table is built once per `Criteria` object, on first use (`kernel_of`),
so commands that never score do not pay for it. Questions and options are
looked up by id in dicts, so every view is linear in the number of questions
and options.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
import operator
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from kpobpo.model import Contribution, Criteria, WhatIf


class Standing(NamedTuple):
    """Scores (0..100), models from best to worst, margin, borderline."""

    scores: dict[str, float]
    ranking: tuple[str, ...]
    margin: float
    borderline: bool

    @property
    def winner(self) -> str:
        """The recommended model."""
        return self.ranking[0]


class Row(NamedTuple):
    """One answered scored question: its weight, and its option's points per model."""

    question: str
    option: str
    weight: float
    points: tuple[float, ...]
    #: The question's place among the scored questions (for per-question draws).
    position: int
    #: The weight times each of the points: this row's share of each model's numerator.
    weighted: tuple[float, ...]


#: For `Kernel.fragility`: the nearby other options of a given one, each as
#: 'question=option' with its weighted points.
_Nearby = tuple[tuple[str, tuple[float, ...]], ...]


#: For `Kernel.duels`: per other model, whether the winner wins ties with it,
#: and (question place, weighted point difference) for each question that separates them.
Duels = tuple[tuple[bool, tuple[tuple[int, float], ...]], ...]


class Kernel:
    """The weight x points table of a criteria file, with the views built on it."""

    def __init__(self, criteria: Criteria) -> None:
        self.models = tuple(m.id for m in criteria.models)
        self.order = {m: i for i, m in enumerate(self.models)}
        self.max_points = criteria.scoring.max_points
        self.borderline_margin = criteria.scoring.borderline_margin
        self.weights: dict[str, float] = {}
        self.points: dict[str, dict[str, tuple[float, ...]]] = {}
        for question in criteria.questions:
            if question.scored and question.id not in self.weights:
                self.weights[question.id] = question.weight
                self.points[question.id] = {
                    o.id: tuple(o.points[m] for m in self.models) for o in question.options
                }
        self.scored = tuple(self.weights)
        # Every answer's row, built once: a portfolio asks for rows for every result.
        self._rows = {
            question_id: {
                option_id: Row(
                    question_id,
                    option_id,
                    self.weights[question_id],
                    points,
                    position,
                    tuple(self.weights[question_id] * p for p in points),
                )
                for option_id, points in self.points[question_id].items()
            }
            for position, question_id in enumerate(self.scored)
        }
        self._nearby_options: dict[tuple[str, str, tuple[str, ...], float], _Nearby] = {}
        self._leans: dict[tuple[str, tuple[str, ...]], dict[str, float]] = {}
        self.total_weight = sum(self.weights.values())

    # -- the table for one set of answers --------------------------------------

    def rows(self, answers: Mapping[str, str]) -> list[Row]:
        """The answered scored questions, in file order.

        Raises ValueError for an option the question does not have (callers
        validate answers first, so this is a programming error).
        """
        rows: list[Row] = []
        for question_id, by_option in self._rows.items():
            chosen = answers.get(question_id)
            if chosen is None:
                continue
            row = by_option.get(chosen)
            if row is None:
                raise ValueError(f"{question_id}: unknown option {chosen!r}")
            rows.append(row)
        return rows

    def totals(
        self, rows: list[Row], factors: Mapping[str, float] | None = None
    ) -> tuple[list[float], float]:
        """Each model's weighted points, and the answered weight; `factors` scales weights.

        Without factors, each row adds its `weighted` points: the same products,
        made once per criteria file.
        """
        numerators = [0.0] * len(self.models)
        answered = 0.0
        if not factors:
            for row in rows:
                answered += row.weight
                numerators = list(map(operator.add, numerators, row.weighted))
            return numerators, answered
        for row in rows:
            weight = row.weight * factors.get(row.question, 1.0)
            answered += weight
            for index, points in enumerate(row.points):
                numerators[index] += weight * points
        return numerators, answered

    def standing_of(self, numerators: list[float], answered_weight: float) -> Standing:
        """Scores, ranking, margin and borderline from weighted points and answered weight."""
        scale = 100.0 / (self.max_points * answered_weight)
        scores = {
            m: min(100.0, max(0.0, n * scale)) for m, n in zip(self.models, numerators, strict=True)
        }
        ranking = self.rank(scores)
        margin = scores[ranking[0]] - scores[ranking[1]]
        return Standing(scores, ranking, margin, margin < self.borderline_margin)

    def rank(self, scores: Mapping[str, float]) -> tuple[str, ...]:
        """Model ids from the highest score to the lowest; ties go to the earlier model."""
        return tuple(sorted(scores, key=lambda m: (-scores[m], self.order[m])))

    def standing(
        self, answers: Mapping[str, str], factors: Mapping[str, float] | None = None
    ) -> Standing:
        """Where the models stand for `answers`; `factors` multiplies some weights.

        At least one scored question must be answered (callers check).
        """
        return self.standing_of(*self.totals(self.rows(answers), factors))

    # -- views -----------------------------------------------------------------

    def answered_share(self, rows: list[Row]) -> float:
        """The share of the total scored weight that was answered."""
        return sum(row.weight for row in rows) / self.total_weight

    def contributions(self, rows: list[Row]) -> tuple[Contribution, ...]:
        """What each answered question added to each model's score (0..100 scale)."""
        scale = 100.0 / (self.max_points * sum(row.weight for row in rows))
        return tuple(
            Contribution(
                row.question,
                row.option,
                row.weight,
                {m: row.weight * p * scale for m, p in zip(self.models, row.points, strict=True)},
            )
            for row in rows
        )

    def lead(self, numerators: list[float], answered_weight: float) -> tuple[str, float]:
        """The winner and the margin alone: what `standing_of` gives, without the rest.

        Many changes are looked at only to see whether they overturn the
        winner or make it borderline, so this skips building the scores.
        """
        scale = 100.0 / (self.max_points * answered_weight)
        scores = [min(100.0, max(0.0, n * scale)) for n in numerators]
        top, second = sorted(scores, reverse=True)[:2]
        # index() finds the first model with the top score: ties go to the earlier one.
        return self.models[scores.index(top)], top - second

    def changes(
        self, answers: Mapping[str, str], rows: list[Row]
    ) -> Iterator[tuple[str, str, list[float], float]]:
        """Every single changed answer to a scored question, with the totals it would give.

        Yields (question, option, weighted points per model, answered weight);
        `standing_of` or `lead` turns the totals into a result. Answering an
        open question counts as a change too. Each
        change takes one question's share out of the totals and puts another
        in, so the whole list costs one pass over the options, however many
        questions there are.
        """
        numerators, answered = self.totals(rows)
        for question_id in self.scored:
            weight = self.weights[question_id]
            chosen = answers.get(question_id)
            options = self.points[question_id]
            if chosen is None:
                rest, total = numerators, answered + weight
            else:
                old = options[chosen]
                rest = [n - weight * o for n, o in zip(numerators, old, strict=True)]
                total = answered
            for option_id, points in options.items():
                if option_id != chosen:
                    moved = [r + weight * p for r, p in zip(rest, points, strict=True)]
                    yield question_id, option_id, moved, total

    def fragility(
        self, rows: list[Row], base: Standing, nearby: float = 1.0
    ) -> tuple[list[str], list[str]]:
        """Changed answers ('question=option') that overturn the winner, and that make it
        borderline.

        Only answers that were given count, and of their other options only
        the nearby ones: those whose lean (points for the winner less points
        for the runner-up) differs from the given option's by at most
        `nearby` of the question's whole range of leans. The same sums as
        `changes`, with the answered weight (and so the scale) fixed, read
        for the winner and margin alone: the confidence model asks this of
        every result, so the weighted points come from the rows' table and
        only the top score and the winner's are looked at.
        """
        numerators, answered = self.totals(rows)
        scale = 100.0 / (self.max_points * answered)
        winner = self.order[base.winner]
        borderline_margin = self.borderline_margin
        flips: list[str] = []
        closer: list[str] = []
        pair = base.ranking[:2]
        for row in rows:
            rest = list(map(operator.sub, numerators, row.weighted))
            for change, weighted in self._nearby(row.question, row.option, pair, nearby):
                scores: list[float] = []
                for numerator in map(operator.add, rest, weighted):
                    score = numerator * scale
                    # min(100.0, max(0.0, score)) as in `standing_of`, without two calls
                    # and a comprehension per changed answer: the same float in each case.
                    scores.append(
                        score if 0.0 < score < 100.0 else 100.0 if score >= 100.0 else 0.0
                    )
                top = max(scores)
                # index() finds the first model with the top score: ties go to the
                # earlier one, as in `rank`.
                if scores.index(top) != winner:
                    flips.append(change)
                    continue
                # The winner is still first; the runner-up has the best of the other
                # scores, found by putting the winner's below every score (all >= 0).
                scores[winner] = -1.0
                if top - max(scores) < borderline_margin:
                    closer.append(change)
        return flips, closer

    def _nearby(
        self, question_id: str, option_id: str, pair: tuple[str, ...], nearby: float
    ) -> _Nearby:
        """The other options of a question near the given one, for `fragility`: each
        as 'question=option' with its weighted points. Worked out once per question,
        option, top two models and share (a portfolio asks again for every result)."""
        key = (question_id, option_id, pair, nearby)
        found = self._nearby_options.get(key)
        if found is None:
            options = self._rows[question_id]
            leans = self._pair_leans(question_id, pair)
            reach = nearby * (max(leans.values()) - min(leans.values())) + 1e-9
            found = tuple(
                (f"{question_id}={other}", row.weighted)
                for other, row in options.items()
                if other != option_id and abs(leans[other] - leans[option_id]) <= reach
            )
            self._nearby_options[key] = found
        return found

    def leans(self, question_id: str, base: Standing) -> Mapping[str, float]:
        """How far each option of a question favours `base`'s winner over its runner-up
        (points for the one less points for the other). Worked out once per question
        and top two models (the confidence model asks for every result); not to be
        changed by the caller."""
        return self._pair_leans(question_id, base.ranking[:2])

    def _pair_leans(self, question_id: str, pair: tuple[str, ...]) -> Mapping[str, float]:
        """Each option's points for the first of `pair` less those for the second, kept."""
        found = self._leans.get((question_id, pair))
        if found is None:
            first, second = (self.order[m] for m in pair)
            found = {o: p[first] - p[second] for o, p in self.points[question_id].items()}
            self._leans[question_id, pair] = found
        return found

    def what_if(
        self, answers: Mapping[str, str], rows: list[Row], base: Standing
    ) -> tuple[WhatIf, ...]:
        """The single changed answers that change the winner or the borderline state."""
        found: list[WhatIf] = []
        for question, option, numerators, total in self.changes(answers, rows):
            winner, margin = self.lead(numerators, total)
            if winner != base.winner or (margin < self.borderline_margin) != base.borderline:
                changed = self.standing_of(numerators, total)
                found.append(
                    WhatIf(question, option, changed.winner, changed.margin, changed.borderline)
                )
        return tuple(found)

    def crossings(
        self,
        rows: list[Row],
        question_id: str,
        winner: str,
        low: float,
        high: float,
        totals: list[float] | None = None,
    ) -> list[float]:
        """Weight factors of `question_id` (within low..high) at which a model ties the winner.

        Scores are linear in each weight's share of the numerators, so the tie
        is solved exactly. `totals`, the weighted points of all `rows` (from
        `totals`), saves summing them again: asked of every question, that
        keeps the whole search linear in the number of questions.
        """
        if totals is None:
            totals = self.totals(rows)[0]
        own = {row.question: row for row in rows}.get(question_id)
        moving = [own.weight * p for p in own.points] if own else [0.0] * len(self.models)
        fixed = [total - part for total, part in zip(totals, moving, strict=True)]
        lead = self.order[winner]
        crossings: list[float] = []
        for index in range(len(self.models)):
            if index == lead:
                continue
            slope = moving[lead] - moving[index]
            if slope == 0:
                continue
            factor = (fixed[index] - fixed[lead]) / slope
            if low <= factor <= high and factor > 0:
                crossings.append(factor)
        return crossings

    def duels(self, rows: list[Row], winner: str) -> Duels:
        """Per other model (in file order): whether the winner wins ties with it (it
        comes first in the file), and (question place, weighted lead of the winner)
        for each answered question that separates them."""
        lead = self.order[winner]
        found: list[tuple[bool, tuple[tuple[int, float], ...]]] = []
        for index in range(len(self.models)):
            if index == lead:
                continue
            steps: list[tuple[int, float]] = []
            for row in rows:
                difference = row.weight * (row.points[lead] - row.points[index])
                if difference:
                    steps.append((row.position, difference))
            found.append((lead < index, tuple(steps)))
        return tuple(found)


#: Kernels by criteria object; each entry keeps its criteria alive, so an id
#: is never reused while its entry is here.
_KERNELS: dict[int, tuple[Criteria, Kernel]] = {}


def kernel_of(criteria: Criteria) -> Kernel:
    """The kernel of `criteria`, built on first use and then reused."""
    hit = _KERNELS.get(id(criteria))
    if hit is not None and hit[0] is criteria:
        return hit[1]
    if len(_KERNELS) >= 16:
        _KERNELS.clear()
    kernel = Kernel(criteria)
    _KERNELS[id(criteria)] = (criteria, kernel)
    return kernel
