"""JSON output: the stable, documented shape scripts rely on.

The keys are a contract, declared once here with their meanings: tests check
the exact key sets, and docs/json.md is generated from these declarations.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
import json
import re
from typing import Any, NamedTuple

from kpobpo.model import Assessment, Criteria
from kpobpo.render.text import DISGUISING
from kpobpo.weights import weight_shares


class Key(NamedTuple):
    """One key of a JSON document: the contract scripts rely on, and the
    source of the JSON reference page (docs/json.md is generated from it)."""

    name: str
    type: str
    meaning: str
    #: Present only in some results (`cost`: only with --hours and --rate).
    optional: bool = False


#: `assess --format json`: exactly these keys, in this order.
ASSESSMENT_CONTRACT = (
    Key(
        "name",
        "string or null",
        "the process's name, from `--name` (or a saved file); null when not given",
    ),
    Key("recommendation", "string", "id of the recommended (leading) model"),
    Key(
        "verdict",
        "string",
        "`clear` (confidence high), `leans`, or `too_close` (borderline margin, or the winner "
        "survives too few shaken-weight trials): a `too_close` result is a lean, not a "
        "recommendation",
    ),
    Key("confidence", "string", "`high`, `medium` or `low`"),
    Key(
        "confidence_reasons",
        "list",
        "`id`, `facts` (object): each rule of the confidence model that applied; ids: "
        "`borderline`, `clear_margin`, `narrow_margin`, `little_answered`, `unanswered`, "
        "`fragile_weights`, `shaky_weights`, `fragile_answers`, `steady`, `in_between`",
    ),
    Key("borderline", "boolean", "the margin is under the criteria's borderline margin"),
    Key("scores", "object", "model id -> score, 0 to 100 (two decimals)"),
    Key("margin", "number", "best score minus second best"),
    Key("answered_share", "number", "share of the total weight that was answered, 0 to 1"),
    Key("answers", "object", "question id -> option id, for answered questions"),
    Key("unanswered", "list", "question ids left unanswered (not sure)"),
    Key(
        "contributions",
        "list",
        "per answered scored question: `question`, `answer`, `weight`, `points` "
        "(model id -> points added to that model's score)",
    ),
    Key(
        "risks",
        "list",
        "`id`, `model` (the model it is filed under), `applies_to` (model ids it applies to "
        "here: every model when an answer raised it whatever the model), `title`, "
        "`description`, `mitigation`, `elevated`, `elevated_by` (list of `question`, `answer`)",
    ),
    Key("billing_index", "object", "model id -> relative billing rate"),
    Key("advisories", "list", "`id`, `advice`, `because` (list of `question`, `answer`)"),
    Key(
        "what_if",
        "list",
        "`question`, `answer`, `recommendation`, `margin`, `borderline`: the result if that "
        "one answer changed",
    ),
    Key(
        "weight_sensitivity",
        "list",
        "`question`, `factor` (or null), `recommendation` (or null): the weight factor "
        "nearest 1 at which another model would win",
    ),
    Key("robustness", "object", "`draws`, `seed`, `win_rate` (0 to 1)"),
    Key(
        "criteria",
        "object",
        "`version` and `sha256` of the criteria file used, and `priorities`: question id -> "
        "weight factor applied with `--weight`/`--weights` (`{}` when none; the `weight` of "
        "each contribution already includes it)",
    ),
    Key(
        "cost",
        "object",
        "model id -> yearly cost; only when `--hours` and `--rate` are given",
        optional=True,
    ),
)
ASSESSMENT_KEYS = tuple(key.name for key in ASSESSMENT_CONTRACT if not key.optional)
#: Present only when --hours and --rate are both given.
OPTIONAL_KEYS = tuple(key.name for key in ASSESSMENT_CONTRACT if key.optional)

#: `compare --format json`.
COMPARISON_CONTRACT = (
    Key("models", "list", "`id`, `label`, `name`, `summary`, `billing_index`"),
    Key("dimensions", "list", "`id`, `label`, `values` (model id -> text)"),
    Key("risks", "list", "`id`, `model`, `title`, `mitigation`"),
    Key(
        "weights",
        "list",
        "per scored question: `question`, `prompt`, `weight`, `share` (of the total weight, "
        "in percent)",
    ),
    Key("criteria", "object", "`version`, `sha256`, `priorities`, as for `assess`"),
)


def _round(value: float) -> float:
    return round(value, 2)


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The assessment as plain JSON-ready data, keys in `ASSESSMENT_KEYS` order."""
    criteria = assessment.criteria
    data: dict[str, Any] = {
        "name": assessment.name,
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
