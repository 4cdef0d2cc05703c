"""`portfolio --format html`: one self-contained page for a steering committee.

The page opens with the figures that matter (how many processes, which
model, how many need a look), the map of the portfolio (see
`kpobpo.render.portfolio_map`), the counts per model, confidence and verdict
as small bar charts, the processes that most need a human look, the risks
that recur most with their mitigations, and last the full table with the
input's own columns carried through.

No scripts, no outside files: the styles are inline, the charts are inline
SVG, and it prints on A4 (the full table on landscape pages). Memory stays
bounded however long the portfolio: the map and counts are aggregated as
rows arrive, the list of processes to look at keeps only its top entries,
and the table rows wait in a temporary file that moves to disk when large.
"""

from __future__ import annotations

import functools
import heapq
import tempfile
from html import escape
from typing import TextIO

from kpobpo.model import Assessment, Criteria, Verdict
from kpobpo.portfolio import NAME, SERVICE, RowResult, Summary
from kpobpo.render import wording
from kpobpo.render.portfolio import (
    VERDICT_WORDS,
    WriteOptions,
    Writer,
    elevated,
    model_cell,
)
from kpobpo.render.portfolio_map import (
    MapTally,
    knowledge_share,
    model_colours,
    point_of,
    render_map,
)
from kpobpo.render.text import clean, number, one_line

#: How many processes the "needs a look" list shows, most pressing first.
ATTENTION = 25
#: How many recurring risks the page describes.
RISKS = 6
#: The confidence levels' colours (not about any model: green, amber, red).
_CONFIDENCE_COLOURS = {"high": "#2e8540", "medium": "#bf8700", "low": "#cf222e"}

_STYLE = """
@page { size: A4; margin: 14mm; }
@page wide { size: A4 landscape; margin: 12mm; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1b1f24; max-width: 60em; margin: 1.5em auto; padding: 0 1.2em; }
h1 { font-size: 1.7em; margin: 0 0 .1em; }
h2 { font-size: 1.15em; border-bottom: 2px solid #d0d7de; padding-bottom: .2em;
     margin: 1.8em 0 .6em; break-after: avoid; }
.lede { color: #57606a; margin: 0 0 1em; }
.tiles { display: flex; flex-wrap: wrap; gap: .6em; margin: 1em 0; }
.tile { flex: 1 1 8em; border: 1px solid #d0d7de; border-radius: 6px; padding: .5em .8em;
        border-top: 4px solid var(--c, #57606a); break-inside: avoid; }
.tile b { display: block; font-size: 1.8em; line-height: 1.1; }
.tile span { color: #57606a; font-size: .9em; }
figure { margin: 0; break-inside: avoid; }
figcaption, .note { color: #57606a; font-size: .9em; }
svg.portfolio-map { width: 100%; height: auto; display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
.chart { flex: 1 1 14em; break-inside: avoid; }
.chart h3 { font-size: .95em; margin: 0 0 .3em; }
.chart svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { text-align: left; vertical-align: top; padding: .28em .45em;
         border-bottom: 1px solid #eaeef2; }
th { background: #f6f8fa; font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.chip { display: inline-block; padding: 0 .45em; border-radius: 1em; color: #fff;
        font-weight: 600; font-size: .88em; white-space: nowrap; }
.flag { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: .82em;
        margin: 0 .2em .1em 0; border: 1px solid currentColor; white-space: nowrap; }
.flag.too_close { color: #cf222e; } .flag.low { color: #cf222e; }
.flag.borderline { color: #9a6700; } .flag.risks { color: #57606a; }
.why { color: #57606a; font-size: .9em; }
.risk-count { white-space: nowrap; }
.full { page: wide; }
.scroll { overflow-x: auto; }
.full table { font-size: 8.5pt; }
.full th, .full td { padding: .2em .35em; }
.full td { overflow-wrap: break-word; }
.full td:nth-child(2) { min-width: 9em; }
.full .chip { white-space: normal; }
.failed { color: #cf222e; }
.dim { color: #57606a; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h2 { margin-top: 1.2em; }
  .full { break-before: page; }
  .full table { font-size: 7pt; }
  .scroll { overflow: visible; }
}
"""


def _e(value: str) -> str:
    """Text from a file or the user, cleaned, folded to one line and escaped."""
    return escape(one_line(value))


@functools.lru_cache(maxsize=4096)
def _breakable(value: str) -> str:
    """Escaped text that may wrap after '_', so option ids fit narrow columns.

    Memoised: a portfolio's cells repeat (option ids, owners, cost centres).
    """
    return _e(value).replace("_", "_<wbr>")


