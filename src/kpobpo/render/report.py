"""One report from an assessment: the sections every format shows, in order, as plain data.

The terminal table, Markdown and HTML each emit this one structure, so a
section is added here and nowhere else, and a new format is one emitter over
the four kinds of fact below: `Paragraph`, `Bars`, `Grid` and `Items`. The
text comes from `render.wording` and is clean (control characters removed)
but neither escaped nor styled: a `Span` only names its tone, and each
emitter turns the tone into its own styling and escapes the text.

A format that has something only it can show (the HTML page's map, say) adds
it after the section of the same `id`, from a table of extras of its own,
without a change here.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
from enum import StrEnum
from typing import NamedTuple

from kpobpo.model import Assessment, WhatIf
from kpobpo.render import wording
from kpobpo.render.text import number, one_line


class Tone(StrEnum):
    """How a span of text stands out; each format styles it in its own way."""

    PLAIN = ""
    STRONG = "strong"
    EM = "em"
    DIM = "dim"
    #: The recommended model's name in the headline.
    WINNER = "winner"
    #: An elevated risk's flag and the reason for it.
    ALERT = "alert"
    #: Something left open, worth a look.
    NOTE = "note"
    #: The confidence level in the headline (the level itself is in the text).
    CONFIDENCE = "confidence"


class Span(NamedTuple):
    """A run of clean text in one tone; a newline in it breaks the line."""

    text: str
    tone: Tone = Tone.PLAIN


Line = tuple[Span, ...]


def line(*parts: str | Span) -> Line:
    """Spans from plain strings and spans, empty strings left out."""
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts if p)


class Paragraph(NamedTuple):
    """A paragraph of prose."""

    text: Line


class Bar(NamedTuple):
    """One model's score as a bar: `value` 0..100, `model` its place in the file."""

    label: str
    value: float
    model: int
    winner: bool


class Bars(NamedTuple):
    """A bar per model, best first."""

    bars: tuple[Bar, ...]


class Amount(NamedTuple):
    """A number in a grid, with the share (0..1) of the column's largest a bar would fill."""

    value: float
    share: float
    model: int


class Lean(NamedTuple):
    """Which model an answer favours, and how strongly (0..1 of the strongest); None: even."""

    label: str | None
    share: float
    winner: bool


Cell = Line | Amount | Lean


class Column(NamedTuple):
    """A grid's column: its title, and whether it holds amounts (right-aligned)."""

    title: str
    amounts: bool = False


