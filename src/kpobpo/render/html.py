"""HTML output: one self-contained page to share or print.

No scripts, no external files, no network: the styles are inline and the bar
charts are plain HTML boxes sized in percent, so the page renders the same in
any browser and prints on A4. Every text from files is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from kpobpo.model import Assessment, Criteria
from kpobpo.render import report, wording
from kpobpo.render.portfolio_map import assessment_map, model_colours
from kpobpo.render.report import Amount, Bars, Cell, Fact, Items, Lean, Line, Paragraph, Tone
from kpobpo.render.text import clean, number, one_line
from kpobpo.weights import weight_shares

_STYLE = """
@page { size: A4; margin: 16mm; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1b1f24; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em;
     margin-top: 1.6em; break-after: avoid; }
#verdict p:first-of-type { font-size: 1.1em; }
.confidence-high { color: #1a7f37; } .confidence-medium { color: #9a6700; }
.confidence-low { color: #cf222e; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { text-align: left; vertical-align: top; padding: .25em .4em;
         border-bottom: 1px solid #eaeef2; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar { height: .8em; border-radius: 2px; display: inline-block; vertical-align: middle;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.track { width: 12em; background: #eaeef2; display: inline-block; border-radius: 2px;
         text-align: left; }
td.num .track { width: 5em; }
.elevated { color: #cf222e; font-weight: 600; }
.dim { color: #57606a; }
"""


def _e(value: str) -> str:
    return escape(clean(value))


def _bar(value: float, css: str) -> str:
    width = max(0.0, min(100.0, value))
    return f'<span class="track"><span class="bar {css}" style="width:{width:.1f}%"></span></span>'


def render_assessment(assessment: Assessment) -> str:
    """`assess --format html`: the whole report, one `<section>` per report section."""
    out: list[str] = [_head(wording.title(assessment), assessment.criteria)]
    for section in report.build(assessment):
        out.append(f'<section id="{_e(section.id)}">')
        if section.title:
            out.append(f"<h2>{_e(section.title)}</h2>")
        out += [_fact(fact) for fact in section.facts]
        out.append("</section>")
        extra = EXTRAS.get(section.id)
        if extra is not None:
            out.append(extra(assessment))
    out.append(_END)
    return "\n".join(out)


#: What only the HTML page shows, by the id of the report section it follows:
#: each gives the HTML to insert after that section.
EXTRAS: dict[str, Callable[[Assessment], str]] = {"why": assessment_map}

_TAGS = {
    Tone.STRONG: ("<strong>", "</strong>"),
    Tone.WINNER: ("<strong>", "</strong>"),
    Tone.EM: ("<em>", "</em>"),
    Tone.DIM: ("<span class='dim'>", "</span>"),
    Tone.ALERT: ("<span class='elevated'>", "</span>"),
}


def _text(spans: Line) -> str:
    """A report line in HTML: escaped, each tone's tags around it (neighbours in one tone
    share them), newlines as line breaks."""
    runs: list[tuple[tuple[str, str], str]] = []
    for span in spans:
        if span.tone is Tone.CONFIDENCE:
            tags = (f'<strong class="confidence-{_e(span.text)}">', "</strong>")
        else:
            tags = _TAGS.get(span.tone, ("", ""))
        if runs and runs[-1][0] == tags:
            runs[-1] = (tags, runs[-1][1] + span.text)
        else:
            runs.append((tags, span.text))
    return "".join(
        start + "<br>".join(_e(part) for part in text.split("\n")) + end
        for (start, end), text in runs
    )


def _fact(fact: Fact) -> str:
    if isinstance(fact, Paragraph):
        return f"<p>{_text(fact.text)}</p>"
    if isinstance(fact, Items):
        return "<ul>" + "".join(f"<li>{_text(item)}</li>" for item in fact.items) + "</ul>"
    if isinstance(fact, Bars):
        return (
            "<table>"
            + "".join(
                f"<tr><td>{_e(bar.label)}</td><td>{_bar(bar.value, _colour(bar.model))}</td>"
                f"<td class='num'>{number(bar.value)}</td></tr>"
                for bar in fact.bars
            )
            + "</table>"
        )
    head = "".join(f"<th>{_e(column.title)}</th>" for column in fact.columns)
    rows = "".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in fact.rows)
    return f"<table><tr>{head}</tr>{rows}</table>"


def _cell(cell: Cell) -> str:
    if isinstance(cell, Amount):
        return (
            f"<td class='num'>{_bar(cell.share * 100, _colour(cell.model))} "
            f"{number(cell.value)}</td>"
        )
    if isinstance(cell, Lean):
        if cell.label is None:
            return "<td class='dim'>even</td>"
        return f"<td>{_e(cell.label)}</td>"
    return f"<td>{_text(cell)}</td>"


def _colour(model: int) -> str:
    """The CSS class of the model at this place in the criteria file."""
    return f"m{model}"


def render_comparison(criteria: Criteria) -> str:
    """`compare --format html`."""
    models = criteria.models
    out = [_head(one_line(criteria.title), criteria), "<table><tr><th></th>"]
    out += [f"<th>{_e(one_line(m.label))}<br>{_e(one_line(m.name))}</th>" for m in models]
    out.append("</tr>")
    rows: list[tuple[str, list[str]]] = [("What it is", [m.summary for m in models])]
    rows += [(d.label, [d.values.get(m.id, "") for m in models]) for d in criteria.dimensions]
    rows.append(("Relative billing", [wording.billing(criteria, m.id) for m in models]))
    rows.append(
        (
            "Risks",
            ["; ".join(r.title for r in criteria.risks if r.model == m.id) for m in models],
        )
    )
    for label, values in rows:
        cells = "".join(f"<td>{_e(one_line(v))}</td>" for v in values)
        out.append(f"<tr><th>{_e(one_line(label))}</th>{cells}</tr>")
    out += ["</table>", "<h2>What decides: each scored question's share of the total weight</h2>"]
    out.append("<table><tr><th>Question</th><th>Weight</th><th>Share</th></tr>")
    out += [
        f"<tr><td>{_e(one_line(q.prompt))} ({_e(q.id)})</td><td>{q.weight:g}</td>"
        f"<td>{share:.0f}%</td></tr>"
        for q, share in weight_shares(criteria)
    ]
    out += ["</table>", _foot(criteria)]
    return "\n".join(out)


def _head(title: str, criteria: Criteria) -> str:
    # Each model's bars in its colour from the criteria file (checked as #rrggbb
    # when loaded), as on the map; the default palette otherwise.
    colours = model_colours(criteria)
    models = " ".join(
        f".m{i} {{ background: {colours[m.id]}; }}" for i, m in enumerate(criteria.models)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}{models}\n</style></head><body>\n"
        f"<h1>{_e(title)}</h1>"
    )


def _foot(criteria: Criteria) -> str:
    return (
        f"<p class='dim'>Criteria version {_e(criteria.version)}, "
        f"sha256 {criteria.sha256}. {_e(wording.priorities(criteria))}</p>{_END}"
    )


_END = "</body></html>\n"
