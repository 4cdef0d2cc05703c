"""Read answers given on the command line (`-a QUESTION=OPTION`) or in a file.

Every way of answering goes through `match_question` and `match_option`, so a
typed answer, a flag and a line in a file are checked the same way and get the
same hints.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from kpobpo.errors import AnswersError, Problem, UsageError
from kpobpo.load import read_text
from kpobpo.model import Criteria, Question
from kpobpo.yamlio import Located, YamlProblems, read_document

#: Values that mean "not sure": the question is left unanswered.
NOT_SURE = frozenset({"", "not_sure", "not-sure", "skip", "?"})


class AnswerMismatch(ValueError):
    """A question or option id that does not exist; the message says what would."""


class GivenAnswers(NamedTuple):
    """Answers and where each came from (flag, file, prompt)."""

    answers: dict[str, str | None]
    sources: dict[str, str]


def match_question(criteria: Criteria, name: str) -> Question:
    """The question called `name` (case-insensitive), or AnswerMismatch with hints."""
    wanted = name.strip().lower()
    for question in criteria.questions:
        if question.id.lower() == wanted:
            return question
    ids = [q.id for q in criteria.questions]
    raise AnswerMismatch(
        f"unknown question {name!r}{_hint(name, ids)}; questions: {', '.join(ids)}"
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
        f"{question.id} has no option {value!r}{_hint(value, ids)}; options: {', '.join(ids)}"
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
    """Read a YAML or JSON mapping of question id to option id.

    A mapping with an `answers` key (as written by `--save`) is read too; its
    other keys are ignored. Every problem is reported at once (exit 1).
    """
    source = str(path)
    text, _ = read_text(path, AnswersError)
    try:
        doc = read_document(text, source)
    except YamlProblems as exc:
        doc = _json_fallback(text)
        if doc is None:
            raise AnswersError(exc.problems) from None
    if doc is None or not isinstance(doc.value, dict):
        line = doc.line if doc else None
        raise AnswersError(
            [Problem(source, line, None, "", "must be a mapping of question id to option id")]
        )
    mapping = doc
    prefix = ""
    if "answers" in doc.value and isinstance(doc.value["answers"].value, dict):
        mapping, prefix = doc.value["answers"], "answers."
    fields: dict[str, Located] = mapping.value
    answers: dict[str, str | None] = {}
    problems: list[Problem] = []
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
        raise AnswersError(problems)
    return GivenAnswers(answers, {q: "file" for q in answers})


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


def _json_fallback(text: str) -> Located | None:
    """Valid JSON that YAML rejects (tabs, say) is still read, without line numbers."""
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None

    def wrap(value: object) -> Located:
        if isinstance(value, dict):
            return Located({str(k): wrap(v) for k, v in value.items()}, 1, 1)
        if isinstance(value, list):
            return Located([wrap(v) for v in value], 1, 1)
        return Located(value, 1, 1)

    return wrap(data)


def _hint(value: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value.strip().lower(), choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
