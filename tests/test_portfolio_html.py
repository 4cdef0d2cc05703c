"""The HTML portfolio page and the map, read as a browser would read them.

The page is parsed with the standard library's HTML parser (what is drawn,
what is titled, what is linked), and, where a headless Chromium can be had,
rendered: a screenshot that is not blank and a PDF that prints.
"""

from __future__ import annotations

import json
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CRITERIA_FIXTURE
from helpers import BROWSER, browser, run
from kpobpo.load import load_criteria, parse_criteria
from kpobpo.model import Criteria
from kpobpo.render.portfolio_map import (
    DEFAULT_PALETTE,
    MapPoint,
    MapTally,
    knowledge_share,
    landmarks,
    model_colours,
    render_map,
)

#: Processes whose answers span the map: both ends, the middle, a near tie.
INVENTORY = """\
name,owner,expertise,complexity,process_type,objective,codification
Call centre,Ann,basic,routine,customer_contact,cost,documented
Equity research,Bob,specialist,complex,research_analytics,insight,judgement
Claims desk,Cy,trained,moderate,transaction_processing,capacity,partly
Clinical line,Di,specialist,complex,customer_contact,cost,documented
Split desk,Ed,specialist,routine,customer_contact,cost,documented
Payroll,Fay,trained,routine,finance_accounting,cost,documented
Rework desk,Gus,basic,complex,customer_contact,insight,judgement
Back-office puzzle,Hal,basic,complex,back_office,insight,judgement
"""


#: HTML elements that have no end tag.
_VOID = frozenset({"meta", "br", "link", "img", "input", "hr", "wbr", "col", "source"})


class Page(HTMLParser):
    """What a test needs of a page: elements with their attributes, text in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        #: The open elements: (tag, class).
        self.stack: list[tuple[str, str]] = []
        #: The text of each <title> inside an SVG, with the class of its parent.
        self.titles: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag not in _VOID:
            self.stack.append((tag, attributes.get("class", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        tags = [t for t, _ in self.stack]
        if len(tags) >= 2 and tags[-1] == "title" and "svg" in tags:
            self.titles.append((data, self.stack[-2][1]))

    def having(self, tag: str, css: str = "") -> list[dict[str, str]]:
        """Attributes of every `tag` element whose class list holds `css`."""
        return [
            a
            for t, a in self.elements
            if t == tag and (not css or css in a.get("class", "").split())
        ]

    def marks(self) -> list[tuple[str, dict[str, str]]]:
        """The map's process marks: (tag, attributes)."""
        return [(t, a) for t, a in self.elements if "process" in a.get("class", "").split()]


def _portfolio(runner: CliRunner, tmp_path: Path, text: str, *more: str) -> tuple[str, str]:
    source = tmp_path / "inventory.csv"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "portfolio.html"
    code, out, err = run(runner, "portfolio", str(source), "-o", str(target), *more)
    assert code == 0, err
    assert out == ""
    return target.read_text(encoding="utf-8"), str(source)


def _json(runner: CliRunner, source: str) -> list[dict[str, object]]:
    code, out, err = run(runner, "portfolio", source, "-f", "json")
    assert code == 0, err
    processes: list[dict[str, object]] = json.loads(out)["processes"]
    return processes


def _self_contained(page: str) -> None:
    parsed = Page(page)
    assert page.startswith("<!DOCTYPE html>")
    assert not parsed.having("script") and "<script" not in page.lower()
    assert "http://" not in page and "https://" not in page
    assert not parsed.having("link") and not parsed.having("img")
    assert "\x1b" not in page


def test_the_page_draws_one_titled_mark_per_process(runner: CliRunner, tmp_path: Path) -> None:
    page, source = _portfolio(runner, tmp_path, INVENTORY, "-f", "html")
    _self_contained(page)
    parsed = Page(page)
    maps = parsed.having("svg", "portfolio-map")
    assert len(maps) == 1
    processes = _json(runner, source)
    marks = parsed.marks()
    assert len(marks) == len(processes) == 8
    titled = [t for t, css in parsed.titles if "process" in css.split()]
    for process in processes:
        assert sum(t.startswith(f"{process['name']}:") for t in titled) == 1
    # The too-close and borderline ones have their own shape and outline.
    assert {p["verdict"] for p in processes} == {"clear", "leans", "too_close"}
    for (tag, attributes), process in zip(marks, processes, strict=True):
        if process["verdict"] == "too_close":
            assert tag == "path"
        else:
            assert tag == "circle"
        marked = process["verdict"] == "too_close" or process["borderline"]
        assert (attributes.get("stroke") == "#1b1f24") == marked
    assert "too close to call" in page and "borderline (lead under 6)" in page


def test_each_kind_of_result_has_its_own_mark(criteria: Criteria) -> None:
    tally = MapTally(criteria)
    for mark in ("clear", "borderline", "too_close"):
        tally.add(MapPoint(0.5, 3.0, "kpo", mark, f"{mark} one"))
    parsed = Page(render_map(criteria, tally))
    (clear, borderline, close) = parsed.marks()
    assert clear[0] == "circle" and clear[1]["stroke"] == "#fff"
    assert borderline[0] == "circle" and borderline[1]["stroke"] == "#1b1f24"
    assert close[0] == "path" and close[1]["stroke"] == "#1b1f24"
    titles = [t for t, css in parsed.titles if "process" in css.split()]
    assert titles == ["clear one", "borderline one", "too_close one"]