class Grid(NamedTuple):
    """Rows of cells under column titles. `ruled`: a line between rows (long cells)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    ruled: bool = False


class Items(NamedTuple):
    """A bulleted list."""

    items: tuple[Line, ...]


Fact = Paragraph | Bars | Grid | Items


class Section(NamedTuple):
    """A part of the report: an id (stable, for extras), a title ("" for none), its facts."""

    id: str
    title: str
    facts: tuple[Fact, ...]


Report = tuple[Section, ...]


def build(assessment: Assessment) -> Report:
    """The whole report, section by section, in the order every format shows it."""
    sections = (
        _verdict(assessment),
        _answered(assessment),
        _scores(assessment),
        _why(assessment),
        _changes(assessment, len(assessment.what_if)),
        _robustness(assessment),
        _cost(assessment),
        _advice(assessment),
        _risks(assessment),
        _answers(assessment),
        _criteria(assessment),
    )
    return tuple(s for s in sections if s.facts)


def decision(assessment: Assessment) -> Report:
    """The decision on one screen: the verdict and why, what drives it, the changes that
    would most move it, the advice and the elevated risks with their mitigations.
    `build` has the rest (every answer's points, robustness, cost, every risk in full)."""
    sections = (
        _verdict(assessment),
        _answered(assessment, names=False),
        _drivers(assessment),
        _changes(assessment, _MOST_CHANGES, short=True),
        _elevated(assessment),
        _cost(assessment) if assessment.cost is not None else Section("cost", "", ()),
        Section("more", "", (Paragraph(line(Span(_more(assessment), Tone.DIM))),)),
    )
    return tuple(s for s in sections if s.facts)


#: How many answers `decision` names as drivers, and how many changes.
_DRIVERS = 3
_MOST_CHANGES = 3


def _more(assessment: Assessment) -> str:
    """What `--details` adds, the advice first: the one thing the decision leaves out whole."""
    count = len(assessment.advisories)
    advice = f"{count} piece{'' if count == 1 else 's'} of advice, " if count else ""
    cost = "" if assessment.cost is not None else "cost, "
    return (
        f"More with --details: {advice}every answer's points, robustness, {cost}each risk in full."
    )


def headline(assessment: Assessment) -> Line:
    """'Recommendation: leans KPO (Knowledge Process Outsourcing), confidence medium'."""
    criteria = assessment.criteria
    verdict, name = wording.heading(assessment)
    winner = criteria.model(assessment.recommendation)
    return line(
        Span(verdict, Tone.STRONG),
        Span(name, Tone.WINNER),
        f" ({one_line(winner.name)})",
        ", confidence: ",
        Span(assessment.confidence.value, Tone.CONFIDENCE),
        Span(" (borderline)", Tone.ALERT) if assessment.borderline else "",
    )


def _verdict(assessment: Assessment) -> Section:
    criteria = assessment.criteria
    reason = wording.confidence_reason(assessment)
    facts: list[Fact] = [
        Paragraph(headline(assessment)),
        Paragraph(line(wording.lead(assessment) + (" " + reason if reason else ""))),
    ]
    if criteria.priorities:
        facts.append(Paragraph(line(Span(wording.priorities(criteria), Tone.EM))))
    return Section("verdict", "", tuple(facts))


def _scores(assessment: Assessment) -> Section:
    criteria = assessment.criteria
    order = {m.id: i for i, m in enumerate(criteria.models)}
    bars = tuple(
        Bar(
            wording.label(criteria, m),
            assessment.scores[m],
            order[m],
            m == assessment.recommendation,
        )
        for m in assessment.ranking
    )
    return Section("scores", "Scores (0-100)", (Bars(bars),))


def _why(assessment: Assessment) -> Section:
    """What each answer gave each model, and which of the top two it favours."""
    criteria = assessment.criteria
    winner, runner_up = assessment.ranking[:2]
    models = criteria.models
    most = max((max(c.points.values()) for c in assessment.contributions), default=0.0) or 1.0
    widest = max(
        (abs(c.points[winner] - c.points[runner_up]) for c in assessment.contributions),
        default=0.0,
    )
    rows: list[tuple[Cell, ...]] = []
    for c in assessment.contributions:
        lead = c.points[winner] - c.points[runner_up]
        favoured = winner if lead >= 0 else runner_up
        share = abs(lead) / widest if widest else 0.0
        rows.append(
            (
                line(wording.question_prompt(criteria, c.question)),
                line(wording.answer_label(criteria, c.question, c.answer)),
                *(Amount(c.points[m.id], c.points[m.id] / most, i) for i, m in enumerate(models)),
                Lean(
                    wording.label(criteria, favoured) if round(share * 12) else None,
                    share,
                    favoured == winner,
                ),
            )
        )
    columns = (
        Column("Question"),
        Column("Answer"),
        *(Column(one_line(m.label), amounts=True) for m in models),
        Column("Favours"),
    )
    return Section("why", "Why: what each answer gave each model", (Grid(columns, tuple(rows)),))


def _answered(assessment: Assessment, *, names: bool = True) -> Section:
    """Which scored and which risk-only questions were answered (`names`: and which not)."""
    tone = Tone.NOTE if assessment.unanswered else Tone.PLAIN
    text = Span(wording.answered_summary(assessment, names=names), tone)
    return Section("answered", "", (Paragraph(line(text)),))


def _drivers(assessment: Assessment) -> Section:
    """The answers that give the lead most of its points (or take most away)."""
    criteria = assessment.criteria
    winner, runner_up = assessment.ranking[:2]
    leads = sorted(
        ((c.points[winner] - c.points[runner_up], c) for c in assessment.contributions),
        key=lambda pair: -abs(pair[0]),
    )
    items = tuple(
        line(
            Span(
                f"{wording.label(criteria, winner if lead > 0 else runner_up)} "
                f"{'+' + number(abs(lead)):>5}",
                Tone.STRONG,
            ),
            "  ",
            wording.answer_label(criteria, c.question, c.answer),
        )
        for lead, c in leads[:_DRIVERS]
        if number(abs(lead)) != number(0)
    )
    title = "What drives it (points each answer adds to a model's lead)"
    return Section("drivers", title, (Items(items),) if items else ())


def ranked_changes(assessment: Assessment) -> list[WhatIf]:
    """The single changed answers that change the result, those that move the lead most
    first, and changes to answers a user can change (see `Question.changeable`) before
    the others."""
    criteria = assessment.criteria

    def order(change: WhatIf) -> tuple[bool, float]:
        question = criteria.question(change.question)
        fixed = question is not None and not question.changeable
        same = change.recommendation == assessment.recommendation
        lead = change.margin if same else -change.margin
        return fixed, -abs(assessment.margin - lead)

    return sorted(assessment.what_if, key=order)


def _changes(assessment: Assessment, most: int, *, short: bool = False) -> Section:
    """What would change the result, up to `most` changes, and how many more there are
    (`short`: naming only the new answers)."""
    changes = ranked_changes(assessment)
    items = tuple(line(wording.what_if(assessment, w, short=short)) for w in changes[:most])
    if not items:
        items = (line(wording.no_what_if(assessment)),)
    hidden = len(changes) - most
    if hidden > 0:
        more = f"… and {hidden} more (see --details)."
        items += (line(Span(more, Tone.DIM)),)
    return Section("changes", "What would change it", (Items(items),))


def _robustness(assessment: Assessment) -> Section:
    items = (
        line(wording.robustness(assessment)),
        *(
            line(
                f"Weight of {wording.quoted_question(assessment.criteria, w.question)}: "
                f"{wording.weight(assessment, w)}."
            )
            for w in assessment.weight_sensitivity
        ),
    )
    return Section("robustness", "How robust it is", (Items(items),))


def _cost(assessment: Assessment) -> Section:
    facts: list[Fact] = [Paragraph(line(wording.cost(assessment)))]
    if assessment.cost is not None:
        facts.append(Paragraph(line(wording.yearly_cost(assessment))))
    return Section("cost", "Cost", tuple(facts))


def _advice(assessment: Assessment) -> Section:
    """The advice that applies, and the answers it follows from."""
    items = tuple(
        line(
            one_line(a.advice),
            Span(f" (because {wording.advisory_because(assessment, a)})", Tone.DIM),
        )
        for a in assessment.advisories
    )
    return Section("advice", "Advice", (Items(items),) if items else ())


def _risks(assessment: Assessment) -> Section:
    criteria = assessment.criteria
    if not assessment.risks:
        return Section(
            "risks", "Risks to plan for", (Paragraph(line("No risks listed for this model.")),)
        )
    rows: list[tuple[Cell, ...]] = []
    for note in assessment.risks:
        risk = note.risk
        rows.append(
            (
                line(
                    Span("▲ ELEVATED ", Tone.ALERT) if note.elevated else "",
                    Span(one_line(risk.title), Tone.STRONG),
                    Span(f" ({wording.risk_models(criteria, note)})", Tone.DIM),
                    Span(f"\nbecause {wording.elevated_because(assessment, note)}", Tone.ALERT)
                    if note.elevated
                    else "",
                    "\n" + one_line(risk.description),
                ),
                line(one_line(risk.mitigation)),
            )
        )
    grid = Grid((Column("Risk"), Column("Mitigation")), tuple(rows), ruled=True)
    return Section("risks", "Risks to plan for", (grid,))


def _elevated(assessment: Assessment) -> Section:
    """The elevated risks with their mitigations, and the names of the others."""
    items = tuple(
        line(
            Span("▲ ", Tone.ALERT),
            Span(one_line(note.risk.title), Tone.STRONG),
            ": " + one_line(note.risk.mitigation),
        )
        for note in assessment.risks
        if note.elevated
    )
    others = [one_line(n.risk.title) for n in assessment.risks if not n.elevated]
    facts: list[Fact] = [Items(items)] if items else []
    if others:
        facts.append(Paragraph(line("Also plan for: " + "; ".join(others) + ".")))
    if not assessment.risks:
        facts.append(Paragraph(line("No risks listed for this model.")))
    title = "Elevated risks and what to do" if items else "Risks to plan for"
    return Section("risks", title, tuple(facts))


def _answers(assessment: Assessment) -> Section:
    criteria = assessment.criteria
    rows: list[tuple[Cell, ...]] = []
    for question in criteria.questions:
        chosen = assessment.answers.get(question.id)
        shown = wording.answer_label(criteria, question.id, chosen) if chosen else "not sure"
        rows.append((line(one_line(question.prompt)), line(shown)))
    grid = Grid((Column("Question"), Column("Answer")), tuple(rows))
    return Section("answers", "Answers", (grid,))


def _criteria(assessment: Assessment) -> Section:
    criteria = assessment.criteria
    text = f"Criteria version {one_line(criteria.version)}, sha256 {criteria.sha256[:12]}."
    return Section("criteria", "", (Paragraph(line(Span(text, Tone.DIM))),))
