"""The quick paths of an assessment give exactly what plain computations give.

A portfolio assesses every distinct set of scored answers, so the kernel's
fragility, the robustness trials and the in-between test are written for
speed: tables built once per criteria file, partial sums shared between
answer sets, no sorting where only the top two matter. Here each is replaced
by a plain, obviously correct version of the same arithmetic, and every
combination of scored answers (blanks included) must come out identical:
same winner, scores, confidence, verdict, reasons with their facts, win
rates and fragility lists, float for float.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping

import pytest

from conftest import FIXTURES
from kpobpo import confidence, explain
from kpobpo.kernel import Kernel, Row, Standing, kernel_of
from kpobpo.load import load_criteria
from kpobpo.model import Criteria, Robustness, Settings
from kpobpo.score import NothingToScore, Scorer, _Core


def _plain_fragility(
    kernel: Kernel, rows: list[Row], base: Standing, nearby: float = 1.0
) -> tuple[list[str], list[str]]:
    """Re-score every nearby changed answer and rank the models in full."""
    numerators, answered = kernel.totals(rows)
    scale = 100.0 / (kernel.max_points * answered)
    first, second = (kernel.order[m] for m in base.ranking[:2])
    flips: list[str] = []
    closer: list[str] = []
    for row in rows:
        options = kernel.points[row.question]
        leans = {o: p[first] - p[second] for o, p in options.items()}
        reach = nearby * (max(leans.values()) - min(leans.values())) + 1e-9
        rest = [n - row.weight * o for n, o in zip(numerators, row.points, strict=True)]
        for other, points in options.items():
            if other == row.option or abs(leans[other] - leans[row.option]) > reach:
                continue
            scores = {
                m: min(100.0, max(0.0, (r + row.weight * p) * scale))
                for m, r, p in zip(kernel.models, rest, points, strict=True)
            }
            ranking = kernel.rank(scores)
            change = f"{row.question}={other}"
            if ranking[0] != base.winner:
                flips.append(change)
            elif scores[ranking[0]] - scores[ranking[1]] < kernel.borderline_margin:
                closer.append(change)
    return flips, closer


def _plain_robustness(
    kernel: Kernel,
    rows: list[Row],
    winner: str,
    draws: int,
    seed: int,
    shaken: tuple[float, float],
) -> Robustness:
    """Trial by trial: the winner's lead over each other model, summed question by
    question in file order (questions that do not separate them left out), must
    stay positive, or zero when the winner comes first in the file."""
    rng = random.Random(seed)
    low, high = shaken
    trials = [[rng.uniform(low, high) for _ in kernel.scored] for _ in range(draws)]
    ahead = kernel.order[winner]
    wins = 0
    for factors in trials:
        survives = True
        for other in range(len(kernel.models)):
            if other == ahead:
                continue
            lead: float | None = None
            for row in rows:
                difference = row.weight * (row.points[ahead] - row.points[other])
                if difference:
                    share = difference * factors[row.position]
                    lead = share if lead is None else lead + share
            lead = lead or 0.0
            survives = survives and (lead >= 0.0 if ahead < other else lead > 0.0)
        wins += survives
    return Robustness(draws, seed, wins / draws if draws else 1.0)


def _plain_in_between(
    criteria: Criteria, kernel: Kernel, answers: Mapping[str, str], base: Standing
) -> tuple[list[str], list[str]]:
    """Each defining answer's lean between the top two, worked out afresh."""
    rules = criteria.confidence
    first, second = (kernel.order[m] for m in base.ranking[:2])
    middle: list[str] = []
    toward: dict[bool, list[str]] = {}
    for question_id in rules.defining:
        chosen = answers.get(question_id)
        if chosen is None or question_id not in kernel.points:
            continue
        leans = {o: p[first] - p[second] for o, p in kernel.points[question_id].items()}
        strongest = max(abs(lean) for lean in leans.values())
        lean = leans[chosen]
        if abs(lean) < rules.middle_share * strongest or lean == 0:
            middle.append(question_id)
        else:
            toward.setdefault(lean > 0, []).append(question_id)
    if len(toward) > 1:
        return middle, [q for q in rules.defining if q in toward[True] or q in toward[False]]
    return (middle if not toward else []), []


