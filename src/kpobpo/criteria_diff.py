"""What changed between two criteria files, and what the change does.

`diff_criteria` lists the models, questions, options, weights and scoring and
confidence thresholds added, removed or changed from file A to file B, and scores every
service in B's catalogue under both files: a service whose model or
confidence differs is reported with both results. A consultant who edits a
copy of the criteria learns what the edit did to the catalogue before anyone
relies on it. Scoring goes through the public `kpobpo.score.score` only.
"""

from __future__ import annotations

from typing import NamedTuple

from kpobpo.audit import known_answers
from kpobpo.model import Criteria, Question, Settings
from kpobpo.score import score


class Change(NamedTuple):
    """One difference between the files.

    `kind` is what changed (`model`, `question`, `option`, `scoring`,
    `confidence`),
    `change` how (`added`, `removed`, `changed`); a change names its `field`
    and the `old` and `new` values; `label` is B's label (A's when removed).
    """

    kind: str
    change: str
    question: str | None
    option: str | None
    label: str
    field: str | None = None
    old: object = None
    new: object = None


class Verdict(NamedTuple):
    """A service's result under one file."""

    recommendation: str
    confidence: str
    scores: dict[str, float]


class ServiceShift(NamedTuple):
    """A service of B whose verdict under B differs from the one under A.

    `before` is None when none of its answers can be scored under A.
    """

    name: str
    model: str
    answers: dict[str, str]
    before: Verdict | None
    after: Verdict


class CriteriaDiff(NamedTuple):
    """Everything `kpobpo criteria diff A B` reports."""

    old: Criteria
    new: Criteria
    changes: tuple[Change, ...]
    services: tuple[ServiceShift, ...]


def diff_criteria(old: Criteria, new: Criteria, settings: Settings | None = None) -> CriteriaDiff:
    """Compare criteria `old` (A) with `new` (B); `settings` are those of the scoring."""
    changes = [*_scoring_changes(old, new), *_model_changes(old, new)]
    old_questions = {q.id: q for q in old.questions}
    new_ids = {q.id for q in new.questions}
    for question in new.questions:
        before = old_questions.get(question.id)
        if before is None:
            changes.append(Change("question", "added", question.id, None, question.prompt))
        else:
            changes.extend(_question_changes(before, question))
    changes.extend(
        Change("question", "removed", q.id, None, q.prompt)
        for q in old.questions
        if q.id not in new_ids
    )
    return CriteriaDiff(old, new, tuple(changes), tuple(_service_shifts(old, new, settings)))


def _scoring_changes(old: Criteria, new: Criteria) -> list[Change]:
    """Thresholds of the `scoring` and `confidence` sections that changed."""
    return [
        Change(kind, "changed", None, None, field, f"{kind}.{field}", before, after)
        for kind, was, now in (
            ("scoring", old.scoring, new.scoring),
            ("confidence", old.confidence, new.confidence),
        )
        for field, before, after in zip(was._fields, was, now, strict=True)
        if before != after
    ]


def _model_changes(old: Criteria, new: Criteria) -> list[Change]:
    changes: list[Change] = []
    old_models = {m.id: m for m in old.models}
    new_ids = {m.id for m in new.models}
    for model in new.models:
        before = old_models.get(model.id)
        if before is None:
            changes.append(Change("model", "added", None, None, model.label))
            continue
        for field in ("label", "name", "billing_index"):
            if getattr(before, field) != getattr(model, field):
                changes.append(
                    Change(
                        "model",
                        "changed",
                        None,
                        None,
                        model.label,
                        f"{model.id}.{field}",
                        getattr(before, field),
                        getattr(model, field),
                    )
                )
    changes.extend(
        Change("model", "removed", None, None, m.label) for m in old.models if m.id not in new_ids
    )
    return changes


_QUESTION_FIELDS = ("prompt", "weight", "scored", "ordered", "changeable", "help")


def _question_changes(old: Question, new: Question) -> list[Change]:
    changes = [
        Change(
            "question",
            "changed",
            new.id,
            None,
            new.prompt,
            field,
            getattr(old, field),
            getattr(new, field),
        )
        for field in _QUESTION_FIELDS
        if getattr(old, field) != getattr(new, field)
    ]
    old_options = {o.id: o for o in old.options}
    new_ids = {o.id for o in new.options}
    for option in new.options:
        before = old_options.get(option.id)
        if before is None:
            changes.append(Change("option", "added", new.id, option.id, option.label))
            continue
        fields: dict[str, tuple[object, object]] = {"label": (before.label, option.label)}
        for model in sorted(set(before.points) | set(option.points)):
            fields[f"points.{model}"] = (before.points.get(model), option.points.get(model))
        changes.extend(
            Change("option", "changed", new.id, option.id, option.label, field, was, now)
            for field, (was, now) in fields.items()
            if was != now
        )
    changes.extend(
        Change("option", "removed", new.id, o.id, o.label)
        for o in old.options
        if o.id not in new_ids
    )
    if [o.id for o in old.options if o.id in new_ids] != [
        o.id for o in new.options if o.id in old_options
    ]:
        changes.append(
            Change(
                "question",
                "changed",
                new.id,
                None,
                new.prompt,
                "order",
                [o.id for o in old.options],
                [o.id for o in new.options],
            )
        )
    return changes


def _service_shifts(old: Criteria, new: Criteria, settings: Settings | None) -> list[ServiceShift]:
    shifts = []
    for service in new.services:
        after = _verdict(new, service.answers, settings)
        if after is None:  # a catalogue service with no scored answer (validate says so)
            continue
        before = _verdict(old, known_answers(old, service.answers), settings)
        if before is None or (before.recommendation, before.confidence) != (
            after.recommendation,
            after.confidence,
        ):
            shifts.append(ServiceShift(service.name, service.model, service.answers, before, after))
    return shifts


def _verdict(
    criteria: Criteria, answers: dict[str, str], settings: Settings | None
) -> Verdict | None:
    if not any(q.scored and q.id in answers for q in criteria.questions):
        return None
    result = score(criteria, answers, settings)
    return Verdict(result.recommendation, result.confidence.value, result.scores)
