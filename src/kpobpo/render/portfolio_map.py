"""The portfolio map: where processes stand between the models, as an inline SVG.

Each process is placed across by how knowledge-intensive its answers are and
up by its score lead (the margin between the top two models), coloured by the
model it gets, with the catalogue's services drawn faintly behind as
landmarks. Across is the share of the points that the defining questions
(`confidence.defining` in the criteria file; every scored question when it
names none) give the last model listed in the file: the axis runs from the
first model (left) to the last (right), so which end is "knowledge" is the
file's to say, not the code's. Low on the map is borderline; the band below
`scoring.borderline_margin` is shaded.

Pure functions and one small accumulator (`MapTally`), shared by the
portfolio's HTML page and `assess --format html`. The SVG carries its own
presentation attributes (no stylesheet needed, no scripts, nothing fetched),
and every text from a file is cleaned and escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from typing import NamedTuple

from kpobpo.kernel import kernel_of
from kpobpo.model import Assessment, Criteria
from kpobpo.render.text import number, one_line

#: Colours of models whose criteria declare none, by the models' order.
DEFAULT_PALETTE = ("#2f6db3", "#d9730d", "#2e8540", "#8250df", "#b3261e", "#6e7781")
#: Above this many processes the map draws density squares, not one mark each.
MAX_MARKS = 2000
#: The density grid: squares across and up.
GRID = 40

# The drawing's frame, in SVG user units.
_WIDTH, _HEIGHT = 760, 470
_LEFT, _RIGHT, _TOP, _BOTTOM = 58, 738, 16, 388
#: Room inside the frame, so marks at either end are not cut by it.
_PAD = 12
_INK, _FAINT, _GRID_LINE = "#1b1f24", "#8c959f", "#eaeef2"


def model_colours(criteria: Criteria) -> dict[str, str]:
    """Each model's colour: its own from the criteria file, or the default palette's."""
    return {
        m.id: m.colour or DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)]
        for i, m in enumerate(criteria.models)
    }


def knowledge_share(criteria: Criteria, answers: Mapping[str, str]) -> float | None:
    """How far the answers lean to the last model, 0..1 (None: no scored answer).

    The weighted share, over the answered defining questions (or every
    answered scored question when none of them is), of the points given to
    the last model of the file among the points given to all models.
    """
    rows = kernel_of(criteria).rows(answers)
    if not rows:
        return None
    defining = set(criteria.confidence.defining)
    chosen = [r for r in rows if r.question in defining] or rows
    total = sum(r.weight * sum(r.points) for r in chosen)
    if total <= 0:
        return 0.5
    return sum(r.weight * r.points[-1] for r in chosen) / total


class MapPoint(NamedTuple):
    """One mark: where it goes, its model, how it is marked and its hover title."""

    x: float
    lead: float
    model: str
    #: "clear" (a clear call or a lean), "borderline" or "too_close".
    mark: str
    title: str


def mark_of(assessment: Assessment) -> str:
    """How a result is marked: too close to call, borderline, or neither."""
    if assessment.verdict.value == "too_close":
        return "too_close"
    return "borderline" if assessment.borderline else "clear"


def point_of(
    assessment: Assessment, name: str, jitter: int | None = None, share: float | None = None
) -> MapPoint:
    """The mark of one assessed process.

    `jitter`, when given (a row number), spreads the mark a little, the same
    way every time, so that processes with equal answers do not hide each other.
    `share` is the answers' `knowledge_share` when the caller already has it.
    """
    criteria = assessment.criteria
    x = knowledge_share(criteria, assessment.answers) if share is None else share
    x = 0.5 if x is None else x
    lead = assessment.margin
    if jitter is not None:
        spread = (jitter * 2654435761) % 4294967296
        x = min(1.0, max(0.0, x + ((spread & 0xFFFF) / 0xFFFF - 0.5) * 0.03))
        lead = max(0.0, lead + ((spread >> 16) / 0xFFFF - 0.5) * 1.2)
    model = one_line(criteria.model(assessment.recommendation).label)
    title = (
        f"{one_line(name) or 'This process'}: {model}, lead {number(assessment.margin)}, "
        f"confidence {assessment.confidence.value}"
    )
    if assessment.verdict.value == "too_close":
        title += ", too close to call"
    elif assessment.borderline:
        title += ", borderline"
    return MapPoint(x, lead, assessment.recommendation, mark_of(assessment), title)


class Landmark(NamedTuple):
    """Catalogue services that sit at one place on the map."""

    x: float
    lead: float
    model: str
    names: tuple[str, ...]


def landmarks(criteria: Criteria) -> list[Landmark]:
    """The catalogue's services on the map; services with equal places share one landmark."""
    kernel = kernel_of(criteria)
    places: dict[tuple[float, float, str], list[str]] = {}
    for service in criteria.services:
        x = knowledge_share(criteria, service.answers)
        if x is None:
            continue
        standing = kernel.standing(service.answers)
        key = (round(x, 3), round(standing.margin, 1), standing.winner)
        places.setdefault(key, []).append(one_line(service.name))
    return [Landmark(x, lead, model, tuple(names)) for (x, lead, model), names in places.items()]