def _every_scored_answer_set(criteria: Criteria) -> list[tuple[str | None, ...]]:
    """Every combination of the scored questions' options and blanks."""
    kernel = kernel_of(criteria)
    return list(itertools.product(*([*kernel.points[q], None] for q in kernel.scored)))


def _cores(criteria: Criteria, settings: Settings) -> list[_Core | None]:
    """A fresh scorer's core for every scored answer set (None: nothing to score)."""
    explain._count_wins.cache_clear()
    explain._partial_sums.cache_clear()
    scorer = Scorer(criteria, settings)
    cores: list[_Core | None] = []
    for scored in _every_scored_answer_set(criteria):
        try:
            cores.append(scorer.core(scored))
        except NothingToScore:
            cores.append(None)
    return cores


@pytest.mark.parametrize("name", ["criteria.yaml", "three_models.yaml", "confidence.yaml"])
def test_every_answer_set_is_assessed_as_plain_computations_assess_it(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    criteria = load_criteria(FIXTURES / name)
    # Few draws keep the plain trials quick; the partial sums are still shared.
    settings = Settings(draws=120, seed=3)
    quick = _cores(criteria, settings)

    monkeypatch.setattr(Kernel, "fragility", _plain_fragility)
    monkeypatch.setattr(explain, "robustness", _plain_robustness)
    monkeypatch.setattr(confidence, "in_between", _plain_in_between)
    plain = _cores(criteria, settings)

    assert quick == plain
    assessed = [core for core in quick if core is not None]
    # Not a vacuous comparison: the verdicts differ, and some trials were really counted.
    assert len({core.verdict for core in assessed}) > 1
    assert any(0 < core.robustness.win_rate < 1 for core in assessed)


def test_the_shipped_settings_assess_a_sample_as_plain_computations_do(
    criteria: Criteria, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the default 1,000 draws, on a seeded sample of answer sets in no order."""
    sets = _every_scored_answer_set(criteria)
    sample = random.Random(11).sample(sets, 300)
    settings = Settings()._replace(explain=False)

    def cores() -> list[_Core | None]:
        explain._count_wins.cache_clear()
        explain._partial_sums.cache_clear()
        scorer = Scorer(criteria, settings)
        return [scorer.core(s) if any(s) else None for s in sample]

    quick = cores()
    monkeypatch.setattr(Kernel, "fragility", _plain_fragility)
    monkeypatch.setattr(explain, "robustness", _plain_robustness)
    monkeypatch.setattr(confidence, "in_between", _plain_in_between)
    assert quick == cores()
    assessed = [core for core in quick if core is not None]
    assert {core.verdict.value for core in assessed} == {"clear", "leans", "too_close"}
    assert any(0 < core.robustness.win_rate < 1 for core in assessed)
    reasons = {r.id for core in assessed for r in core.reasons}
    assert {"fragile_answers", "in_between", "fragile_weights"} <= reasons


def test_kept_sums_and_shares_running_out_change_no_win_rate(
    criteria: Criteria, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for only two partial sums and two shares, both start again
    over and over, and every result is still what the plain trials give."""
    settings = Settings(draws=60, seed=8)._replace(explain=False)
    monkeypatch.setattr(explain._PartialSums, "KEPT", 2)
    monkeypatch.setattr(explain._PartialSums, "SHARES", 2)
    quick = _cores(criteria, settings)
    monkeypatch.setattr(explain, "robustness", _plain_robustness)
    assert quick == _cores(criteria, settings)
    assert any(core and 0 < core.robustness.win_rate < 1 for core in quick)
    explain._count_wins.cache_clear()
    explain._partial_sums.cache_clear()