def _attention_key(a: Assessment) -> tuple[int, int, int, int, float]:
    """What makes a process need a look, most pressing first when sorted high to low."""
    return (
        a.verdict.value == "too_close",
        a.confidence.value == "low",
        a.borderline,
        len(elevated(a)),
        -a.margin,
    )


def needs_a_look(a: Assessment) -> bool:
    """Too close to call, low confidence or borderline: a person should check it."""
    return a.verdict.value == "too_close" or a.confidence.value == "low" or a.borderline


class HtmlWriter(Writer):
    """The portfolio page, built from counts and a spooled table as rows arrive."""

    def __init__(self, criteria: Criteria, stream: TextIO, columns: list[str]) -> None:
        super().__init__(criteria, stream, columns)
        self.own_columns = not columns
        if self.own_columns:
            self.columns = [NAME, SERVICE, *(q.id for q in criteria.questions)]
        self.models = [m.id for m in criteria.models]
        self.colours = model_colours(criteria)
        self.tally = MapTally(criteria)
        self.attention: list[tuple[tuple[int, int, int, int, float], int, str]] = []
        self.attention_total = 0
        self.shares: dict[int, tuple[Assessment, float | None]] = {}
        self.table = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in finish
            max_size=1 << 22, mode="w+", encoding="utf-8", errors="replace", newline=""
        )

    def row(self, result: RowResult) -> None:
        self.table.write(self._table_row(result))
        a = result.assessment
        if a is None:
            return
        self.tally.add(point_of(a, result.name, jitter=result.row, share=self._share(a)))
        if needs_a_look(a):
            self.attention_total += 1
            key = (_attention_key(a), -result.row)
            if len(self.attention) < ATTENTION:
                heapq.heappush(self.attention, (*key, self._look_row(result, a)))
            elif key > self.attention[0][:2]:
                heapq.heapreplace(self.attention, (*key, self._look_row(result, a)))

    def _share(self, a: Assessment) -> float | None:
        """The answers' knowledge share, once per assessment (equal rows share one)."""
        cached = self.shares.get(id(a))
        if cached is not None and cached[0] is a:
            return cached[1]
        share = knowledge_share(self.criteria, a.answers)
        if len(self.shares) >= 4096:
            self.shares.clear()
        self.shares[id(a)] = (a, share)
        return share

    # -- rows ----------------------------------------------------------------

    def _input_cells(self, result: RowResult) -> list[str]:
        """The row's input columns as the other writers carry them."""
        if result.values is not None and not self.own_columns:
            from kpobpo.spreadsheet import cell_text

            return [v if isinstance(v, str) else cell_text(v) for v in result.values]
        return [
            result.name,
            result.service or "",
            *(
                "" if (v := result.cells.get(q.id)) is None else str(v)
                for q in self.criteria.questions
            ),
        ]

    def _chip(self, a: Assessment) -> str:
        colour = self.colours[a.recommendation]
        return (
            f'<span class="chip" style="background:{colour}">'
            f"{_e(model_cell(self.criteria, a))}</span>"
        )

    def _table_row(self, result: RowResult) -> str:
        cells = "".join(f"<td>{_breakable(c)}</td>" for c in self._input_cells(result))
        a = result.assessment
        if a is None:
            return (
                f'<tr><td class="num">{result.row}</td>{cells}'
                f'<td class="failed" colspan="{4 + len(self.models)}">'
                f"failed: {_e(clean(result.error or ''))}</td></tr>\n"
            )
        scores = "".join(f'<td class="num">{number(a.scores[m])}</td>' for m in self.models)
        return (
            f'<tr><td class="num">{result.row}</td>{cells}<td>{self._chip(a)}</td>'
            f"<td>{a.confidence.value}{' (borderline)' if a.borderline else ''}</td>"
            f'<td class="num">{number(a.margin)}</td>{scores}'
            f"<td>{_breakable(', '.join(elevated(a)))}</td></tr>\n"
        )

    def _look_row(self, result: RowResult, a: Assessment) -> str:
        flags = []
        if a.verdict.value == "too_close":
            flags.append('<span class="flag too_close">too close to call</span>')
        if a.confidence.value == "low":
            flags.append('<span class="flag low">low confidence</span>')
        if a.borderline:
            flags.append(f'<span class="flag borderline">lead only {number(a.margin)}</span>')
        risks = elevated(a)
        if risks:
            noun = "risk" if len(risks) == 1 else "risks"
            flags.append(f'<span class="flag risks">{len(risks)} elevated {noun}</span>')
        titles = {r.id: r.title for r in self.criteria.risks}
        return (
            f'<tr><td class="num">{result.row}</td><td><strong>{_e(result.name)}</strong></td>'
            f"<td>{self._chip(a)}</td><td>{''.join(flags)}"
            f'<div class="why">{_e(wording.confidence_reason(a))}</div></td>'
            f"<td>{_e('; '.join(titles.get(r, r) for r in risks))}</td></tr>"
        )

    # -- the page ------------------------------------------------------------

    def finish(self, summary: Summary) -> None:
        assessed = summary.rows - summary.failed
        write = self.stream.write
        title = "Outsourcing portfolio"
        write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_STYLE}</style></head><body>\n"
            f"<h1>{title}</h1>\n"
            f'<p class="lede">{_e(self.criteria.title)}: {assessed:,} processes '
            f"assessed against criteria version {_e(self.criteria.version)}.</p>\n"
        )
        write(self._tiles(summary))
        write(self._map())
        write(self._charts(summary))
        write(self._attention_section())
        write(self._risks(summary))
        self._write_full_table()
        notes = [wording.priorities(self.criteria)]
        if summary.note:
            notes.append(f"Input {summary.note}.")
        write(
            f'<p class="note">{" ".join(_e(n) for n in notes if n)} Criteria sha256 '
            f"{self.criteria.sha256}.</p>\n</body></html>\n"
        )

    def _tiles(self, summary: Summary) -> str:
        tiles = [("#57606a", summary.rows - summary.failed, "processes assessed")]
        tiles += [
            (self.colours[m.id], summary.by_model[m.id], f"to {one_line(m.label)}")
            for m in self.criteria.models
        ]
        tiles.append(("#cf222e", self.attention_total, "need a human look"))
        if summary.failed:
            tiles.append(("#cf222e", summary.failed, "rows could not be assessed"))
        return (
            '<div class="tiles">'
            + "".join(
                f'<div class="tile" style="--c:{c}"><b>{n:,}</b><span>{escape(w)}</span></div>'
                for c, n, w in tiles
            )
            + "</div>\n"
        )

    def _map(self) -> str:
        tally = self.tally
        if tally.count == 0:
            return ""
        last = one_line(self.criteria.models[-1].label)
        note = (
            f"{tally.count:,} processes are more than {tally.limit:,} marks can show: each "
            "square is a patch of the map, coloured by the model most of its processes get "
            "and darker the more processes it holds; outlined squares hold processes too "
            "close to call."
            if tally.dense
            else "Each dot is a process (hover for its name); marks are spread a little so "
            "that processes with equal answers do not hide each other."
        )
        return (
            "<h2>The portfolio at a glance</h2>\n<figure>"
            + render_map(self.criteria, tally)
            + f"<figcaption>Across: how far each process's defining answers lean toward "
            f"{escape(last)}; up: how far the recommended model leads. Low on the map "
            f"the call is close; hollow squares are the catalogue's services, for "
            f"reference. {note}</figcaption></figure>\n"
        )

    def _charts(self, summary: Summary) -> str:
        models = [
            (one_line(m.label), summary.by_model[m.id], self.colours[m.id])
            for m in self.criteria.models
        ]
        confidence = [
            (c, summary.by_confidence[c], colour) for c, colour in _CONFIDENCE_COLOURS.items()
        ]
        verdicts = [
            (VERDICT_WORDS[v.value], summary.by_verdict[v.value], colour)
            for v, colour in zip(Verdict, ("#57606a", "#8c959f", "#cf222e"), strict=True)
        ]
        return (
            '<h2>Counts</h2>\n<div class="charts">'
            + _bars("Recommended model", models)
            + _bars("Confidence", confidence)
            + _bars("Verdict", verdicts)
            + "</div>\n"
        )

    def _attention_section(self) -> str:
        out = ["<h2>Processes that need a human look</h2>"]
        if not self.attention_total:
            out.append(
                "<p>None: every process has a clear enough lead and at least medium confidence.</p>"
            )
            return "\n".join(out) + "\n"
        shown = len(self.attention)
        more = (
            f" The {shown} most pressing are listed; the full table has the rest."
            if self.attention_total > shown
            else ""
        )
        out.append(
            f"<p>{self.attention_total:,} processes are too close to call, have low "
            f"confidence or a borderline lead. Most pressing first: too close, then low "
            f"confidence, then borderline, then the most elevated risks.{more}</p>"
        )
        out.append(
            "<table><thead><tr><th>Row</th><th>Process</th><th>Recommendation</th>"
            "<th>Why look</th><th>Elevated risks</th></tr></thead><tbody>"
        )
        out += [row for _, _, row in sorted(self.attention, reverse=True)]
        out.append("</tbody></table>")
        return "\n".join(out) + "\n"

    def _risks(self, summary: Summary) -> str:
        recurring = summary.risks.most_common()
        assessed = summary.rows - summary.failed
        risks = {r.id: r for r in self.criteria.risks}
        out = ["<h2>Risks that recur most</h2>"]
        if not recurring:
            out.append("<p>No risk is elevated for any process.</p>")
            return "\n".join(out) + "\n"
        out.append(
            "<table><thead><tr><th>Risk</th><th>Processes</th><th>Mitigation</th></tr>"
            "</thead><tbody>"
        )
        for risk_id, count in recurring[:RISKS]:
            risk = risks[risk_id]
            share = count / assessed * 100 if assessed else 0.0
            colour = self.colours.get(risk.model, "#57606a")
            out.append(
                f"<tr><td><strong>{_e(risk.title)}</strong> "
                f'<span class="dim">({_e(wording.label(self.criteria, risk.model))})</span>'
                f'<div class="why">{_e(risk.description)}</div></td>'
                f'<td class="risk-count">{_meter(share, colour)} {count:,} '
                f'<span class="dim">({share:.0f}%)</span></td>'
                f"<td>{_e(risk.mitigation)}</td></tr>"
            )
        out.append("</tbody></table>")
        rest = len(recurring) - RISKS
        if rest > 0:
            words = "risk is" if rest == 1 else "risks are"
            out.append(
                f'<p class="note">{rest} less frequent {words} in the full table\'s '
                "elevated risks column.</p>"
            )
        return "\n".join(out) + "\n"

    def _write_full_table(self) -> None:
        """The header, then the rows waiting in the temporary file, copied in chunks."""
        head = (
            "<th>Row</th>"
            + "".join(f"<th>{_breakable(c)}</th>" for c in self.columns)
            + "<th>Recommendation</th><th>Confidence</th><th>Margin</th>"
            + "".join(f"<th>{_e(wording.label(self.criteria, m))}</th>" for m in self.models)
            + "<th>Elevated risks</th>"
        )
        self.stream.write(
            '<section class="full"><h2>Every process</h2>\n'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>\n'
        )
        self.table.seek(0)
        while chunk := self.table.read(1 << 16):
            self.stream.write(chunk)
        self.table.close()
        self.stream.write("</tbody></table></div></section>\n")


