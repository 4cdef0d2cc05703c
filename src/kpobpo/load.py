"""Load and validate a criteria file.

`load_criteria` reads the whole file, checks every field and cross-reference,
and either returns a `Criteria` or raises one `CriteriaError` listing every
problem with its file, line, column and field path.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from kpobpo import CRITERIA_ENV
from kpobpo.errors import CriteriaError, Problem
from kpobpo.limits import MAX_WEIGHT, read_whole, shown
from kpobpo.model import (
    IN_BETWEEN,
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
    Verdict,
)
from kpobpo.yamlio import Located, YamlProblems, number_hint, parse_document


def shipped_criteria_path() -> Path:
    """Where the criteria file that comes with kpobpo lives."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "criteria.yaml"
    # Which branch runs depends on how kpobpo was installed, so a test run
    # covers one or the other; tests/test_install.py runs the wheel's.
    if installed.is_file():  # pragma: no cover
        return installed
    return here.parent.parent / "data" / "criteria.yaml"  # pragma: no cover


def resolve_criteria_path(option: str | None) -> Path:
    """The criteria file to use: the option, else $KPOBPO_CRITERIA, else the shipped one.

    A file named by $KPOBPO_CRITERIA that is missing (or a folder) is refused
    here, naming the variable: nothing on the command line named it.
    """
    if option:
        return Path(option)
    env = os.environ.get(CRITERIA_ENV)
    if env:
        if os.path.isdir(env):
            wrong = "is a folder, not a file"
        elif not os.path.exists(env):
            wrong = "no such file"
        else:
            return Path(env)
        hint = f"{wrong}; unset {CRITERIA_ENV} to use the shipped criteria"
        raise CriteriaError([Problem(f"{env} (from {CRITERIA_ENV})", None, None, "", hint)])
    return shipped_criteria_path()