def test_the_catalogue_services_are_faint_landmarks(
    runner: CliRunner, tmp_path: Path, criteria: Criteria
) -> None:
    page, _ = _portfolio(runner, tmp_path, INVENTORY, "-f", "html")
    parsed = Page(page)
    expected = landmarks(criteria)
    assert expected
    assert len(parsed.having("rect", "landmark")) == len(expected)
    titles = " ".join(t for t, css in parsed.titles if "landmark" in css.split())
    for service in criteria.services:
        assert service.name in titles


def test_the_page_is_chosen_by_the_output_name_and_carries_input_columns(
    runner: CliRunner, tmp_path: Path
) -> None:
    page, _ = _portfolio(runner, tmp_path, INVENTORY)
    parsed = Page(page)
    headers = [a for t, a in parsed.elements if t == "th"]
    assert headers
    text = "".join(parsed.text)
    for owner in ("Ann", "Bob", "Cy", "Di", "Ed", "Fay", "Gus", "Hal"):
        assert owner in text
    assert "owner" in text and "Every process" in text


def test_counts_attention_and_risks_come_from_the_results(
    runner: CliRunner, tmp_path: Path, criteria: Criteria
) -> None:
    page, source = _portfolio(runner, tmp_path, INVENTORY, "-f", "html")
    _, out, _ = run(runner, "portfolio", source, "-f", "json")
    summary = json.loads(out)["summary"]
    processes = json.loads(out)["processes"]
    text = "".join(Page(page).text)
    for model in criteria.models:
        assert f"{summary['by_model'][model.id]}to {model.label}" in text
    look = [
        p
        for p in processes
        if p["verdict"] == "too_close" or p["confidence"] == "low" or p["borderline"]
    ]
    assert look, "the inventory must hold a process that needs a look"
    assert f"{len(look)}need a human look" in text
    # The most pressing process heads the list: too close before anything else.
    listed = page.split("Processes that need a human look", 1)[1].split("</table>", 1)[0]
    first = next(p for p in sorted(look, key=lambda p: p["verdict"] != "too_close"))
    assert listed.index(str(first["name"])) == min(
        listed.index(str(p["name"])) for p in look if str(p["name"]) in listed
    )
    top = summary["recurring_risks"][0]
    risk = next(r for r in criteria.risks if r.id == top["id"])
    risks = page.split("Risks that recur most", 1)[1]
    assert risk.title in risks and risk.mitigation.split()[0] in risks


