"""The confidence model: how sure a result is, why, and how it should be headed.

Confidence starts from the margin: at or above `scoring.high_margin` it is
high, under it medium, and under `scoring.borderline_margin` low. Then, with
every threshold taken from the criteria's `confidence` section:

- it is low when less than `min_answered_share` of the weight was answered,
  or the winner survives fewer than `fragile_win_rate` of the trials with
  shaken weights;
- it loses a step for each of: a scored question left open; a win rate
  under `robust_win_rate`; more than `max_flips` single changed answers that
  overturn the winner, or more than `max_fragile_answers` that overturn it
  or make it borderline (counting only nearby answers, within
  `nearby_share` of their question's range: the ones a user could as well
  have given);
- it is at most medium when the defining questions (`defining`) all sit
  in their middle options, or point to different models: the answers then
  describe work between the two models, whatever the margin says.

The verdict follows: `too_close` when the margin is borderline or the
winner fails `fragile_win_rate`; `clear` when confidence is high; `leans`
otherwise. Every rule that applied is returned as a `ConfidenceReason` with
its facts, so the renderers only word them.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
from collections.abc import Mapping
from typing import NamedTuple

from kpobpo.kernel import Kernel, Row, Standing
from kpobpo.model import (
    IN_BETWEEN,
    Confidence,
    ConfidenceReason,
    Criteria,
    Verdict,
)

_LEVELS = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)


class Judgement(NamedTuple):
    """The confidence, the verdict, and the reasons for both."""

    confidence: Confidence
    verdict: Verdict
    reasons: tuple[ConfidenceReason, ...]


def judge(
    criteria: Criteria,
    kernel: Kernel,
    answers: Mapping[str, str],
    rows: list[Row],
    base: Standing,
    win_rate: float,
    draws: int,
) -> Judgement:
    """Apply the confidence model to one scored result (see the module's docstring)."""
    rules = criteria.confidence
    scoring = criteria.scoring
    reasons: list[ConfidenceReason] = []
    margin = round(base.margin, 2)
    if base.borderline:
        facts: dict[str, object] = {"borderline_margin": scoring.borderline_margin}
        reasons.append(ConfidenceReason("borderline", {"margin": margin, **facts}))
    else:
        facts = {"margin": margin, "high_margin": scoring.high_margin}
        clear = base.margin >= scoring.high_margin
        reasons.append(ConfidenceReason("clear_margin" if clear else "narrow_margin", facts))
    level = 2 if base.margin >= scoring.high_margin else 1
    low = base.borderline

    share = kernel.answered_share(rows)
    if share < rules.min_answered_share:
        low = True
        reasons.append(
            ConfidenceReason(
                "little_answered",
                {"answered_share": round(share, 2), "min_answered_share": rules.min_answered_share},
            )
        )
    open_questions = [q for q in kernel.scored if q not in answers]
    if open_questions:
        level -= 1
        reasons.append(ConfidenceReason("unanswered", {"questions": open_questions}))

    shaken: dict[str, object] = {
        "win_rate": win_rate,
        "draws": draws,
        "low": rules.shaken_weights[0],
        "high": rules.shaken_weights[1],
    }
    fragile_weights = win_rate < rules.fragile_win_rate
    if fragile_weights:
        low = True
        reasons.append(
            ConfidenceReason(
                "fragile_weights", {**shaken, "fragile_win_rate": rules.fragile_win_rate}
            )
        )
    elif win_rate < rules.robust_win_rate:
        level -= 1
        reasons.append(
            ConfidenceReason("shaky_weights", {**shaken, "robust_win_rate": rules.robust_win_rate})
        )

    flips, closer = (
        ([], []) if base.borderline else kernel.fragility(rows, base, rules.nearby_share)
    )
    if not base.borderline and (
        len(flips) > rules.max_flips or len(flips) + len(closer) > rules.max_fragile_answers
    ):
        level -= 1
        reasons.append(
            ConfidenceReason(
                "fragile_answers",
                {
                    "flips": flips,
                    "borderline": closer,
                    "max_flips": rules.max_flips,
                    "max_fragile_answers": rules.max_fragile_answers,
                },
            )
        )
    elif len(reasons) == 1 and not low:
        reasons.append(ConfidenceReason("steady", shaken))

    middle, split = in_between(criteria, kernel, answers, base)
    if middle or split:
        level = min(level, 1)
        reasons.append(ConfidenceReason(IN_BETWEEN, {"middle": middle, "split": split}))

    confidence = Confidence.LOW if low else _LEVELS[max(level, 0)]
    if base.borderline or fragile_weights:
        verdict = Verdict.TOO_CLOSE
    elif confidence is Confidence.HIGH:
        verdict = Verdict.CLEAR
    else:
        verdict = Verdict.LEANS
    return Judgement(confidence, verdict, tuple(reasons))


def in_between(
    criteria: Criteria, kernel: Kernel, answers: Mapping[str, str], base: Standing
) -> tuple[list[str], list[str]]:
    """Whether the defining answers place the work between the models.

    Returns (middle, split): the defining questions answered with a middle
    option when none of the answered ones leans clearly either way, and the
    defining questions that lean clearly to different models. Both empty
    means the defining answers agree (or were not given).

    Leans are measured between the winner and the runner-up: an answer is in
    the middle when it favours either by less than `middle_share` of the
    strongest lean any option of its question has.
    """
    rules = criteria.confidence
    middle: list[str] = []
    toward: dict[bool, list[str]] = {}
    for question_id in rules.defining:
        chosen = answers.get(question_id)
        if chosen is None or question_id not in kernel.points:
            continue
        leans = kernel.leans(question_id, base)
        strongest = max(map(abs, leans.values()))
        lean = leans[chosen]
        if abs(lean) < rules.middle_share * strongest or lean == 0:
            middle.append(question_id)
        else:
            toward.setdefault(lean > 0, []).append(question_id)
    if len(toward) > 1:
        return middle, [q for q in rules.defining if q in toward[True] or q in toward[False]]
    return (middle if not toward else []), []
