"""The one report: the one-screen decision, its details, titles, dates and narrow terminals."""

from __future__ import annotations

import datetime
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import CLINICIANS, run
from kpobpo.load import shipped_criteria_path
from kpobpo.model import Criteria
from kpobpo.render import Format, render_assessment
from kpobpo.render.report import Items, build, decision, ranked_changes
from kpobpo.score import score


def test_every_format_shows_the_report_sections_in_one_order(criteria: Criteria) -> None:
    """Markdown and HTML both follow the report's sections, in its order."""
    result = score(criteria, {"expertise": "specialist", "complexity": "moderate", "core": "core"})
    titles = [s.title for s in build(result) if s.title]
    markdown = str(render_assessment(result, Format.MARKDOWN))
    page = str(render_assessment(result, Format.HTML))
    # The page adds its map after the "why" section; the rest follows the report.
    ids = re.findall(r'<section id="([a-z_]+)">', page)
    assert ids[ids.index("why") + 1] == "map"
    page = re.sub(r'<section id="map">.*?</section>', "", page, flags=re.S)
    in_markdown = re.findall(r"^## (.*)$", markdown, re.M)
    in_html = [html.unescape(t) for t in re.findall(r"<h2>(.*?)</h2>", page)]
    assert in_markdown == in_html == titles
    ids = re.findall(r'<section id="([a-z_]+)">', page)
    assert ids == [s.id for s in build(result)]


def test_changes_a_user_can_make_come_before_the_process_type(criteria: Criteria) -> None:
    answers = {
        "process_type": "customer_contact",
        "expertise": "trained",
        "complexity": "moderate",
        "codification": "partly",
        "objective": "capacity",
    }
    result = score(criteria, answers)
    fixed = {q.id for q in criteria.questions if not q.changeable}
    assert fixed == {"process_type"}
    ranked = [c.question for c in ranked_changes(result)]
    assert "process_type" in ranked and set(ranked) - fixed, ranked
    first_fixed = ranked.index("process_type")
    assert all(q in fixed for q in ranked[first_fixed:]), ranked


def test_the_decision_names_the_answers_that_drive_it(criteria: Criteria) -> None:
    result = score(criteria, {"expertise": "specialist", "complexity": "complex"})
    (drivers,) = [s for s in decision(result) if s.id == "drivers"]
    (items,) = drivers.facts
    assert isinstance(items, Items)
    text = " ".join(span.text for item in items.items for span in item)
    assert "Domain experts" in text and "Complex" in text


def test_the_name_heads_the_result_the_memo_and_the_page(
    runner: CliRunner, criteria: Criteria
) -> None:
    result = score(criteria, {"expertise": "specialist"})._replace(name="Payroll *EU* <b>\x1b[2J")
    markdown = str(render_assessment(result, Format.MARKDOWN))
    assert markdown.startswith("# Outsourcing decision for Payroll \\*EU\\* \\<b\\>")
    assert "\x1b" not in markdown
    today = datetime.date.today().isoformat()
    assert f"Date: {today}" in markdown.splitlines()[:4]
    page = str(render_assessment(result, Format.HTML))
    assert "<title>Outsourcing decision for Payroll *EU* &lt;b&gt;" in page
    assert "<b>" not in page and "\x1b" not in page
    from kpobpo.output import to_text

    table = to_text(render_assessment(result, Format.TABLE))
    assert table.startswith("Recommendation for Payroll *EU* <b>")
    unnamed = score(criteria, {"expertise": "specialist"})
    assert str(render_assessment(unnamed, Format.MARKDOWN)).startswith(
        "# Outsourcing decision: leans KPO"
    )
    code, out, _ = run(runner, "assess", "-f", "json", *CLINICIANS)
    assert code == 0 and today not in out and "date" not in json.loads(out)


def _services() -> list[str]:
    """The names of the shipped catalogue's services."""
    import yaml

    document = yaml.safe_load(shipped_criteria_path().read_text(encoding="utf-8"))
    return [service["name"] for service in document["services"]]


def _assess(*args: str, columns: int, cwd: Path) -> str:
    """The real command's standard output on the shipped criteria at `columns` wide."""
    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", "assess", "--no-input", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={
            "COLUMNS": str(columns),
            "NO_COLOR": "1",
            "TERM": "dumb",
            "PATH": "/usr/bin:/bin",
            "PYTHONIOENCODING": "utf-8",
        },
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_every_catalogue_service_fits_one_screen_at_80_columns(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("KPOBPO_CRITERIA", str(shipped_criteria_path()))
    for name in _services():
        code, out, err = run(runner, "assess", "-s", name, "--no-input")
        assert code == 0, err
        lines = out.splitlines()
        assert len(lines) <= 40, f"{name}: {len(lines)} lines\n{out}"
        assert max(len(line) for line in lines) <= 80
        assert "More with --details" in out


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("service", ["Clinical contact centre", "Securities processing"])
def test_from_60_columns_no_word_is_cut(tmp_path: Path, columns: int, service: str) -> None:
    out = _assess("-s", service, "--details", columns=columns, cwd=tmp_path)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "…" not in out  # Rich's mark for a word cut short
    words = set(re.findall(r"[\w'-]+", out))
    for word in ("certification", "intellectual", "data-processing"):
        assert word in words, word


def test_below_60_columns_the_tables_are_stacked(tmp_path: Path) -> None:
    out = _assess("-s", "Clinical contact centre", "--details", columns=50, cwd=tmp_path)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 50
    assert not any(c in out for c in "┏│┃"), "a table squeezed into 50 columns"
    assert "Mitigation: Sign a data-processing" in " ".join(out.split())
    assert re.search(r"\bKPO 32\.0\b", out)  # each answer's points stay with their model
    brief = _assess("-s", "Clinical contact centre", columns=50, cwd=tmp_path)
    assert max(len(line) for line in brief.splitlines()) <= 50
    assert "Not enough qualified specialists" in " ".join(brief.split())
