"""`kpobpo questions`: every question of the criteria, to answer it from the command line.

A person about to write `-a QUESTION=OPTION` needs the question ids, each
question's option ids and what they mean, and which questions weigh most.
The facts are gathered once (`question_facts`): the weight shares are the
ones `compare` shows (`kpobpo.weights.weight_shares`, after `--weight` and
`--weights`), and a question that is not scored names the risks it raises.
Table, JSON and Markdown are small emitters over those facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from kpobpo.model import Criteria, Question, Risk
from kpobpo.render.text import markdown as md
from kpobpo.render.text import one_line
from kpobpo.weights import weight_shares

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import RenderableType

#: The keys of each question in `questions --format json` (a tested contract).
QUESTION_KEYS = ("id", "prompt", "help", "scored", "weight", "share", "options", "raises")
#: The keys of each option.
OPTION_KEYS = ("id", "label")


class QuestionFacts(NamedTuple):
    """One question as `questions` shows it."""

    question: Question
    #: Percent of the total weight; None for a question that is not scored.
    share: float | None
    #: The risks its answers can raise.
    raises: tuple[Risk, ...]


def question_facts(criteria: Criteria) -> list[QuestionFacts]:
    """Every question in file order, with its weight share and the risks it raises."""
    shares = {question.id: share for question, share in weight_shares(criteria)}
    return [
        QuestionFacts(
            question,
            shares.get(question.id),
            tuple(
                risk
                for risk in criteria.risks
                if any(t.question == question.id for t in risk.elevated_by)
            ),
        )
        for question in criteria.questions
    ]


def render_questions(criteria: Criteria, fmt: str) -> str | RenderableType:
    """The questions in `fmt`: table, json or markdown."""
    renderers: dict[str, Callable[[Criteria], str | RenderableType]] = {
        "table": render_table,
        "json": render_json,
        "markdown": render_markdown,
    }
    return renderers[fmt](criteria)


def _standing(facts: QuestionFacts) -> str:
    """Scored with its share, or risk-only with the risks it raises."""
    if facts.share is not None:
        return f"scored: {facts.share:.0f}% of the total weight (weight {facts.question.weight:g})"
    raised = ", ".join(one_line(r.title) for r in facts.raises)
    return f"risk-only, no weight: raises {raised}" if raised else "risk-only, no weight"


def questions_data(criteria: Criteria) -> dict[str, Any]:
    """The questions as JSON-ready data: `questions` (keys `QUESTION_KEYS`) and `criteria`."""
    from kpobpo.render.json_doc import criteria_data

    return {
        "questions": [
            {
                "id": f.question.id,
                "prompt": f.question.prompt,
                "help": f.question.help,
                "scored": f.question.scored,
                "weight": f.question.weight if f.question.scored else None,
                "share": round(f.share, 2) if f.share is not None else None,
                "options": [{"id": o.id, "label": o.label} for o in f.question.options],
                "raises": [r.id for r in f.raises],
            }
            for f in question_facts(criteria)
        ],
        "criteria": criteria_data(criteria),
    }


def render_json(criteria: Criteria) -> str:
    """`questions --format json`."""
    from kpobpo.render.json_doc import dumps

    return dumps(questions_data(criteria))


def render_markdown(criteria: Criteria) -> str:
    """`questions --format markdown`: a section per question with a table of its options."""
    from kpobpo.render import wording

    lines = [
        f"# Questions: {md(criteria.title)}",
        "",
        "Answer with `kpobpo assess -a QUESTION=OPTION` (repeatable).",
    ]
    if criteria.priorities:
        lines += ["", md(wording.priorities(criteria))]
    for facts in question_facts(criteria):
        question = facts.question
        lines += [
            "",
            f"## `{one_line(question.id)}`: {md(question.prompt)}",
            "",
            md(_standing(facts)[0].upper() + _standing(facts)[1:]) + ".",
        ]
        if question.help:
            lines += ["", md(question.help)]
        lines += ["", "| Option | Meaning |", "|---|---|"]
        lines += [f"| `{one_line(o.id)}` | {md(o.label)} |" for o in question.options]
    return "\n".join(lines) + "\n"


def render_table(criteria: Criteria) -> RenderableType:
    """`questions --format table`: each question, its standing and its options.

    Options stand in two columns (id, meaning) when every word fits the width,
    and one under the other when not, so no word is ever cut.
    """
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from kpobpo.render import wording
    from kpobpo.render.layout import Fitted, Symbols

    parts: list[RenderableType] = [
        Text(f"Questions: {one_line(criteria.title)}", style="bold"),
        Text("Answer with: kpobpo assess -a QUESTION=OPTION (repeatable)"),
    ]
    if criteria.priorities:
        parts.append(Text(wording.priorities(criteria), style="italic"))
    for facts in question_facts(criteria):
        question = facts.question
        parts += [
            Text(""),
            Text.assemble((one_line(question.id), "bold cyan"), "  ", one_line(question.prompt)),
            Padding(
                Text(_standing(facts), style="green" if facts.share is not None else "yellow"),
                (0, 0, 0, 2),
                expand=False,
            ),
        ]
        options = Table.grid(padding=(0, 2, 0, 0))
        options.add_column(no_wrap=True)
        options.add_column()
        stacked: list[RenderableType] = []
        for option in question.options:
            option_id, label = Text(one_line(option.id), style="bold"), Text(one_line(option.label))
            options.add_row(option_id, label)
            stacked += [option_id, Padding(label, (0, 0, 0, 2), expand=False)]
        parts.append(Padding(Fitted(options, Group(*stacked)), (0, 0, 0, 2), expand=False))
    return Symbols(Group(*parts))