def _meter(share: float, colour: str) -> str:
    """A small inline bar for a share of 0..100."""
    width = max(1.0, min(100.0, share)) * 0.6
    return (
        '<svg width="62" height="10" viewBox="0 0 62 10" style="vertical-align:middle">'
        '<rect x="0" y="1" width="60" height="8" rx="2" fill="#eaeef2"/>'
        f'<rect x="0" y="1" width="{width:.1f}" height="8" rx="2" fill="{colour}"/></svg>'
    )


def _bars(title: str, items: list[tuple[str, int, str]]) -> str:
    """A small horizontal bar chart: one labelled bar per item, its count at the end."""
    most = max((n for _, n, _ in items), default=0) or 1
    height = 22 * len(items) + 4
    rows = []
    for index, (name, count, colour) in enumerate(items):
        y = 4 + index * 22
        width = count / most * 150
        rows.append(
            f'<text x="0" y="{y + 12}" font-size="11" fill="#1b1f24">{_e(name)}</text>'
            f'<rect x="92" y="{y}" width="150" height="16" rx="2" fill="#f3f4f6"/>'
            f'<rect x="92" y="{y}" width="{width:.1f}" height="16" rx="2" fill="{colour}">'
            f"<title>{_e(name)}: {count:,}</title></rect>"
            f'<text x="248" y="{y + 12}" font-size="11" fill="#1b1f24">{count:,}</text>'
        )
    return (
        f'<div class="chart"><h3>{escape(title)}</h3>'
        f'<svg viewBox="0 0 290 {height}" role="img" aria-label="{escape(title)}" '
        'font-family="system-ui, sans-serif">' + "".join(rows) + "</svg></div>"
    )


def open_html_writer(
    criteria: Criteria, stream: TextIO, columns: list[str], options: WriteOptions
) -> Writer:
    """HTML: one self-contained page with the map, counts, what to look at, risks, table."""
    return HtmlWriter(criteria, stream, columns)