class MapTally:
    """The map's points, gathered one process at a time in bounded memory.

    Every point is kept up to `limit`; past it the map is drawn from the
    density grid, which is always counted and never grows beyond GRID x GRID.
    """

    def __init__(self, criteria: Criteria, limit: int | None = None) -> None:
        self.criteria = criteria
        self.limit = MAX_MARKS if limit is None else limit
        self.points: list[MapPoint] = []
        self.count = 0
        self.top_lead = 0.0
        #: (column, row) -> processes there, by model id, and how many are too close.
        self.cells: dict[tuple[int, int], dict[str, int]] = {}

    def add(self, point: MapPoint) -> None:
        """Count one process."""
        self.count += 1
        self.top_lead = max(self.top_lead, point.lead)
        if self.count <= self.limit:
            self.points.append(point)
        elif self.points:
            self.points = []  # drawn as density from here on
        column = min(GRID - 1, int(point.x * GRID))
        row = min(GRID - 1, int(point.lead / 100 * GRID))
        cell = self.cells.setdefault((column, row), {})
        cell[point.model] = cell.get(point.model, 0) + 1
        if point.mark == "too_close":
            cell[""] = cell.get("", 0) + 1

    @property
    def dense(self) -> bool:
        """Whether the map shows density rather than one mark per process."""
        return self.count > self.limit


def _e(text: str) -> str:
    return escape(one_line(text))


def _scale(criteria: Criteria, top: float) -> float:
    """The top of the lead axis: a round number above every lead and the high-lead line."""
    top = max(top, criteria.scoring.high_margin + 5, 20.0)
    return min(100.0, math.ceil((top + 2) / 10) * 10)


class _Frame:
    """Map coordinates to SVG units."""

    def __init__(self, top: float) -> None:
        self.top = top

    def x(self, share: float) -> float:
        return _LEFT + _PAD + share * (_RIGHT - _LEFT - 2 * _PAD)

    def y(self, lead: float) -> float:
        return _BOTTOM - _PAD - min(lead, self.top) / self.top * (_BOTTOM - _TOP - 2 * _PAD)


def _marker(mark: str, cx: float, cy: float, colour: str, r: float, extra: str = "") -> str:
    """The shape of one mark: a dot, a ringed dot (borderline) or a diamond (too close)."""
    if mark == "too_close":
        d = r * 1.35
        return (
            f'<path d="M{cx:.1f} {cy - d:.1f}L{cx + d:.1f} {cy:.1f}L{cx:.1f} {cy + d:.1f}'
            f'L{cx - d:.1f} {cy:.1f}Z" fill="{colour}" stroke="{_INK}" stroke-width="1.6"'
            f"{extra}"
        )
    stroke = f'stroke="{_INK}" stroke-width="1.6"' if mark == "borderline" else 'stroke="#fff"'
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="{colour}" {stroke}{extra}'


def render_map(
    criteria: Criteria,
    tally: MapTally,
    *,
    focus: MapPoint | None = None,
    label: str = "",
) -> str:
    """The map as an inline <svg>: axes, bands, landmarks, then the processes.

    `focus` is one process drawn large and named by `label` (the assess page);
    otherwise the tally's processes are drawn, one mark each or as density.
    """
    colours = model_colours(criteria)
    marks = landmarks(criteria)
    top = _scale(
        criteria,
        max(
            [tally.top_lead, *(m.lead for m in marks)] + ([focus.lead] if focus else []),
        ),
    )
    frame = _Frame(top)
    first, last = (one_line(m.label) for m in (criteria.models[0], criteria.models[-1]))
    out = [
        f'<svg viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        f'role="img" aria-labelledby="map-title" class="portfolio-map" '
        'style="width:100%;height:auto;display:block" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="11">',
        f'<title id="map-title">Map: knowledge intensity ({_e(first)} to {_e(last)}) '
        f"against score lead</title>",
        f'<rect x="{_LEFT}" y="{_TOP}" width="{_RIGHT - _LEFT}" height="{_BOTTOM - _TOP}" '
        'fill="#fbfcfd" stroke="#d0d7de"/>',
    ]
    out += _axes(criteria, frame, first, last)
    shapes, names = _landmarks(marks, frame, colours)
    out += shapes
    if focus is not None:
        out += _focus(focus, frame, colours, label)
    elif tally.dense:
        out += _density(criteria, tally, frame, colours)
    else:
        for p in tally.points:
            out.append(
                _marker(
                    p.mark,
                    frame.x(p.x),
                    frame.y(p.lead),
                    colours[p.model],
                    4.5,
                    ' fill-opacity="0.88" class="process">',
                )
                + f"<title>{_e(p.title)}</title>"
                + ("</path>" if p.mark == "too_close" else "</circle>")
            )
    out += names
    out += _legend(criteria, colours)
    out.append("</svg>")
    return "\n".join(out)


