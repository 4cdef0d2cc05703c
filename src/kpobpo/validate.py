"""Check a parsed criteria document and build the model from it.

The structural checks (keys, kinds, ranges, defaults) are derived from the
declaration in `kpobpo.schema`; each section's method adds by hand what a
schema cannot say: references to models, questions and options, duplicate
ids and names, and rules that tie two fields together. Every problem is
collected, none stops the walk, so a file's problems are reported at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kpobpo.errors import Problem
from kpobpo.limits import shown
from kpobpo.model import (
    Advisory,
    ConfidenceRules,
    Criteria,
    Dimension,
    Model,
    Option,
    Question,
    Risk,
    Scoring,
    Service,
    Trigger,
)
from kpobpo.schema import (
    ADVISORY,
    COLOUR_PATTERN,
    CONFIDENCE,
    CRITERIA,
    OPTION,
    QUESTION,
    RESULT_STATES,
    RISK,
    SCORING,
    Field,
    Section,
)

if TYPE_CHECKING:
    from kpobpo.yamlio import Located


def read_criteria(
    root: Located | None, source: str, content: bytes
) -> tuple[Criteria | None, list[Problem]]:
    """The criteria in the document `root` read from `source`, and every problem found.

    The criteria are None when the document is too broken to build them.
    """
    reader = _Reader(source)
    criteria = reader.criteria(root, content)
    return criteria, reader.problems


class _Reader:
    """Walks the located document, building the model and collecting problems.

    The structural checks (keys, kinds, ranges) come from `kpobpo.schema`;
    each section's method adds what the schema cannot say: references to
    models, questions and options, duplicates, and rules between fields.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    # -- structure, from the schema -----------------------------------------------

    def problem(self, at: Located | None, path: str, message: str) -> None:
        line = at.line if at else None
        column = at.column if at else None
        self.problems.append(Problem(self.source, line, column, path, message))

    def mapping(
        self,
        node: Located | None,
        path: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Located] | None:
        """The keys of the mapping at `path`, unknown and missing ones reported."""
        if node is None:  # a missing key: its parent has already said so, with a place
            return None
        if not isinstance(node.value, dict):
            keys = ", ".join(required or optional)
            self.problem(node, path, f"must be a mapping with the keys {keys}")
            return None
        fields: dict[str, Located] = node.value
        allowed = set(required) | set(optional)
        for key in fields:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem(
                    node.key_at(key), _join(path, key), f"unknown key; expected one of: {known}"
                )
        for key in required:
            if key not in fields:
                self.problem(node, _join(path, key), "is missing")
        return fields

    def section(
        self, node: Located | None, path: str, section: Section
    ) -> dict[str, Located] | None:
        """The keys of a mapping the schema declares as `section`."""
        return self.mapping(node, path, section.required, section.optional)

    def read(self, section: Section, fields: dict[str, Located], path: str) -> dict[str, Any]:
        """Every scalar field of `section`, checked by its declared kind.

        An absent or wrong field reads as its kind's empty value: "" for texts
        and ids, 0 for numbers, the declared default for flags, None for whole
        numbers and pairs (whose defaults the caller knows). Lists and nested
        mappings are left to the section's own method.
        """
        values: dict[str, Any] = {}
        for field in section.fields:
            if field.kind not in _NESTED:
                values[field.name] = self.scalar(field, fields, path)
        return values

    def scalar(self, field: Field, fields: dict[str, Located], path: str) -> Any:
        kind = field.kind
        if kind == "text":
            return self.text(fields, field.name, path)
        if kind == "id":
            return self.ident(fields, field.name, path)
        if kind == "flag":
            return self.flag(fields, field.name, path, default=field.default == "true")
        if kind == "colour":
            return self.colour(fields, field.name, path)
        node = fields.get(field.name)
        where = _join(path, field.name)
        if kind == "version":
            return self.version(node, where)
        if kind == "number":
            return self.number(node, where, field.low, field.high, low_inclusive=not field.above)
        if kind == "whole":
            return self.whole(node, where, field)
        return self.pair(node, where, field)

    def sequence(
        self, node: Located | None, path: str, what: str, min_items: int = 1
    ) -> list[Located]:
        if node is None:  # a missing key: its parent has already said so, with a place
            return []
        if not isinstance(node.value, list):
            self.problem(node, path, f"must be a list of {what}")
            return []
        if not node.value and min_items:
            self.problem(node, path, f"must list at least one of {what}")
        items: list[Located] = node.value
        return items

    def text(self, fields: dict[str, Located], key: str, path: str) -> str:
        node = fields.get(key)
        if node is None:
            return ""
        if isinstance(node.value, bool):
            self.problem(node, _join(path, key), "reads as true/false; quote it to use it as text")
            return ""
        if not isinstance(node.value, str) or not node.value.strip():
            self.problem(node, _join(path, key), "must be a non-empty text")
            return ""
        return node.value.strip()

    def colour(self, fields: dict[str, Located], key: str, path: str) -> str:
        """An optional colour: "#rrggbb" or "#rgb", so it is safe in any page."""
        node = fields.get(key)
        if node is None:
            return ""
        value = node.value
        if isinstance(value, str) and _COLOUR.fullmatch(value.strip()):
            return value.strip().lower()
        hint = (
            " in quotes (unquoted, '#' starts a YAML comment)"
            if value is None
            else f", not {shown(value)}"
        )
        self.problem(
            node, _join(path, key), f'must be a colour written "#rrggbb" (like "#1f6feb"){hint}'
        )
        return ""

    def ident(self, fields: dict[str, Located], key: str, path: str) -> str:
        node = fields.get(key)
        if node is None:
            return ""
        value = node.value
        if isinstance(value, bool):
            self.problem(node, _join(path, key), "reads as true/false; quote it to use it as an id")
            return ""
        if not isinstance(value, str) or not _is_ident(value):
            self.problem(
                node,
                _join(path, key),
                "must be an id: letters, digits, '_' or '-', starting with a letter",
            )
            return ""
        return value

    def flag(self, fields: dict[str, Located], key: str, path: str, *, default: bool) -> bool:
        """A true/false field; `default` when it is absent or wrong (wrong is reported)."""
        node = fields.get(key)
        if node is None:
            return default
        if not isinstance(node.value, bool):
            self.problem(node, _join(path, key), "must be true or false")
            return default
        return node.value

    def version(self, node: Located | None, path: str) -> str:
        """A version: a text, or a number YAML read from an unquoted one (1.0)."""
        if node is None:
            return ""
        value = node.value
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        self.problem(node, path, 'must be a text such as "1.0"')
        return ""

    def number(
        self,
        node: Located | None,
        path: str,
        low: float,
        high: float,
        *,
        low_inclusive: bool = True,
    ) -> float:
        if node is None:
            return 0.0
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            from kpobpo.yamlio import number_hint

            hint = number_hint(value)
            self.problem(node, path, f"must be a number; {hint}" if hint else "must be a number")
            return 0.0
        try:
            number = float(value)
        except OverflowError:  # a whole number of hundreds of digits
            number = math.inf
        too_low = number < low if low_inclusive else number <= low
        if not math.isfinite(number) or too_low or number > high:
            bound = ">=" if low_inclusive else ">"
            self.problem(node, path, f"must be {bound} {low:g} and <= {high:g}, not {shown(value)}")
            return 0.0
        return number

    def whole(self, node: Located | None, path: str, field: Field) -> int | None:
        """A whole number within the field's bounds; None when absent or wrong."""
        if node is None:
            return None
        value = node.value
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not field.low <= value <= field.high
        ):
            self.problem(node, path, f"must be a whole number from {field.low:g} to {field.high:g}")
            return None
        return value

    def pair(self, node: Located | None, path: str, field: Field) -> tuple[float, float] | None:
        """Factors [low, high]: low in (0, 1], high in [1, field.high]; None if absent or wrong."""
        if node is None:
            return None
        if not isinstance(node.value, list) or len(node.value) != 2:
            self.problem(node, path, "must be a list of two factors [low, high]")
            return None
        low = self.number(node.value[0], f"{path}[0]", 0, 1, low_inclusive=False)
        high = self.number(node.value[1], f"{path}[1]", 1, field.high)
        if not low or not high or low >= high:
            if low and high:
                self.problem(node, path, "low must be below high")
            return None
        return low, high

    def entries(
        self, node: Located | None, path: str, field: Field
    ) -> Iterator[tuple[str, dict[str, Located], dict[str, Any], Located]]:
        """Each well-formed mapping in the list `field` declares, as (path, fields, values, item).

        `values` holds the item's scalar fields (`read`). Items that are not
        mappings are reported and skipped; duplicate ids are reported once the
        list has been read.
        """
        section = field.item
        assert isinstance(section, Section)
        ids: list[tuple[str, Located]] = []
        items = self.sequence(node, path, field.noun or field.name, field.min_items)
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            fields = self.section(item, item_path, section)
            if fields is None:
                continue
            values = self.read(section, fields, item_path)
            if "id" in values:
                ids.append((values["id"], fields.get("id", item)))
            yield item_path, fields, values, item
        self.unique(ids, path, section.name)

    def unique(self, items: list[tuple[str, Located]], path: str, what: str) -> None:
        seen: dict[str, int] = {}
        for index, (ident, node) in enumerate(items):
            if not ident:
                continue
            if ident in seen:
                self.problem(
                    node,
                    f"{path}[{index}].id",
                    f"duplicate {what} id {ident!r} (first at {path}[{seen[ident]}])",
                )
            else:
                seen[ident] = index

    # -- cross-references and rules, by hand --------------------------------------

    def model_ref(
        self, model_id: str, fields: dict[str, Located], path: str, model_ids: list[str]
    ) -> str:
        """A `model` field's id, which must name one of the models."""
        if model_id and model_id not in model_ids:
            self.problem(
                fields["model"],
                f"{path}.model",
                f"unknown model {model_id!r}; known: {', '.join(model_ids)}",
            )
        return model_id

    # -- the document --------------------------------------------------------

    def criteria(self, doc: Located | None, content: bytes) -> Criteria | None:
        if doc is None:
            self.problem(None, "", "the file is empty")
            return None
        top = self.section(doc, "", CRITERIA)
        if top is None:
            return None
        values = self.read(CRITERIA, top, "")
        field = CRITERIA.field
        scoring = self.scoring(top.get("scoring"))
        models = self.models(top.get("models"), field("models"))
        model_ids = [m.id for m in models if m.id]
        max_points = scoring.max_points if scoring else 10.0
        questions = self.questions(top.get("questions"), field("questions"), model_ids, max_points)
        risks = self.risks(top.get("risks"), field("risks"), model_ids, questions)
        dimensions = self.dimensions(top.get("dimensions"), field("dimensions"), model_ids)
        advisories = self.advisories(top.get("advisories"), field("advisories"), questions)
        services = self.services(top.get("services"), field("services"), model_ids, questions)
        confidence = self.confidence_rules(top.get("confidence"), questions)
        if scoring is None:
            return None
        if len(model_ids) < 2 and "models" in top:
            self.problem(top["models"], "models", "must list at least two models to compare")
        if not any(q.scored for q in questions) and "questions" in top:
            self.problem(top["questions"], "questions", "needs at least one scored question")
        return Criteria(
            source=self.source,
            content=content,
            version=values["version"],
            title=values["title"] or field("title").default,
            scoring=scoring,
            models=tuple(models),
            questions=tuple(questions),
            risks=tuple(risks),
            dimensions=tuple(dimensions),
            advisories=tuple(advisories),
            services=tuple(services),
            confidence=confidence,
        )

    def scoring(self, node: Located | None) -> Scoring | None:
        fields = self.section(node, "scoring", SCORING)
        if fields is None:
            return None
        values = self.read(SCORING, fields, "scoring")
        borderline, high = values["borderline_margin"], values["high_margin"]
        if "high_margin" in fields and "borderline_margin" in fields and high < borderline:
            self.problem(
                fields["high_margin"],
                "scoring.high_margin",
                f"must not be below scoring.borderline_margin ({borderline:g})",
            )
        return Scoring(
            max_points=values["max_points"] or 10.0, borderline_margin=borderline, high_margin=high
        )

    def models(self, node: Located | None, field: Field) -> list[Model]:
        return [
            Model(
                id=values["id"],
                label=values["label"],
                name=values["name"],
                summary=values["summary"],
                billing_index=values["billing_index"],
                colour=values["colour"],
            )
            for _path, _fields, values, _item in self.entries(node, "models", field)
        ]

    def questions(
        self, node: Located | None, field: Field, model_ids: list[str], max_points: float
    ) -> list[Question]:
        questions: list[Question] = []
        for path, fields, values, item in self.entries(node, "questions", field):
            scored, ordered = values["scored"], values["ordered"]
            if ordered and not scored:
                self.problem(
                    fields["ordered"], f"{path}.ordered", "an unscored question has no order"
                )
            if scored and "weight" not in fields:
                self.problem(item, f"{path}.weight", "is missing (or set scored: false)")
            elif not scored and "weight" in fields:
                self.problem(
                    fields["weight"], f"{path}.weight", "an unscored question has no weight"
                )
            options = self.options(fields.get("options"), path, scored, model_ids, max_points)
            questions.append(
                Question(
                    id=values["id"],
                    prompt=values["prompt"],
                    help=values["help"],
                    weight=values["weight"] if scored else 0.0,
                    scored=scored,
                    options=tuple(options),
                    ordered=ordered,
                    changeable=values["changeable"],
                )
            )
        return questions

    def options(
        self,
        node: Located | None,
        question_path: str,
        scored: bool,
        model_ids: list[str],
        max_points: float,
    ) -> list[Option]:
        options: list[Option] = []
        field = QUESTION.field("options")
        for path, fields, values, item in self.entries(node, f"{question_path}.options", field):
            points: dict[str, float] = {}
            if scored:
                points = self.points(
                    fields.get("points"), item, f"{path}.points", model_ids, max_points
                )
            elif "points" in fields:
                self.problem(
                    fields["points"], f"{path}.points", "an unscored question gives no points"
                )
            options.append(Option(id=values["id"], label=values["label"], points=points))
        return options

    def points(
        self,
        node: Located | None,
        owner: Located,
        path: str,
        model_ids: list[str],
        max_points: float,
    ) -> dict[str, float]:
        """An option's points per model, each from 0 to scoring.max_points."""
        if node is None:
            self.problem(owner, path, "is missing: give points for " + ", ".join(model_ids))
            return {}
        fields = self.mapping(node, path, tuple(model_ids))
        if fields is None:
            return {}
        low = OPTION.field("points").low
        return {
            model_id: self.number(fields[model_id], f"{path}.{model_id}", low, max_points)
            for model_id in model_ids
            if model_id in fields
        }

    def risks(
        self, node: Located | None, field: Field, model_ids: list[str], questions: list[Question]
    ) -> list[Risk]:
        risks: list[Risk] = []
        by_id = _first_by_id(questions)
        for path, fields, values, _item in self.entries(node, "risks", field):
            triggers: list[Trigger] = []
            if "elevated_by" in fields:
                triggers = self.triggers(
                    fields["elevated_by"], f"{path}.elevated_by", by_id, RISK.field("elevated_by")
                )
            risks.append(
                Risk(
                    id=values["id"],
                    model=self.model_ref(values["model"], fields, path, model_ids),
                    title=values["title"],
                    description=values["description"],
                    mitigation=values["mitigation"],
                    elevated_by=tuple(triggers),
                )
            )
        return risks

    def triggers(
        self, node: Located, path: str, questions: dict[str, Question], field: Field
    ) -> list[Trigger]:
        """Conditions on answers (`field` declares which keys they have)."""
        section = field.item
        assert isinstance(section, Section)
        triggers: list[Trigger] = []
        for index, item in enumerate(self.sequence(node, path, field.noun)):
            trigger_path = f"{path}[{index}]"
            fields = self.section(item, trigger_path, section)
            if fields is None:
                continue
            values = self.read(section, fields, trigger_path)
            question_id = values["question"]
            question = questions.get(question_id)
            if question_id and question is None:
                self.problem(
                    fields["question"],
                    f"{trigger_path}.question",
                    f"unknown question {question_id!r}; known: {', '.join(questions)}",
                )
            options: list[str] = []
            for opt_index, opt in enumerate(
                self.sequence(fields.get("options"), f"{trigger_path}.options", "option ids")
            ):
                opt_path = f"{trigger_path}.options[{opt_index}]"
                if not isinstance(opt.value, str):
                    self.problem(opt, opt_path, "must be an option id")
                    continue
                if question is not None and question.option(opt.value) is None:
                    known = ", ".join(o.id for o in question.options)
                    self.problem(
                        opt, opt_path, f"{question.id} has no option {opt.value!r}; known: {known}"
                    )
                    continue
                options.append(opt.value)
            whatever_model = values.get("whatever_model", False)
            triggers.append(Trigger(question_id, tuple(options), whatever_model))
        return triggers

    def advisories(
        self, node: Located | None, field: Field, questions: list[Question]
    ) -> list[Advisory]:
        advisories: list[Advisory] = []
        if node is None:
            return advisories
        by_id = _first_by_id(questions)
        for path, fields, values, item in self.entries(node, "advisories", field):
            when: list[Trigger] = []
            if "when" in fields:
                when = self.triggers(fields["when"], f"{path}.when", by_id, ADVISORY.field("when"))
            result = self.advisory_result(fields.get("result"), f"{path}.result")
            if "when" not in fields and "result" not in fields:
                self.problem(item, f"{path}.when", "is missing (give `when`, `result` or both)")
            advisories.append(Advisory(values["id"], values["advice"], tuple(when), result))
        return advisories

    def advisory_result(self, node: Located | None, path: str) -> tuple[str, ...]:
        """An advisory's `result`: the result states (verdicts, in_between) it applies to."""
        states: list[str] = []
        noun = ADVISORY.field("result").noun
        for index, item in enumerate(self.sequence(node, path, noun)):
            if item.value not in RESULT_STATES:
                known = ", ".join(RESULT_STATES)
                self.problem(item, f"{path}[{index}]", f"unknown result state; known: {known}")
            else:
                states.append(item.value)
        return tuple(states)

    def confidence_rules(self, node: Located | None, questions: list[Question]) -> ConfidenceRules:
        """The optional `confidence` section; the defaults fill what it leaves out."""
        defaults = ConfidenceRules()
        fields = self.section(node, "confidence", CONFIDENCE)
        if fields is None:
            return defaults
        values = self.read(CONFIDENCE, fields, "confidence")
        scored = {q.id for q in questions if q.scored}
        defining: list[str] = []
        noun = CONFIDENCE.field("defining").noun
        for index, item in enumerate(
            self.sequence(fields.get("defining"), "confidence.defining", noun)
        ):
            path = f"confidence.defining[{index}]"
            if not isinstance(item.value, str) or item.value not in scored:
                self.problem(
                    item, path, f"must name a scored question; known: {', '.join(sorted(scored))}"
                )
            elif item.value in defining:
                self.problem(item, path, f"{item.value!r} is listed twice")
            else:
                defining.append(item.value)

        def given(key: str) -> Any:
            """The file's value, or the default when the key is absent (a wrong
            share reads as 0, a wrong count or pair as the default)."""
            if key not in fields:
                return getattr(defaults, key)
            value = values[key]
            return getattr(defaults, key) if value is None else value

        rules = ConfidenceRules(
            defining=tuple(defining) if "defining" in fields else defaults.defining,
            middle_share=given("middle_share"),
            min_answered_share=given("min_answered_share"),
            robust_win_rate=given("robust_win_rate"),
            fragile_win_rate=given("fragile_win_rate"),
            max_flips=given("max_flips"),
            max_fragile_answers=given("max_fragile_answers"),
            nearby_share=given("nearby_share"),
            weight_range=given("weight_range"),
            shaken_weights=given("shaken_weights"),
        )
        if rules.fragile_win_rate > rules.robust_win_rate:
            self.problem(
                fields.get("fragile_win_rate", node),
                "confidence.fragile_win_rate",
                f"must not be above confidence.robust_win_rate ({rules.robust_win_rate:g})",
            )
        return rules

    def services(
        self, node: Located | None, field: Field, model_ids: list[str], questions: list[Question]
    ) -> list[Service]:
        services: list[Service] = []
        if node is None:
            return services
        by_id = _first_by_id(questions)
        seen: dict[str, str] = {}
        for path, fields, values, _item in self.entries(node, "services", field):
            name = values["name"]
            folded = name.casefold()
            if folded and folded in seen:
                self.problem(
                    fields["name"],
                    f"{path}.name",
                    f"duplicate service name {name!r} (first at {seen[folded]})",
                )
            elif folded:
                seen[folded] = path
            model_id = self.model_ref(values["model"], fields, path, model_ids)
            answers: dict[str, str] = {}
            answer_fields: dict[str, Located] = {}
            if "answers" in fields:
                if isinstance(fields["answers"].value, dict):
                    answer_fields = fields["answers"].value
                else:
                    self.problem(
                        fields["answers"], f"{path}.answers", "must map question ids to option ids"
                    )
            for question_id, value in answer_fields.items():
                answer_path = f"{path}.answers.{question_id}"
                asked = by_id.get(question_id)
                if asked is None:
                    self.problem(
                        fields["answers"].key_at(question_id),
                        answer_path,
                        f"unknown question {question_id!r}",
                    )
                    continue
                if not isinstance(value.value, str) or asked.option(value.value) is None:
                    known = ", ".join(o.id for o in asked.options)
                    self.problem(
                        value,
                        answer_path,
                        f"{question_id} has no option {value.value!r}; known: {known}",
                    )
                    continue
                answers[question_id] = value.value
            services.append(Service(name, model_id, answers))
        return services

    def dimensions(
        self, node: Located | None, field: Field, model_ids: list[str]
    ) -> list[Dimension]:
        dimensions: list[Dimension] = []
        for path, fields, values, _item in self.entries(node, "dimensions", field):
            texts: dict[str, str] = {}
            if "values" in fields:
                value_fields = self.mapping(fields["values"], f"{path}.values", tuple(model_ids))
                if value_fields is not None:
                    texts = {
                        m: self.text(value_fields, m, f"{path}.values")
                        for m in model_ids
                        if m in value_fields
                    }
            dimensions.append(Dimension(id=values["id"], label=values["label"], values=texts))
        return dimensions


#: Kinds of field a section's own method reads: lists and nested mappings.
_NESTED = frozenset(("list", "section", "per_model", "answers"))

#: A colour as charts take it: three or six hexadecimal digits after '#'.
_COLOUR = re.compile(COLOUR_PATTERN)


def _first_by_id(questions: list[Question]) -> dict[str, Question]:
    """Questions by id; with duplicate ids (reported elsewhere) the first one wins."""
    by_id: dict[str, Question] = {}
    for question in questions:
        by_id.setdefault(question.id, question)
    return by_id


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_ident(value: str) -> bool:
    return (
        0 < len(value) <= 64
        and value[0].isascii()
        and value[0].isalpha()
        and all(c.isascii() and (c.isalnum() or c in "_-") for c in value)
    )
