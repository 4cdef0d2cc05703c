"""Read answers given on the command line (`-a QUESTION=OPTION`) or in a file.

Every way of answering goes through `match_question` and `match_option`, so a
typed answer, a flag and a line in a file are checked the same way and get the
same hints.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kpobpo.errors import AnswersError, Problem, UsageError
from kpobpo.limits import (
    MAX_DEPTH,
    SETTINGS,
    cost_pair_problem,
    setting_problem,
    shown,
    too_deep,
)
from kpobpo.load import in_file_order, read_standard_input, read_text
from kpobpo.model import Criteria, Question, Settings
from kpobpo.outfile import STANDARD_STREAM

if TYPE_CHECKING:  # YAML is imported only when a file of answers is read (not for -a flags)
    from kpobpo.yamlio import Located

#: The settings a saved file records, so a re-run reproduces the result.
SAVED_SETTINGS = SETTINGS
#: How messages name standard input (`--answers -`).
STANDARD_INPUT = "<stdin>"
#: Values that mean "not sure": the question is left unanswered.
NOT_SURE = frozenset({"", "not_sure", "not-sure", "skip", "?"})


class AnswerMismatch(ValueError):
    """A question or option id that does not exist; the message says what would."""


class GivenAnswers(NamedTuple):
    """Answers and where each came from (preset, file, flag, prompt).

    A file written by `--save` also brings the sha256 of the criteria it was
    made with, the settings (seed, draws, hours, rate) of that run, the
    weight factors (`--weight`) it applied, the process's name (`--name`), and
    whether it is an unfinished session (interrupted before its end).
    """

    answers: dict[str, str | None]
    sources: dict[str, str]
    criteria_sha256: str | None = None
    settings: dict[str, float | int] = {}  # noqa: RUF012 - NamedTuple default, never mutated
    priorities: dict[str, float] = {}  # noqa: RUF012 - NamedTuple default, never mutated
    name: str | None = None
    unfinished: bool = False


def match_question(criteria: Criteria, name: str) -> Question:
    """The question called `name` (case-insensitive), or AnswerMismatch with hints."""
    question = criteria.question_named(name)
    if question is not None:
        return question
    ids = [q.id for q in criteria.questions]
    raise AnswerMismatch(
        f"unknown question {shown(name, 80)}{_hint(name, ids)}; questions: {', '.join(ids)} "
        "(their options: kpobpo questions)"
    )


def match_option(question: Question, value: str) -> str | None:
    """The option id `value` names (id, case-insensitive), None for not sure."""
    wanted = value.strip().lower()
    if wanted in NOT_SURE:
        return None
    for option in question.options:
        if option.id.lower() == wanted:
            return option.id
    ids = [o.id for o in question.options]
    raise AnswerMismatch(
        f"{question.id} has no option {shown(value, 80)}{_hint(value, ids)}; "
        f"options: {', '.join(ids)}"
    )


def parse_flags(criteria: Criteria, flags: Iterable[str]) -> GivenAnswers:
    """Parse `QUESTION=OPTION` strings; bad ones are a usage error (exit 2)."""
    answers: dict[str, str | None] = {}
    errors: list[str] = []
    for flag in flags:
        name, sep, value = flag.partition("=")
        if not sep:
            errors.append(f"--answer {flag!r}: write it as QUESTION=OPTION, e.g. expertise=basic")
            continue
        try:
            question = match_question(criteria, name)
            answers[question.id] = match_option(question, value)
        except AnswerMismatch as exc:
            errors.append(f"--answer {flag!r}: {exc}")
    if errors:
        raise UsageError("\n".join(errors))
    return GivenAnswers(answers, {q: "flag" for q in answers})


def load_answers_file(criteria: Criteria, path: Path) -> GivenAnswers:
    """Read a YAML or JSON mapping of question id to option id (`-`: standard input).

    A mapping with an `answers` key (as written by `--save`) is read too,
    with its recorded settings, which must obey the same rules as the flags;
    its other keys are ignored. Every problem is reported at once (exit 1).
    """
    if str(path) == STANDARD_STREAM:
        source = STANDARD_INPUT
        text = read_standard_input(source, AnswersError)
    else:
        source = str(path)
        text, _ = read_text(path, AnswersError)
    from kpobpo.yamlio import Document, YamlProblems, parse_document

    try:
        document = parse_document(text, source)
    except YamlProblems as exc:
        doc = json_fallback(text)
        if doc is None:
            raise AnswersError(exc.problems) from None
        document = Document(doc, [])
    doc = document.root
    problems: list[Problem] = list(document.problems)
    if doc is None or not isinstance(doc.value, dict):
        line = doc.line if doc else None
        problems.append(
            Problem(source, line, None, "", "must be a mapping of question id to option id")
        )
        raise AnswersError(problems)
    mapping = doc
    prefix = ""
    saved_sha256: str | None = None
    settings: dict[str, float | int] = {}
    priorities: dict[str, float] = {}
    process_name: str | None = None
    unfinished = False
    if "answers" in doc.value and isinstance(doc.value["answers"].value, dict):
        mapping, prefix = doc.value["answers"], "answers."
        saved_sha256, settings = _saved_run(doc.value, source, problems)
        priorities = _saved_priorities(criteria, doc.value, source, problems)
        process_name, unfinished = _saved_session(doc.value, source, problems)
    fields: dict[str, Located] = mapping.value
    answers: dict[str, str | None] = {}
    for name, node in fields.items():
        path_name = f"{prefix}{name}"
        try:
            question = match_question(criteria, name)
        except AnswerMismatch as exc:
            key = mapping.key_at(name)
            problems.append(Problem(source, key.line, key.column, path_name, str(exc)))
            continue
        value = node.value
        if value is None:
            answers[question.id] = None
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            problems.append(
                Problem(source, node.line, node.column, path_name, "must be an option id")
            )
            continue
        try:
            answers[question.id] = match_option(question, str(value))
        except AnswerMismatch as exc:
            problems.append(Problem(source, node.line, node.column, path_name, str(exc)))
    if problems:
        raise AnswersError(in_file_order(problems))
    sources = {q: "file" for q in answers}
    return GivenAnswers(
        answers, sources, saved_sha256, settings, priorities, process_name, unfinished
    )


def _saved_session(
    fields: "dict[str, Located]", source: str, problems: list[Problem]
) -> tuple[str | None, bool]:
    """The process's name and the unfinished mark recorded by `--save`; a
    hand-edited value of the wrong kind is added to `problems` with its place."""
    name: str | None = None
    node = fields.get("name")
    if node is not None and node.value is not None:
        if isinstance(node.value, str) and node.value.strip():
            name = node.value
        else:
            problems.append(Problem(source, node.line, node.column, "name", "must be a text"))
    unfinished = False
    node = fields.get("unfinished")
    if node is not None and node.value is not None:
        if isinstance(node.value, bool):
            unfinished = node.value
        else:
            problems.append(
                Problem(source, node.line, node.column, "unfinished", "must be true or false")
            )
    return name, unfinished


def _saved_priorities(
    criteria: Criteria, fields: "dict[str, Located]", source: str, problems: list[Problem]
) -> dict[str, float]:
    """The weight factors recorded by `--save` (criteria.priorities), checked like
    `--weight` flags; a bad one is added to `problems` with its place."""
    block = fields.get("criteria")
    saved = (
        block.value.get("priorities")
        if block is not None and isinstance(block.value, dict)
        else None
    )
    if saved is None or saved.value is None:
        return {}
    if not isinstance(saved.value, dict):
        problems.append(
            Problem(
                source,
                saved.line,
                saved.column,
                "criteria.priorities",
                "must map question ids to weight factors",
            )
        )
        return {}
    from kpobpo.weights import factor_problem

    priorities: dict[str, float] = {}
    for name, node in saved.value.items():
        question = criteria.question_named(name)
        question_id = question.id if question is not None else name
        wrong = factor_problem(criteria, question_id, node.value)
        if wrong is None:
            priorities[question_id] = float(node.value)
        else:
            path = f"criteria.priorities.{name}"
            problems.append(Problem(source, node.line, node.column, path, wrong))
    return priorities


def _saved_run(
    fields: "dict[str, Located]", source: str, problems: list[Problem]
) -> tuple[str | None, dict[str, float | int]]:
    """The criteria sha256 and run settings recorded by `--save`.

    A hand-edited setting obeys the rules of its flag (`kpobpo.limits`); a
    bad one is added to `problems` with its place.
    """
    sha256: str | None = None
    criteria = fields.get("criteria")
    if criteria is not None and isinstance(criteria.value, dict):
        digest = criteria.value.get("sha256")
        if digest is not None and isinstance(digest.value, str):
            sha256 = digest.value
    settings: dict[str, float | int] = {}
    saved = fields.get("settings")
    if saved is None or saved.value is None:
        return sha256, settings
    if not isinstance(saved.value, dict):
        problems.append(
            Problem(
                source, saved.line, saved.column, "settings", "must map seed, draws, hours, rate"
            )
        )
        return sha256, settings
    for key in SAVED_SETTINGS:
        node = saved.value.get(key)
        if node is None or node.value is None:
            continue
        wrong = setting_problem(key, node.value)
        if wrong is None:
            settings[key] = node.value
            continue
        from kpobpo.yamlio import number_hint

        hint = number_hint(node.value) if key in ("hours", "rate") else ""
        message = f"{wrong}; {hint}" if hint else wrong
        problems.append(Problem(source, node.line, node.column, f"settings.{key}", message))
    hours, rate = (saved.value.get(key) for key in ("hours", "rate"))
    pair = cost_pair_problem(hours and hours.value, rate and rate.value)
    if pair is not None:
        problems.append(
            Problem(source, saved.line, saved.column, "settings", f"hours and rate {pair}")
        )
    return sha256, settings


def find_service(criteria: Criteria, name: str) -> GivenAnswers:
    """The preset answers of the service `name` names: its id, its name or an
    unambiguous part of it (`kpobpo.catalogue.match_service`).

    An unknown or ambiguous name is a usage error that says what would be meant.
    """
    from kpobpo.catalogue import ServiceMismatch, match_service

    try:
        service = match_service(criteria, name)
    except ServiceMismatch as exc:
        raise UsageError(str(exc)) from None
    answers: dict[str, str | None] = dict(service.answers)
    return GivenAnswers(answers, {q: "preset" for q in answers})


def search_services(criteria: Criteria, text: str) -> list[str]:
    """Service names containing `text`, then names that look like it (case-insensitive)."""
    import difflib

    wanted = text.strip().casefold()
    names = [s.name for s in criteria.services]
    found = [n for n in names if wanted and wanted in n.casefold()]
    folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.5)
    found += [folded[c] for c in close if folded[c] not in found]
    return found


def saved_document(
    criteria: Criteria,
    given: GivenAnswers,
    settings: Settings,
    *,
    name: str | None = None,
    unfinished: bool = False,
) -> dict[str, object]:
    """What `--save` writes: the process's name (when given), `unfinished: true`
    for a session stopped before its end, answers (None = not sure), sources,
    criteria and settings. A question missing from `answers` was never asked."""
    order = [q.id for q in criteria.questions]
    answers = {q: given.answers[q] for q in order if q in given.answers}
    session: dict[str, object] = {"name": name} if name is not None else {}
    if unfinished:
        session["unfinished"] = True
    return {
        **session,
        "answers": answers,
        "sources": {q: given.sources.get(q, "prompt") for q in answers},
        "criteria": {
            "version": criteria.version,
            "sha256": criteria.sha256,
            "priorities": dict(criteria.priorities),
        },
        "settings": {
            k: getattr(settings, k) for k in SAVED_SETTINGS if getattr(settings, k) is not None
        },
    }


def merge(*layers: GivenAnswers) -> GivenAnswers:
    """Later layers win: merge(file, flags) lets flags override the file."""
    answers: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for layer in layers:
        answers.update(layer.answers)
        sources.update(layer.sources)
    return GivenAnswers(answers, sources)


def definite(given: GivenAnswers) -> dict[str, str]:
    """Only the questions with an option chosen (not sure left out)."""
    return {q: o for q, o in given.answers.items() if o is not None}


def json_fallback(text: str) -> "Located | None":
    """Valid JSON that YAML rejects (tabs, say) is still read, without line numbers.

    None when the text is not JSON within the limits (the YAML reading of
    the same text has said where it goes wrong).
    """
    try:
        data = read_json(text)
    except ValueError:
        return None

    from kpobpo.yamlio import Located

    def wrap(value: object) -> Located:
        if isinstance(value, dict):
            return Located({str(k): wrap(v) for k, v in value.items()}, 1, 1)
        if isinstance(value, list):
            return Located([wrap(v) for v in value], 1, 1)
        return Located(value, 1, 1)

    return wrap(data)


def read_json(
    text: str, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None
) -> object:
    """Parse JSON no deeper than `MAX_DEPTH`; ValueError says what is wrong otherwise.

    Python's own parser recurses and fails with RecursionError on deep
    input; here deep input is an ordinary bad value. `object_pairs_hook` is
    json's own (a portfolio uses it to see keys written twice).
    """
    import json

    try:
        data = json.loads(text, object_pairs_hook=object_pairs_hook)
    except RecursionError:
        raise ValueError(too_deep()) from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _nesting(data) > MAX_DEPTH:
        raise ValueError(too_deep())
    return data


def _nesting(data: object) -> int:
    """How deep lists and objects nest in `data`, counted level by level (no recursion)."""
    depth = 0
    level = [data]
    while level := [v for v in level if isinstance(v, dict | list)]:
        depth += 1
        level = [item for v in level for item in (v.values() if isinstance(v, dict) else v)]
    return depth


def _hint(value: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value.strip().lower(), choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
