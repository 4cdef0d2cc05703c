"""JSON output: the stable, documented shape scripts rely on.

The keys are a contract (see the README); tests check the exact key sets.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kpobpo.model import Assessment, Criteria
from kpobpo.render.text import DISGUISING
from kpobpo.weights import weight_shares

ASSESSMENT_KEYS = (
    "recommendation",
    "verdict",
    "confidence",
    "confidence_reasons",
    "borderline",
    "scores",
    "margin",
    "answered_share",
    "answers",
    "unanswered",
    "contributions",
    "risks",
    "billing_index",
    "advisories",
    "what_if",
    "weight_sensitivity",
    "robustness",
    "criteria",
)
#: Present only when --hours and --rate are both given.
OPTIONAL_KEYS = ("cost",)


def _round(value: float) -> float:
    return round(value, 2)


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain JSON-ready data, keys in `ASSESSMENT_KEYS` order."""
    criteria = assessment.criteria
    data: dict[str, Any] = {
        "recommendation": assessment.recommendation,
        "verdict": assessment.verdict.value,
        "confidence": assessment.confidence.value,
        "confidence_reasons": [
            {"id": reason.id, "facts": dict(reason.facts)}
            for reason in assessment.confidence_reasons
        ],
        "borderline": assessment.borderline,
        "scores": {m: _round(s) for m, s in assessment.scores.items()},
        "margin": _round(assessment.margin),
        "answered_share": _round(assessment.answered_share),
        "answers": dict(assessment.answers),
        "unanswered": list(assessment.unanswered),
        "contributions": [
            {
                "question": c.question,
                "answer": c.answer,
                "weight": c.weight,
                "points": {m: _round(p) for m, p in c.points.items()},
            }
            for c in assessment.contributions
        ],
        "risks": [
            {
                "id": note.risk.id,
                "model": note.risk.model,
                "applies_to": list(note.models or (note.risk.model,)),
                "title": note.risk.title,
                "description": note.risk.description,
                "mitigation": note.risk.mitigation,
                "elevated": note.elevated,
                "elevated_by": [
                    {"question": t.question, "answer": assessment.answers[t.question]}
                    for t in note.because
                ],
            }
            for note in assessment.risks
        ],
        "billing_index": {m.id: m.billing_index for m in criteria.models},
        "advisories": [
            {
                "id": advisory.id,
                "advice": advisory.advice,
                "because": [
                    {"question": q, "answer": a} for q, a in assessment.advisory_because(advisory)
                ],
            }
            for advisory in assessment.advisories
        ],
        "what_if": [
            {
                "question": w.question,
                "answer": w.answer,
                "recommendation": w.recommendation,
                "margin": _round(w.margin),
                "borderline": w.borderline,
            }
            for w in assessment.what_if
        ],
        "weight_sensitivity": [
            {"question": w.question, "factor": w.factor, "recommendation": w.recommendation}
            for w in assessment.weight_sensitivity
        ],
        "robustness": {
            "draws": assessment.robustness.draws,
            "seed": assessment.robustness.seed,
            "win_rate": assessment.robustness.win_rate,
        },
        "criteria": criteria_data(criteria),
    }
    if assessment.cost is not None:
        data["cost"] = {m: round(amount, 2) for m, amount in assessment.cost.items()}
    return data


def criteria_data(criteria: Criteria) -> dict[str, Any]:
    """Which criteria produced a result: version, the file's sha256, and the
    weight factors applied on top of it (`--weight`, `--weights`)."""
    return {
        "version": criteria.version,
        "sha256": criteria.sha256,
        "priorities": dict(criteria.priorities),
    }


def comparison_data(criteria: Criteria) -> dict[str, Any]:
    """The side-by-side comparison as JSON-ready data."""
    return {
        "models": [
            {
                "id": m.id,
                "label": m.label,
                "name": m.name,
                "summary": m.summary,
                "billing_index": m.billing_index,
            }
            for m in criteria.models
        ],
        "dimensions": [
            {"id": d.id, "label": d.label, "values": dict(d.values)} for d in criteria.dimensions
        ],
        "risks": [
            {"id": r.id, "model": r.model, "title": r.title, "mitigation": r.mitigation}
            for r in criteria.risks
        ],
        "weights": [
            {"question": q.id, "prompt": q.prompt, "weight": q.weight, "share": _round(share)}
            for q, share in weight_shares(criteria)
        ],
        "criteria": criteria_data(criteria),
    }


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """JSON with a final newline (one line when `indent` is None); non-ASCII kept readable.

    The one place kpobpo turns results into JSON, so every document is strict
    JSON that UTF-8 can carry and a terminal shows safely: a non-finite number
    is a bug and raises ValueError instead of writing `Infinity` or `NaN`;
    DEL and C1 control characters, which `json` leaves raw, are escaped like
    C0 ones, and so are bidirectional controls and invisible characters (the
    value stays the same); a lone surrogate, which no encoding
    can write, becomes U+FFFD.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"
    return text if text.isascii() else _UNSAFE.sub(_escape, text)


#: Characters `json.dumps(ensure_ascii=False)` leaves raw that must not be: DEL, C1,
#: surrogates, and the bidirectional controls and invisible characters `clean` removes.
_UNSAFE = re.compile(f"[\x7f-\x9f\ud800-\udfff{DISGUISING}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return "\ufffd" if "\ud800" <= char <= "\udfff" else f"\\u{ord(char):04x}"


def render_assessment(assessment: Assessment) -> str:
    """`assess --format json`."""
    return dumps(assessment_data(assessment))


def render_comparison(criteria: Criteria) -> str:
    """`compare --format json`."""
    return dumps(comparison_data(criteria))


def render_services(criteria: Criteria) -> str:
    """`services --format json`: a list of {id, name, model, answers}."""
    from kpobpo.catalogue import service_id

    return dumps(
        [
            {"id": service_id(s), "name": s.name, "model": s.model, "answers": dict(s.answers)}
            for s in criteria.services
        ]
    )