def read_text(path: Path, error: Callable[[list[Problem]], Exception]) -> tuple[str, bytes]:
    """Read a whole UTF-8 file, turning OS, size and encoding failures into `error`.

    The size limit is checked while reading (`kpobpo.limits.read_whole`), so
    a device or a pipe that never ends stops at the limit. A folder is
    refused like any other path that is not a readable file (exit 1).
    """
    source = str(path)
    try:
        with open(path, "rb") as stream:
            raw = read_whole(stream, source, error)
    except FileNotFoundError:
        raise error([Problem(source, None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise error([Problem(source, None, None, "", "is a folder, not a file")]) from None
    except OSError as exc:
        raise error([Problem(source, None, None, "", f"cannot read: {exc.strerror}")]) from None
    return decode_text(raw, source, error), raw


def read_standard_input(source: str, error: Callable[[list[Problem]], Exception]) -> str:
    """All of standard input as text, by the rules `read_text` reads a file by."""
    import sys

    return decode_text(read_whole(sys.stdin.buffer, source, error), source, error)


def decode_text(raw: bytes, source: str, error: Callable[[list[Problem]], Exception]) -> str:
    """A document's bytes as text: UTF-8 (a byte order mark dropped), no NUL bytes."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            [Problem(source, line, None, "", "is not UTF-8 text (is it a binary file?)")]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise error([Problem(source, line, None, "", "contains a NUL byte; not a text file")])
    return text


def load_criteria(path: Path | str) -> Criteria:
    """Read, validate and return the criteria file at `path`."""
    path = Path(path)
    text, raw = read_text(path, CriteriaError)
    return parse_criteria(text, str(path), raw)


def parse_criteria(text: str, source: str, content: bytes | None = None) -> Criteria:
    """Validate criteria given as YAML text; `source` names it in messages.

    Every problem is reported at once, in the order of the file: those of
    the YAML itself (a duplicate key, a refused tag) with those of the
    criteria.
    """
    try:
        document = parse_document(text, source)
    except YamlProblems as exc:
        raise CriteriaError(exc.problems) from None
    reader = _Reader(source)
    criteria = reader.criteria(document.root, text.encode("utf-8") if content is None else content)
    problems = document.problems + reader.problems
    if problems or criteria is None:
        raise CriteriaError(in_file_order(problems))
    return criteria


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems in the order of the file (those without a place first)."""
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


class _Reader:
    """Walks the located document, building the model and collecting problems."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    # -- small typed readers -------------------------------------------------

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
        if node is None:  # a missing key: its parent has already said so, with a place
            return None
        if not isinstance(node.value, dict):
            self.problem(node, path, f"must be a mapping with the keys {', '.join(required)}")
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

    def sequence(self, node: Located | None, path: str, what: str) -> list[Located]:
        if node is None:  # a missing key: its parent has already said so, with a place
            return []
        if not isinstance(node.value, list):
            self.problem(node, path, f"must be a list of {what}")
            return []
        if not node.value:
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

    def entries(
        self,
        node: Located | None,
        path: str,
        noun: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        plural: str = "",
    ) -> Iterator[tuple[str, dict[str, Located], str, Located]]:
        """Each well-formed mapping in the list at `path`, as (path, fields, id, item).

        Items that are not mappings are reported and skipped; duplicate ids are
        reported once the list has been read.
        """
        ids: list[tuple[str, Located]] = []
        for index, item in enumerate(self.sequence(node, path, plural or f"{noun}s")):
            item_path = f"{path}[{index}]"
            fields = self.mapping(item, item_path, required, optional)
            if fields is None:
                continue
            ident = self.ident(fields, "id", item_path)
            ids.append((ident, fields.get("id", item)))
            yield item_path, fields, ident, item
        self.unique(ids, path, noun)

    def model_ref(self, fields: dict[str, Located], path: str, model_ids: list[str]) -> str:
        """The `model` field: an id that must name one of the models."""
        model_id = self.ident(fields, "model", path)
        if model_id and model_id not in model_ids:
            self.problem(
                fields["model"],
                f"{path}.model",
                f"unknown model {model_id!r}; known: {', '.join(model_ids)}",
            )
        return model_id

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

    # -- the document --------------------------------------------------------

    def criteria(self, doc: Located | None, content: bytes) -> Criteria | None:
        if doc is None:
            self.problem(None, "", "the file is empty")
            return None
        top = self.mapping(
            doc,
            "",
            ("version", "models", "questions", "risks", "dimensions", "scoring"),
            ("title", "advisories", "services", "confidence"),
        )
        if top is None:
            return None
        version_node = top.get("version")
        version = ""
        if version_node is not None:
            if isinstance(version_node.value, str | int | float) and not isinstance(
                version_node.value, bool
            ):
                version = str(version_node.value)
            else:
                self.problem(version_node, "version", 'must be a text such as "1.0"')
        title = self.text(top, "title", "") or "kpobpo criteria"
        scoring = self.scoring(top.get("scoring"))
        models = self.models(top.get("models"))
        model_ids = [m.id for m in models if m.id]
        max_points = scoring.max_points if scoring else 10.0
        questions = self.questions(top.get("questions"), model_ids, max_points)
        risks = self.risks(top.get("risks"), model_ids, questions)
        dimensions = self.dimensions(top.get("dimensions"), model_ids)
        advisories = self.advisories(top.get("advisories"), questions)
        services = self.services(top.get("services"), model_ids, questions)
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
            version=version,
            title=title,
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
        fields = self.mapping(node, "scoring", ("max_points", "borderline_margin", "high_margin"))
        if fields is None:
            return None
        max_points = self.number(
            fields.get("max_points"), "scoring.max_points", 0, 1000, low_inclusive=False
        )
        borderline = self.number(
            fields.get("borderline_margin"), "scoring.borderline_margin", 0, 100
        )
        high = self.number(fields.get("high_margin"), "scoring.high_margin", 0, 100)
        if "high_margin" in fields and "borderline_margin" in fields and high < borderline:
            self.problem(
                fields["high_margin"],
                "scoring.high_margin",
                f"must not be below scoring.borderline_margin ({borderline:g})",
            )
        return Scoring(
            max_points=max_points or 10.0, borderline_margin=borderline, high_margin=high
        )

    def models(self, node: Located | None) -> list[Model]:
        models: list[Model] = []
        for path, fields, model_id, _item in self.entries(
            node,
            "models",
            "model",
            ("id", "label", "name", "summary", "billing_index"),
            ("colour",),
        ):
            models.append(
                Model(
                    id=model_id,
                    label=self.text(fields, "label", path),
                    name=self.text(fields, "name", path),
                    summary=self.text(fields, "summary", path),
                    billing_index=self.number(
                        fields.get("billing_index"),
                        f"{path}.billing_index",
                        0,
                        1000,
                        low_inclusive=False,
                    ),
                    colour=self.colour(fields, path),
                )
            )
        return models

    def colour(self, fields: dict[str, Located], path: str) -> str:
        """A model's optional `colour`: "#rrggbb" or "#rgb", so it is safe in any page."""
        node = fields.get("colour")
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
            node, f"{path}.colour", f'must be a colour written "#rrggbb" (like "#1f6feb"){hint}'
        )
        return ""

    def questions(
        self, node: Located | None, model_ids: list[str], max_points: float
    ) -> list[Question]:
        questions: list[Question] = []
        for path, fields, question_id, item in self.entries(
            node,
            "questions",
            "question",
            ("id", "prompt", "help", "options"),
            ("weight", "scored", "ordered", "changeable"),
        ):
            scored = self.flag(fields, "scored", path, default=True)
            ordered = self.flag(fields, "ordered", path, default=False)
            if ordered and not scored:
                self.problem(
                    fields["ordered"], f"{path}.ordered", "an unscored question has no order"
                )
            weight = 0.0
            if scored:
                if "weight" not in fields:
                    self.problem(item, f"{path}.weight", "is missing (or set scored: false)")
                else:
                    weight = self.number(
                        fields["weight"], f"{path}.weight", 0, MAX_WEIGHT, low_inclusive=False
                    )
            elif "weight" in fields:
                self.problem(
                    fields["weight"], f"{path}.weight", "an unscored question has no weight"
                )
            options = self.options(fields.get("options"), path, scored, model_ids, max_points)
            questions.append(
                Question(
                    id=question_id,
                    prompt=self.text(fields, "prompt", path),
                    help=self.text(fields, "help", path),
                    weight=weight,
                    scored=scored,
                    options=tuple(options),
                    ordered=ordered,
                    changeable=self.flag(fields, "changeable", path, default=True),
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
        for path, fields, option_id, item in self.entries(
            node, f"{question_path}.options", "option", ("id", "label"), ("points",)
        ):
            points: dict[str, float] = {}
            if scored:
                points = self.points(
                    fields.get("points"), item, f"{path}.points", model_ids, max_points
                )
            elif "points" in fields:
                self.problem(
                    fields["points"], f"{path}.points", "an unscored question gives no points"
                )
            options.append(
                Option(id=option_id, label=self.text(fields, "label", path), points=points)
            )
        return options

    def points(
        self,
        node: Located | None,
        owner: Located,
        path: str,
        model_ids: list[str],
        max_points: float,
    ) -> dict[str, float]:
        if node is None:
            self.problem(owner, path, "is missing: give points for " + ", ".join(model_ids))
            return {}
        fields = self.mapping(node, path, tuple(model_ids))
        if fields is None:
            return {}
        return {
            model_id: self.number(fields[model_id], f"{path}.{model_id}", 0, max_points)
            for model_id in model_ids
            if model_id in fields
        }

    def risks(
        self, node: Located | None, model_ids: list[str], questions: list[Question]
    ) -> list[Risk]:
        risks: list[Risk] = []
        by_id = _first_by_id(questions)
        if node is not None and node.value == []:
            return risks
        for path, fields, risk_id, _item in self.entries(
            node,
            "risks",
            "risk",
            ("id", "model", "title", "description", "mitigation"),
            ("elevated_by",),
        ):
            model_id = self.model_ref(fields, path, model_ids)
            triggers: list[Trigger] = []
            if "elevated_by" in fields:
                triggers = self.triggers(
                    fields["elevated_by"], f"{path}.elevated_by", by_id, ("whatever_model",)
                )
            risks.append(
                Risk(
                    id=risk_id,
                    model=model_id,
                    title=self.text(fields, "title", path),
                    description=self.text(fields, "description", path),
                    mitigation=self.text(fields, "mitigation", path),
                    elevated_by=tuple(triggers),
                )
            )
        return risks

    def triggers(
        self,
        node: Located,
        path: str,
        questions: dict[str, Question],
        optional: tuple[str, ...] = (),
    ) -> list[Trigger]:
        triggers: list[Trigger] = []
        for index, item in enumerate(self.sequence(node, path, "conditions")):
            trigger_path = f"{path}[{index}]"
            fields = self.mapping(item, trigger_path, ("question", "options"), optional)
            if fields is None:
                continue
            question_id = self.ident(fields, "question", trigger_path)
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
                if "options" in fields
                else []
            ):
                opt_path = f"{trigger_path}.options[{opt_index}]"
                if not isinstance(opt.value, str) or isinstance(opt.value, bool):
                    self.problem(opt, opt_path, "must be an option id")
                    continue
                if question is not None and question.option(opt.value) is None:
                    known = ", ".join(o.id for o in question.options)
                    self.problem(
                        opt, opt_path, f"{question.id} has no option {opt.value!r}; known: {known}"
                    )
                    continue
                options.append(opt.value)
            whatever_model = False
            if "whatever_model" in fields:
                flag = fields["whatever_model"]
                if isinstance(flag.value, bool):
                    whatever_model = flag.value
                else:
                    self.problem(flag, f"{trigger_path}.whatever_model", "must be true or false")
            triggers.append(Trigger(question_id, tuple(options), whatever_model))
        return triggers

    def advisories(self, node: Located | None, questions: list[Question]) -> list[Advisory]:
        advisories: list[Advisory] = []
        if node is None:
            return advisories
        by_id = _first_by_id(questions)
        for path, fields, advisory_id, item in self.entries(
            node,
            "advisories",
            "advisory",
            ("id", "advice"),
            ("when", "result"),
            plural="advisories",
        ):
            when: list[Trigger] = []
            if "when" in fields:
                when = self.triggers(fields["when"], f"{path}.when", by_id)
            result = self.advisory_result(fields.get("result"), f"{path}.result")
            if "when" not in fields and "result" not in fields:
                self.problem(item, f"{path}.when", "is missing (give `when`, `result` or both)")
            advisories.append(
                Advisory(advisory_id, self.text(fields, "advice", path), tuple(when), result)
            )
        return advisories

    def advisory_result(self, node: Located | None, path: str) -> tuple[str, ...]:
        """An advisory's `result`: the result states (verdicts, in_between) it applies to."""
        known = (*(v.value for v in Verdict), IN_BETWEEN)
        states: list[str] = []
        for index, item in enumerate(self.sequence(node, path, "result states")):
            if item.value not in known:
                self.problem(
                    item, f"{path}[{index}]", f"unknown result state; known: {', '.join(known)}"
                )
            else:
                states.append(item.value)
        return tuple(states)

    def confidence_rules(self, node: Located | None, questions: list[Question]) -> ConfidenceRules:
        """The optional `confidence` section; the defaults fill what it leaves out."""
        defaults = ConfidenceRules()
        fields = self.mapping(node, "confidence", (), ConfidenceRules._fields)
        if fields is None:
            return defaults
        scored = {q.id for q in questions if q.scored}
        defining: list[str] = []
        for index, item in enumerate(
            self.sequence(fields.get("defining"), "confidence.defining", "question ids")
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

        def share(key: str) -> float:
            if key not in fields:
                return float(getattr(defaults, key))
            return self.number(fields[key], f"confidence.{key}", 0, 1)

        def count(key: str) -> int:
            if key not in fields:
                return int(getattr(defaults, key))
            value = fields[key].value
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
                self.problem(
                    fields[key], f"confidence.{key}", "must be a whole number from 0 to 1000"
                )
                return 0
            return value

        def factors(key: str, at_most: float) -> tuple[float, float]:
            default: tuple[float, float] = getattr(defaults, key)
            node = fields.get(key)
            if node is None:
                return default
            if not isinstance(node.value, list) or len(node.value) != 2:
                self.problem(node, f"confidence.{key}", "must be a list of two factors [low, high]")
                return default
            low = self.number(node.value[0], f"confidence.{key}[0]", 0, 1, low_inclusive=False)
            high = self.number(node.value[1], f"confidence.{key}[1]", 1, at_most)
            if not low or not high or low >= high:
                if low and high:
                    self.problem(node, f"confidence.{key}", "low must be below high")
                return default
            return low, high

        rules = ConfidenceRules(
            defining=tuple(defining) if "defining" in fields else defaults.defining,
            middle_share=share("middle_share"),
            min_answered_share=share("min_answered_share"),
            robust_win_rate=share("robust_win_rate"),
            fragile_win_rate=share("fragile_win_rate"),
            max_flips=count("max_flips"),
            max_fragile_answers=count("max_fragile_answers"),
            nearby_share=share("nearby_share"),
            weight_range=factors("weight_range", 100),
            shaken_weights=factors("shaken_weights", 10),
        )
        if rules.fragile_win_rate > rules.robust_win_rate:
            self.problem(
                fields.get("fragile_win_rate", node),
                "confidence.fragile_win_rate",
                f"must not be above confidence.robust_win_rate ({rules.robust_win_rate:g})",
            )
        return rules

    def services(
        self, node: Located | None, model_ids: list[str], questions: list[Question]
    ) -> list[Service]:
        services: list[Service] = []
        if node is None:
            return services
        by_id = _first_by_id(questions)
        seen: dict[str, int] = {}
        for index, item in enumerate(self.sequence(node, "services", "services")):
            path = f"services[{index}]"
            fields = self.mapping(item, path, ("name", "model", "answers"))
            if fields is None:
                continue
            name = self.text(fields, "name", path)
            folded = name.casefold()
            if folded and folded in seen:
                self.problem(
                    fields["name"],
                    f"{path}.name",
                    f"duplicate service name {name!r} (first at services[{seen[folded]}])",
                )
            elif folded:
                seen[folded] = index
            model_id = self.model_ref(fields, path, model_ids)
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

    def dimensions(self, node: Located | None, model_ids: list[str]) -> list[Dimension]:
        dimensions: list[Dimension] = []
        for path, fields, dimension_id, _item in self.entries(
            node, "dimensions", "dimension", ("id", "label", "values")
        ):
            values: dict[str, str] = {}
            if "values" in fields:
                value_fields = self.mapping(fields["values"], f"{path}.values", tuple(model_ids))
                if value_fields is not None:
                    values = {
                        m: self.text(value_fields, m, f"{path}.values")
                        for m in model_ids
                        if m in value_fields
                    }
            dimensions.append(
                Dimension(id=dimension_id, label=self.text(fields, "label", path), values=values)
            )
        return dimensions


#: A colour as charts take it: three or six hexadecimal digits after '#'.
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


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