def _axes(criteria: Criteria, frame: _Frame, first: str, last: str) -> list[str]:
    """Grid lines, the borderline band, the high-lead line, ticks and axis titles."""
    scoring = criteria.scoring
    band_top = frame.y(scoring.borderline_margin)
    out = [
        f'<rect x="{_LEFT}" y="{band_top:.1f}" width="{_RIGHT - _LEFT}" '
        f'height="{_BOTTOM - band_top:.1f}" fill="#fff4d6"/>',
        f'<text x="{_RIGHT - 6}" y="{band_top + 12:.1f}" text-anchor="end" fill="#9a6700" '
        f'font-size="10">borderline: lead under {scoring.borderline_margin:g}</text>',
    ]
    step = 10 if frame.top <= 60 else 20
    for value in range(0, int(frame.top) + 1, step):
        y = frame.y(value)
        out.append(
            f'<line x1="{_LEFT}" x2="{_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{_GRID_LINE}"/>'
        )
        out.append(
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#57606a">{value}</text>'
        )
    for quarter in range(5):
        x = frame.x(quarter / 4)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{_BOTTOM}" stroke="{_GRID_LINE}"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{_BOTTOM + 15}" text-anchor="middle" fill="#57606a">'
            f"{quarter * 25}%</text>"
        )
    high = frame.y(scoring.high_margin)
    out.append(
        f'<line x1="{_LEFT}" x2="{_RIGHT}" y1="{high:.1f}" y2="{high:.1f}" stroke="#57606a" '
        'stroke-dasharray="4 4"/>'
    )
    out.append(
        f'<text x="{_RIGHT - 6}" y="{high - 5:.1f}" text-anchor="end" fill="#57606a" '
        f'font-size="10">lead for high confidence: {scoring.high_margin:g}</text>'
    )
    mid = (_TOP + _BOTTOM) / 2
    out.append(
        f'<text transform="translate(16 {mid:.0f}) rotate(-90)" text-anchor="middle" '
        f'fill="{_INK}">Score lead of the recommended model (points)</text>'
    )
    out.append(
        f'<text x="{_LEFT}" y="{_BOTTOM + 32}" fill="{_INK}" font-weight="600">'
        f"\u2190 {_e(first)}-like answers</text>"
    )
    out.append(
        f'<text x="{_RIGHT}" y="{_BOTTOM + 32}" text-anchor="end" fill="{_INK}" '
        f'font-weight="600">{_e(last)}-like answers \u2192</text>'
    )
    out.append(
        f'<text x="{(_LEFT + _RIGHT) / 2:.0f}" y="{_BOTTOM + 32}" text-anchor="middle" '
        f'fill="#57606a">knowledge intensity: share of the defining answers\' points '
        f"toward {_e(last)}</text>"
    )
    return out


def _landmarks(
    marks: list[Landmark], frame: _Frame, colours: dict[str, str]
) -> tuple[list[str], list[str]]:
    """The catalogue's services: faint hollow squares, and their names where the
    names do not collide (drawn over the processes, on a white halo)."""
    out: list[str] = []
    labels: list[str] = []
    taken: list[tuple[float, float, float, float]] = []
    for mark in sorted(marks, key=lambda m: (-m.lead, m.x)):
        x, y = frame.x(mark.x), frame.y(mark.lead)
        names = ", ".join(mark.names)
        out.append(
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="none" '
            f'stroke="{colours[mark.model]}" stroke-opacity="0.55" stroke-width="1.4" '
            f'class="landmark"><title>Catalogue: {escape(names)}</title></rect>'
        )
        text = mark.names[0] + (f" +{len(mark.names) - 1}" if len(mark.names) > 1 else "")
        width = len(text) * 5.2
        for anchor, left in (("start", x + 7), ("end", x - 7 - width)):
            box = (left, y - 8, left + width, y + 3)
            inside = box[0] >= _LEFT + 2 and box[2] <= _RIGHT - 2 and box[1] >= _TOP
            if inside and not any(_overlap(box, other) for other in taken):
                taken.append(box)
                tx = x + 7 if anchor == "start" else x - 7
                labels.append(
                    f'<text x="{tx:.1f}" y="{y + 3:.1f}" text-anchor="{anchor}" font-size="9" '
                    f'fill="#6e7781" stroke="#fff" stroke-opacity="0.75" stroke-width="2.5" '
                    f'paint-order="stroke">{escape(text)}</text>'
                )
                break
    return out, labels


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _focus(point: MapPoint, frame: _Frame, colours: dict[str, str], label: str) -> list[str]:
    """The one process of the assess page: large, haloed and named."""
    x, y = frame.x(point.x), frame.y(point.lead)
    right = x < (_LEFT + _RIGHT) / 2
    tx = x + 14 if right else x - 14
    return [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="15" fill="{colours[point.model]}" '
        'fill-opacity="0.18"/>',
        _marker(point.mark, x, y, colours[point.model], 8, ' class="process focus">')
        + f"<title>{_e(point.title)}</title>"
        + ("</path>" if point.mark == "too_close" else "</circle>"),
        f'<text x="{tx:.1f}" y="{y - 10:.1f}" text-anchor="{"start" if right else "end"}" '
        f'font-weight="700" font-size="12" fill="{_INK}" stroke="#fff" stroke-width="3" '
        f'paint-order="stroke">{_e(label) or "This process"}</text>',
    ]


