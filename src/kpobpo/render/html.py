"""HTML output: one self-contained page to share or print.

No scripts, no external files, no network: the styles are inline and the bar
charts are plain HTML boxes sized in percent, so the page renders the same in
any browser and prints on A4. Every text from files is escaped.
"""

from __future__ import annotations

from html import escape

from kpobpo.model import Assessment, Criteria
from kpobpo.render import wording
from kpobpo.render.portfolio_map import assessment_map
from kpobpo.render.text import clean, number, one_line
from kpobpo.weights import weight_shares

_STYLE = """
@page { size: A4; margin: 16mm; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1b1f24; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em;
     margin-top: 1.6em; break-after: avoid; }
.verdict { font-size: 1.1em; }
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
.m0 { background: #0969da; } .m1 { background: #bf3989; } .m2 { background: #1a7f37; }
.m3 { background: #9a6700; } .m4 { background: #8250df; }
.elevated { color: #cf222e; font-weight: 600; }
.dim { color: #57606a; }
"""


def _e(value: str) -> str:
    return escape(clean(value))


def _bar(value: float, css: str) -> str:
    width = max(0.0, min(100.0, value))
    return f'<span class="track"><span class="bar {css}" style="width:{width:.1f}%"></span></span>'


def render_assessment(assessment: Assessment) -> str:
    """`assess --format html`."""
    criteria = assessment.criteria
    winner = criteria.model(assessment.recommendation)
    colour = {m.id: f"m{i % 5}" for i, m in enumerate(criteria.models)}
    verdict, name = wording.heading(assessment)
    out: list[str] = [
        _head(f"Outsourcing decision: {verdict.removeprefix('Recommendation: ')}{name}"),
        f'<p class="verdict {assessment.verdict.value}" id="recommendation"><strong>'
        f"{_e(verdict)}{_e(name)}</strong> ({_e(one_line(winner.name))}), confidence "
        f'<strong class="confidence-{assessment.confidence.value}">'
        f"{assessment.confidence.value}</strong>"
        + (" (borderline)" if assessment.borderline else "")
        + ".</p>",
        f"<p>{_e(wording.lead(assessment))} {_e(wording.confidence_reason(assessment))}</p>",
        "<h2>Scores</h2><table>",
    ]
    for model_id in assessment.ranking:
        score = assessment.scores[model_id]
        out.append(
            f"<tr><td>{_e(wording.label(criteria, model_id))}</td>"
            f"<td>{_bar(score, colour[model_id])}</td><td class='num'>{number(score)}</td></tr>"
        )
    out += ["</table>", "<h2>Why: what each answer gave each model</h2><table>"]
    out.append(
        "<tr><th>Question</th><th>Answer</th>"
        + "".join(f"<th>{_e(one_line(m.label))}</th>" for m in criteria.models)
        + "</tr>"
    )
    widest = max((max(c.points.values()) for c in assessment.contributions), default=0.0) or 1.0
    for c in assessment.contributions:
        cells = "".join(
            f"<td class='num'>{_bar(c.points[m.id] / widest * 100, colour[m.id])} "
            f"{number(c.points[m.id])}</td>"
            for m in criteria.models
        )
        out.append(
            f"<tr><td>{_e(wording.question_prompt(criteria, c.question))}</td>"
            f"<td>{_e(wording.answer_label(criteria, c.question, c.answer))}</td>{cells}</tr>"
        )
    out.append("</table>")
    out.append(assessment_map(assessment))
    out.append("<h2>What would change it</h2><ul>")
    if assessment.what_if:
        out += [f"<li>{_e(wording.what_if(assessment, w))}</li>" for w in assessment.what_if]
    else:
        out.append(f"<li>{_e(wording.no_what_if(assessment))}</li>")
    out += ["</ul>", "<h2>How robust it is</h2>", f"<p>{_e(wording.robustness(assessment))}</p>"]
    out.append("<table><tr><th>Question</th><th>Weight that would change the winner</th></tr>")
    out += [
        f"<tr><td>{_e(w.question)}</td><td>{_e(wording.weight(assessment, w))}</td></tr>"
        for w in assessment.weight_sensitivity
    ]
    out += ["</table>", "<h2>Cost</h2>", f"<p>{_e(wording.cost(assessment))}</p>"]
    if assessment.cost is not None:
        out.append(f"<p>{_e(wording.yearly_cost(assessment))}</p>")
    if assessment.advisories:
        out.append("<h2>Advice</h2><ul>")
        out += [
            f"<li>{_e(one_line(a.advice))} "
            f"<span class='dim'>(because {_e(wording.advisory_because(assessment, a))})</span></li>"
            for a in assessment.advisories
        ]
        out.append("</ul>")
    out.append("<h2>Risks to plan for</h2>")
    out.append("<table><tr><th>Risk</th><th>Mitigation</th></tr>")
    for note in assessment.risks:
        risk = note.risk
        because = _e(wording.elevated_because(assessment, note))
        flag = (
            f"<span class='elevated'>Elevated</span> <span class='dim'>because {because}</span><br>"
            if note.elevated
            else ""
        )
        out.append(
            f"<tr><td><strong>{_e(one_line(risk.title))}</strong> "
            f"<span class='dim'>({_e(wording.risk_models(criteria, note))})</span><br>{flag}"
            f"{_e(one_line(risk.description))}</td><td>{_e(one_line(risk.mitigation))}</td></tr>"
        )
    out.append("</table>")
    out.append("<h2>Answers</h2><table>")
    for question in criteria.questions:
        chosen = assessment.answers.get(question.id)
        shown = wording.answer_label(criteria, question.id, chosen) if chosen else "not sure"
        out.append(f"<tr><td>{_e(one_line(question.prompt))}</td><td>{_e(shown)}</td></tr>")
    out.append("</table>")
    out.append(_foot(criteria))
    return "\n".join(out)


def render_comparison(criteria: Criteria) -> str:
    """`compare --format html`."""
    models = criteria.models
    out = [_head(one_line(criteria.title)), "<table><tr><th></th>"]
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


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style></head><body>\n"
        f"<h1>{_e(title)}</h1>"
    )


def _foot(criteria: Criteria) -> str:
    return (
        f"<p class='dim'>Criteria version {_e(criteria.version)}, "
        f"sha256 {criteria.sha256}. {_e(wording.priorities(criteria))}</p></body></html>\n"
    )
