"""The schema declared once: the shipped JSON Schema and docs/criteria.md are what the
code generates, the editor's schema agrees with the loader, and copies keep their
`$schema` line working."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from helpers import run
from kpobpo.errors import CriteriaError
from kpobpo.load import parse_criteria, shipped_criteria_path
from kpobpo.model import ConfidenceRules
from kpobpo.schema import CONFIDENCE, SECTIONS
from kpobpo.schema_export import (
    SCHEMA_LINE_PREFIX,
    SCHEMA_NAME,
    copy_with_schema_line,
    generated,
    json_schema,
    main,
)

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_TEXT = (FIXTURES / "criteria.yaml").read_text(encoding="utf-8")
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


@pytest.mark.parametrize("path", list(generated(ROOT)), ids=lambda p: p.name)
def test_the_committed_file_is_what_the_schema_generates(path: Path) -> None:
    expected = generated(ROOT)[path]
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.relative_to(ROOT)} is stale: run python -m kpobpo.schema_export"
    )


def test_the_generator_writes_then_finds_nothing_stale(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    assert main(["--check"], tmp_path) == 1
    assert main([], tmp_path) == 0
    assert main(["--check"], tmp_path) == 0
    assert (tmp_path / "data" / SCHEMA_NAME).read_text() == (
        ROOT / "data" / SCHEMA_NAME
    ).read_text()


def test_the_json_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def _plain(text: str) -> Any:
    return yaml.safe_load(text)


@pytest.mark.parametrize(
    "path",
    [shipped_criteria_path(), *sorted(FIXTURES.glob("*.yaml"))],
    ids=lambda p: p.name,
)
def test_the_editor_schema_accepts_every_valid_criteria_file(path: Path) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(_plain(path.read_text(encoding="utf-8")))]
    assert errors == []


@pytest.mark.parametrize(
    ("old", "new", "loader_says"),
    [
        ("    weight: 2\n", "    weight: -2\n", "questions[0].weight: must be > 0"),
        ("  - id: expertise\n", "  - id: 'no good'\n", "questions[1].id: must be an id"),
        ("billing_index: 2.0", "billing_index: 2.0\n    hue: blue", "models[1].hue: unknown"),
        (
            "billing_index: 2.0",
            "billing_index: 2.0\n    colour: blue",
            "models[1].colour: must be a colour",
        ),
        ("  high_margin: 20\n", "", "scoring.high_margin: is missing"),
        ("    scored: false\n", "    scored: maybe\n", "scored: must be true or false"),
        ("    weight: 2\n", "", "questions[0].weight: is missing (or set scored: false)"),
        (
            "  - id: data_sensitivity\n",
            "  - id: data_sensitivity\n    weight: 2\n",
            "weight: an unscored question has no weight",
        ),
    ],
)
def test_the_editor_and_the_loader_refuse_the_same_shapes(
    old: str, new: str, loader_says: str
) -> None:
    assert old in FIXTURE_TEXT
    text = FIXTURE_TEXT.replace(old, new, 1)
    assert list(VALIDATOR.iter_errors(_plain(text))), "the editor's schema let it through"
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(text, "c.yaml")
    assert any(loader_says in str(p) for p in caught.value.problems)


def test_documented_defaults_are_the_loaders() -> None:
    defaults = ConfidenceRules()
    for field in CONFIDENCE.fields:
        if field.name == "defining":
            assert defaults.defining == ()
            continue
        assert json.loads(field.default) == pytest.approx(getattr(defaults, field.name))


def test_every_section_and_key_is_on_the_reference_page() -> None:
    page = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f"## `{section.name}`" in page
        for field in section.fields:
            assert f"| `{field.name}` |" in page


# -- the $schema line ------------------------------------------------------------------


def test_the_shipped_file_names_the_schema_beside_it() -> None:
    shipped = shipped_criteria_path()
    first = shipped.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"{SCHEMA_LINE_PREFIX}{SCHEMA_NAME}"
    assert (shipped.parent / SCHEMA_NAME).is_file()


def test_init_points_the_copy_at_the_schema_it_came_with(runner: CliRunner, tmp_path: Path) -> None:
    shipped = shipped_criteria_path()
    target = tmp_path / "ours.yaml"
    code, _, err = run(runner, "criteria", "init", str(target), "--criteria", str(shipped))
    assert code == 0, err
    first, rest = target.read_text(encoding="utf-8").split("\n", 1)
    schema = Path(first.removeprefix(SCHEMA_LINE_PREFIX))
    assert first.startswith(SCHEMA_LINE_PREFIX) and schema.is_absolute()
    assert schema.read_text() == (shipped.parent / SCHEMA_NAME).read_text()
    assert rest == shipped.read_text(encoding="utf-8").split("\n", 1)[1]
    code, out, _ = run(runner, "criteria", "validate", str(target))
    assert code == 0, out


@pytest.mark.parametrize(
    "line",
    [
        "https://example.org/criteria.schema.json",
        "/srv/schemas/criteria.schema.json",
        "",
    ],
)
def test_a_url_or_an_absolute_path_is_kept(line: str) -> None:
    text = f"{SCHEMA_LINE_PREFIX}{line}\nversion: '1'\n"
    assert copy_with_schema_line(text, Path("/elsewhere/c.yaml")) == text


def test_a_relative_path_is_made_absolute_and_a_bom_kept() -> None:
    text = f"\ufeff{SCHEMA_LINE_PREFIX}../s.json\nversion: '1'\n"
    copied = copy_with_schema_line(text, Path("/team/criteria/c.yaml"))
    assert copied == f"\ufeff{SCHEMA_LINE_PREFIX}/team/criteria/../s.json\nversion: '1'\n"
    assert copy_with_schema_line("version: '1'\n", Path("c.yaml")) == "version: '1'\n"


def test_the_schema_line_changes_the_criteria_hash_and_nothing_else() -> None:
    with_line = f"{SCHEMA_LINE_PREFIX}{SCHEMA_NAME}\n{FIXTURE_TEXT}"
    plain, commented = parse_criteria(FIXTURE_TEXT, "c"), parse_criteria(with_line, "c")
    assert plain._replace(content=b"") == commented._replace(content=b"")
    assert re.fullmatch("[0-9a-f]{64}", commented.sha256) and plain.sha256 != commented.sha256