def _density(
    criteria: Criteria, tally: MapTally, frame: _Frame, colours: dict[str, str]
) -> list[str]:
    """Past MAX_MARKS processes: one square per grid cell, shaded by how many fall there."""
    most = max((sum(v for k, v in c.items() if k) for c in tally.cells.values()), default=1)
    out: list[str] = []
    for (column, row), cell in sorted(tally.cells.items()):
        counts = {m: n for m, n in cell.items() if m}
        total = sum(counts.values())
        model = max(counts, key=lambda m: counts[m])
        low, high = row * 100 / GRID, (row + 1) * 100 / GRID
        if low >= frame.top:
            low = frame.top - 100 / GRID
        y_top, y_bottom = frame.y(high), frame.y(low)
        opacity = 0.2 + 0.8 * math.log1p(total) / math.log1p(most)
        close = cell.get("", 0)
        outline = f' stroke="{_INK}" stroke-width="1.4"' if close else ""
        words = ", ".join(
            f"{n} {one_line(criteria.model(m).label)}" for m, n in sorted(counts.items())
        )
        more = f", {close} too close to call" if close else ""
        left, right = frame.x(column / GRID), frame.x((column + 1) / GRID)
        out.append(
            f'<rect x="{left:.1f}" y="{y_top:.1f}" width="{right - left:.1f}" '
            f'height="{max(1.0, y_bottom - y_top):.1f}" fill="{colours[model]}" '
            f'fill-opacity="{opacity:.2f}"{outline} class="cell">'
            f"<title>{total} processes here: {escape(words)}{more}</title></rect>"
        )
    return out


def _legend(criteria: Criteria, colours: dict[str, str]) -> list[str]:
    """One line under the map: the models' colours, then the shapes."""
    y = _HEIGHT - 22
    x = float(_LEFT)
    out: list[str] = []
    for model in criteria.models:
        name = one_line(model.label)
        out.append(f'<circle cx="{x + 5:.1f}" cy="{y - 4}" r="5" fill="{colours[model.id]}"/>')
        out.append(f'<text x="{x + 14:.1f}" y="{y}" fill="{_INK}">{escape(name)}</text>')
        x += 26 + len(name) * 6.5
    x += 10
    borderline = f"{criteria.scoring.borderline_margin:g}"
    for mark, words in (
        ("clear", "clear or leaning"),
        ("borderline", f"borderline (lead under {borderline})"),
        ("too_close", "too close to call"),
    ):
        out.append(_marker(mark, x + 5, y - 4, "#afb8c1", 4.5, "/>"))
        out.append(f'<text x="{x + 14:.1f}" y="{y}" fill="{_INK}">{words}</text>')
        x += 26 + len(words) * 5.9
    out.append(
        f'<rect x="{x + 1:.1f}" y="{y - 8}" width="8" height="8" fill="none" stroke="{_FAINT}" '
        'stroke-width="1.4"/>'
    )
    out.append(f'<text x="{x + 14:.1f}" y="{y}" fill="{_INK}">catalogue service</text>')
    return out


def assessment_map(assessment: Assessment) -> str:
    """`assess --format html`: a section with the map, this process among the services."""
    criteria = assessment.criteria
    point = point_of(assessment, assessment.name or "")
    tally = MapTally(criteria)
    return (
        '<section id="map"><h2>Where it stands among known services</h2>\n'
        '<figure style="margin:0">'
        + render_map(criteria, tally, focus=point, label=assessment.name or "This process")
        + '<figcaption style="color:#57606a;font-size:.9em">Across: how far the defining '
        "answers lean from one model to the other; up: the lead of the recommended model. "
        "Hollow squares are the catalogue's services.</figcaption></figure></section>"
    )
