"""`kpobpo criteria init` and `kpobpo criteria diff`, through the CLI, on the fixture file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import run

FIXTURE = Path(__file__).parent / "fixtures" / "criteria.yaml"
FIXTURE_TEXT = FIXTURE.read_text(encoding="utf-8")


def edited(tmp_path: Path, old: str, new: str, name: str = "mine.yaml") -> Path:
    assert old in FIXTURE_TEXT, old
    path = tmp_path / name
    path.write_text(FIXTURE_TEXT.replace(old, new, 1), encoding="utf-8")
    return path


# -- criteria init ----------------------------------------------------------------


def test_init_writes_the_criteria_in_use_with_its_comments(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    code, out, err = run(runner, "criteria", "init", str(target))
    assert code == 0, err
    assert target.read_bytes() == FIXTURE.read_bytes()
    assert target.read_text().startswith("# ")  # the comments came along
    assert f"wrote {target}" in err and f"--criteria {target}" in err
    code, out, _ = run(runner, "criteria", "validate", str(target))
    assert code == 0, out


def test_init_without_a_name_writes_the_documented_default(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", "criteria", "init"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "criteria.yaml").read_bytes() == FIXTURE.read_bytes()


def test_init_never_replaces_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    target.write_text("my own edits\n")
    code, out, err = run(runner, "criteria", "init", str(target))
    assert code == 1 and out == ""
    assert f"{target} already exists; not replaced" in err
    assert target.read_text() == "my own edits\n"


def test_init_to_standard_output(runner: CliRunner) -> None:
    code, out, err = run(runner, "criteria", "init", "-")
    assert code == 0 and out == FIXTURE_TEXT and err == ""


def test_init_copies_the_criteria_given(runner: CliRunner, tmp_path: Path) -> None:
    mine = edited(tmp_path, "    weight: 4\n", "    weight: 3\n")
    target = tmp_path / "copy.yaml"
    code, _, err = run(runner, "criteria", "init", str(target), "--criteria", str(mine))
    assert code == 0, err
    assert target.read_bytes() == mine.read_bytes()


def test_init_refuses_a_broken_source_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    broken = edited(tmp_path, "    weight: 4\n", "    weight: heavy\n")
    target = tmp_path / "copy.yaml"
    code, _, err = run(runner, "criteria", "init", str(target), "--criteria", str(broken))
    assert code == 1 and "questions[1].weight: must be a number" in err
    assert not target.exists()


# -- criteria diff ----------------------------------------------------------------


def diff_json(runner: CliRunner, a: Path, b: Path) -> dict[str, object]:
    code, out, err = run(runner, "criteria", "diff", str(a), str(b), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"a", "b", "changes", "services"}
    return data  # type: ignore[no-any-return]


def test_diff_of_a_file_with_itself_is_empty(runner: CliRunner) -> None:
    data = diff_json(runner, FIXTURE, FIXTURE)
    assert data["changes"] == [] and data["services"] == []
    code, out, _ = run(runner, "criteria", "diff", str(FIXTURE), str(FIXTURE))
    assert code == 0
    assert "No model, question, option, weight or threshold changed." in out
    assert "No service of B changes model or confidence." in out


def test_diff_names_a_changed_weight_and_the_services_it_moves(
    runner: CliRunner, tmp_path: Path
) -> None:
    light = edited(tmp_path, "    weight: 4\n", "    weight: 0.5\n")
    data = diff_json(runner, FIXTURE, light)
    assert data["changes"] == [
        {
            "kind": "question",
            "change": "changed",
            "question": "expertise",
            "option": None,
            "label": "What must the people doing the work know?",
            "field": "weight",
            "old": 4.0,
            "new": 0.5,
        }
    ]
    services = data["services"]
    assert isinstance(services, list) and services
    for shift in services:
        assert set(shift) == {"name", "model", "answers", "a", "b"}
        a, b = shift["a"], shift["b"]
        assert (a["recommendation"], a["confidence"]) != (b["recommendation"], b["confidence"])


def test_diff_lists_added_removed_and_changed_options(runner: CliRunner, tmp_path: Path) -> None:
    old = "      - id: other\n        label: Something else\n        points: {bpo: 5, kpo: 5}\n"
    new = (
        "      - id: shared_services\n        label: Shared services centre\n"
        "        points: {bpo: 8, kpo: 2}\n"
    )
    mine = edited(tmp_path, old, new)
    mine.write_text(
        mine.read_text().replace("label: Routine; most cases look alike", "label: Routine work")
    )
    changes = {
        (c["change"], c["question"], c["option"], c["field"]): (c["old"], c["new"])
        for c in diff_json(runner, FIXTURE, mine)["changes"]  # type: ignore[union-attr]
    }
    assert changes == {
        ("added", "process_type", "shared_services", None): (None, None),
        ("removed", "process_type", "other", None): (None, None),
        ("changed", "complexity", "routine", "label"): (
            "Routine; most cases look alike",
            "Routine work",
        ),
    }
    code, out, _ = run(runner, "criteria", "diff", str(FIXTURE), str(mine))
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("│ ")]
    assert [row.split("│")[1].strip() for row in rows if row.split("│")[1].strip()] == [
        "added",
        "removed",
        "changed",
    ]


def test_diff_table_shows_the_service_under_both_files(runner: CliRunner, tmp_path: Path) -> None:
    mine = edited(tmp_path, "    weight: 4\n", "    weight: 0.5\n")
    code, out, err = run(runner, "criteria", "diff", str(FIXTURE), str(mine))
    assert code == 0, err
    assert "Services whose model or confidence changes" in out


def test_diff_reports_both_broken_files_at_once(runner: CliRunner, tmp_path: Path) -> None:
    one = edited(tmp_path, "    weight: 4\n", "    weight: heavy\n", "one.yaml")
    two = edited(tmp_path, "    weight: 2\n", "    weight: -1\n", "two.yaml")
    code, out, err = run(runner, "criteria", "diff", str(one), str(two))
    assert code == 1 and out == ""
    assert f"{one}:" in err and f"{two}:" in err and "Traceback" not in err


@pytest.mark.parametrize("which", ["A", "B"])
def test_diff_output_must_not_be_an_input(runner: CliRunner, tmp_path: Path, which: str) -> None:
    mine = edited(tmp_path, "    weight: 4\n", "    weight: 3\n")
    before = mine.read_bytes()
    a, b = (mine, FIXTURE) if which == "A" else (FIXTURE, mine)
    code, _, err = run(runner, "criteria", "diff", str(a), str(b), "-o", str(mine))
    assert code == 2 and f"criteria file {which}" in err
    assert mine.read_bytes() == before


def test_diff_of_models_thresholds_questions_and_order(runner: CliRunner, tmp_path: Path) -> None:
    """The three-model file against ours: models, thresholds and questions all differ."""
    three = Path(__file__).parent / "fixtures" / "three_models.yaml"
    data = diff_json(runner, FIXTURE, three)
    kinds = {(c["kind"], c["change"]) for c in data["changes"]}  # type: ignore[union-attr]
    assert kinds == {
        ("scoring", "changed"),
        ("confidence", "changed"),
        ("model", "added"),
        ("question", "added"),
        ("question", "removed"),
    }
    assert data["services"] == []


def test_diff_shows_a_new_order_and_a_service_a_cannot_score(
    runner: CliRunner, tmp_path: Path
) -> None:
    moderate = (
        "      - id: moderate\n        label: Moderate; some cases need thought or escalation\n"
        "        points: {bpo: 5, kpo: 5}\n"
    )
    complex_ = (
        "      - id: complex\n        label: Complex; each case needs analysis or research\n"
        "        points: {bpo: 0, kpo: 10}\n"
    )
    extra = (
        "  - id: volume\n    prompt: How many cases a month?\n    help: Volume.\n    weight: 1\n"
        "    options:\n      - {id: few, label: Few, points: {bpo: 2, kpo: 8}}\n"
        "      - {id: many, label: Many, points: {bpo: 9, kpo: 1}}\n\n  - id: data_sensitivity\n"
    )
    mine = edited(tmp_path, moderate + complex_, complex_ + moderate)
    text = mine.read_text().replace("  - id: data_sensitivity\n", extra, 1)
    text = text.replace(
        "services:\n",
        "services:\n  - name: Bulk mail room\n    model: bpo\n    answers: {volume: many}\n",
        1,
    )
    mine.write_text(text.replace("    label: BPO\n", "    label: Operations\n", 1))
    data = diff_json(runner, FIXTURE, mine)
    assert {
        "kind": "model",
        "change": "changed",
        "question": None,
        "option": None,
        "label": "Operations",
        "field": "bpo.label",
        "old": "BPO",
        "new": "Operations",
    } in data["changes"]  # type: ignore[operator]
    order = [c for c in data["changes"] if c["field"] == "order"]  # type: ignore[union-attr,index]
    assert order and order[0]["new"] == ["routine", "complex", "moderate"]
    (bulk,) = [s for s in data["services"] if s["name"] == "Bulk mail room"]  # type: ignore[union-attr,index]
    assert bulk["a"] is None and bulk["b"]["recommendation"] == "bpo"
    code, out, _ = run(runner, "criteria", "diff", str(FIXTURE), str(mine))
    assert code == 0 and "not scored" in out