def test_text_from_files_is_escaped_and_cleaned(runner: CliRunner, tmp_path: Path) -> None:
    hostile = INVENTORY.replace("Call centre,Ann", '"<script>alert(1)</script>\x1b[31m",<i>Ann')
    page, _ = _portfolio(runner, tmp_path, hostile, "-f", "html")
    _self_contained(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;i&gt;Ann" in page and "<i>" not in page


def test_a_failed_row_is_in_the_table_and_the_rest_is_drawn(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "inventory.csv"
    source.write_text(INVENTORY + "Broken,Gil,guru,routine,,,\n", encoding="utf-8")
    code, out, err = run(runner, "portfolio", str(source), "-f", "html")
    assert code == 1 and "expertise" in err and "guru" in err
    parsed = Page(out)
    assert len(parsed.marks()) == 8
    assert "failed: expertise has no option 'guru'" in "".join(parsed.text)
    assert "1rows could not be assessed" in "".join(parsed.text)


def test_a_long_portfolio_is_drawn_as_density_and_says_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    body = INVENTORY.splitlines()[1:]
    rows = [body[i % len(body)].replace(",", f" {i},", 1) for i in range(2100)]
    page, _ = _portfolio(runner, tmp_path, INVENTORY.splitlines()[0] + "\n" + "\n".join(rows))
    parsed = Page(page)
    assert not parsed.marks()
    cells = parsed.having("rect", "cell")
    assert cells and len(cells) < 2100
    assert "2,100 processes are more than 2,000 marks can show" in page
    assert "2,100" in "".join(parsed.text)


def test_model_colours_come_from_the_criteria_file(
    runner: CliRunner, tmp_path: Path, criteria: Criteria
) -> None:
    assert model_colours(criteria) == {"bpo": DEFAULT_PALETTE[0], "kpo": DEFAULT_PALETTE[1]}
    coloured = tmp_path / "coloured.yaml"
    coloured.write_text(
        CRITERIA_FIXTURE.read_text().replace(
            "    billing_index: 2.0\n", '    billing_index: 2.0\n    colour: "#123abc"\n', 1
        )
    )
    page, source = _portfolio(
        runner, tmp_path, INVENTORY, "-f", "html", "--criteria", str(coloured)
    )
    _, out, _ = run(runner, "portfolio", source, "-f", "json", "--criteria", str(coloured))
    kpo = sum(p["recommendation"] == "kpo" for p in json.loads(out)["processes"])
    marks = Page(page).marks()
    assert kpo and sum(a["fill"] == "#123abc" for _, a in marks) == kpo
    assert sum(a["fill"] == DEFAULT_PALETTE[0] for _, a in marks) == len(marks) - kpo
    # The assess page's score bars take the same colour as its map.
    code, page, _ = run(
        runner, "assess", "-a", "expertise=specialist", "-f", "html", "--criteria", str(coloured)
    )
    assert code == 0
    place = [m.id for m in criteria.models].index("kpo")
    assert f".m{place} {{ background: #123abc; }}" in page


def test_the_knowledge_end_is_the_files_last_model(criteria: Criteria) -> None:
    expert = {
        "expertise": "specialist",
        "complexity": "complex",
        "process_type": "customer_contact",
    }
    routine = {"expertise": "basic", "complexity": "routine"}
    assert knowledge_share(criteria, expert) == 1.0  # the defining questions only
    assert knowledge_share(criteria, routine) == 0.0
    assert knowledge_share(criteria, {"process_type": "other"}) == 0.5  # no defining answer
    assert knowledge_share(criteria, {"data_sensitivity": "high"}) is None  # nothing scored
    # Listing the models the other way round turns the axis round: data decides.
    text = CRITERIA_FIXTURE.read_text()
    bpo = text[text.index("  - id: bpo\n") : text.index("  - id: kpo\n")]
    kpo_end = text.index("\nquestions:")
    swapped = text.replace(bpo, "", 1)
    swapped = swapped.replace("\nquestions:", "\n" + bpo.rstrip("\n") + "\n\nquestions:", 1)
    assert kpo_end and swapped != text
    reversed_criteria = parse_criteria(swapped, "swapped.yaml")
    assert [m.id for m in reversed_criteria.models] == ["kpo", "bpo"]
    assert knowledge_share(reversed_criteria, expert) == 0.0
    assert knowledge_share(reversed_criteria, routine) == 1.0


def test_a_third_model_file_draws_its_own_map(three_models: Path) -> None:
    criteria = load_criteria(three_models)
    tally = MapTally(criteria)
    svg = render_map(criteria, tally)
    assert "Captive-like answers" in svg and "BPO-like answers" in svg
    assert not criteria.confidence.defining
    assert knowledge_share(criteria, {"control": "full"}) == pytest.approx(5 / 6)


def test_the_assess_page_places_the_process_among_the_services(
    runner: CliRunner, criteria: Criteria
) -> None:
    code, out, err = run(runner, "assess", "-s", "equity research", "-f", "html")
    assert code == 0, err
    _self_contained(out)
    parsed = Page(out)
    assert len(parsed.having("svg", "portfolio-map")) == 1
    (focus,) = parsed.marks()
    assert "focus" in focus[1]["class"].split()
    assert len(parsed.having("rect", "landmark")) == len(landmarks(criteria))
    assert "Where it stands among known services" in out
    assert any(t.startswith("This process: KPO") for t, _ in parsed.titles)


# -- in a real browser ---------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of an 8-bit RGB or RGBA PNG, unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for i in range(stride):
            left = row[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                row[i] = (row[i] + best) & 255
        rows.append(bytes(row[j] for j in range(stride) if j % step < 3))
        previous = row
    return width, height, rows


def _looks_drawn(png: Path) -> None:
    """A screenshot with a map on it: many colours, and far from all white."""
    width, height, rows = png_pixels(png.read_bytes())
    assert width > 0 and height > 0
    colours: set[bytes] = set()
    inked = 0
    for row in rows[::3]:
        for x in range(0, len(row), 9):
            pixel = row[x : x + 3]
            colours.add(pixel)
            inked += pixel != b"\xff\xff\xff"
    assert len(colours) > 50, len(colours)
    assert inked > len(rows[::3]) * width / 3 * 0.03


def _renders(tmp_path: Path, page: Path, must_show: str) -> None:
    dom = browser(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert must_show in dom.stdout and "portfolio-map" in dom.stdout
    shot = tmp_path / "shot.png"
    browser(tmp_path, "--window-size=1000,1400", f"--screenshot={shot}", page.as_uri())
    _looks_drawn(shot)
    pdf = tmp_path / "page.pdf"
    browser(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF")
    assert b"/MediaBox [0 0 594.95996 841.91998]" in printed  # A4 portrait pages


@pytest.mark.skipif(
    BROWSER is None, reason="no headless browser installed (apt-get install chromium)"
)
def test_the_portfolio_page_renders_and_prints(runner: CliRunner, tmp_path: Path) -> None:
    _portfolio(runner, tmp_path, INVENTORY, "-f", "html")
    _renders(tmp_path, tmp_path / "portfolio.html", "The portfolio at a glance")


@pytest.mark.skipif(
    BROWSER is None, reason="no headless browser installed (apt-get install chromium)"
)
def test_the_assess_page_renders_and_prints(runner: CliRunner, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    code, _, err = run(runner, "assess", "-s", "equity research", "-f", "html", "-o", str(report))
    assert code == 0, err
    _renders(tmp_path, report, "Where it stands among known services")
