"""Shared fixtures: a fixed terminal width, the shipped criteria, a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from kpobpo.load import load_criteria, shipped_criteria_path
from kpobpo.model import Criteria

# CI runs the same examples every time, so a green run is reproducible; run
# locally with HYPOTHESIS_PROFILE=explore to search new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pin Rich's width and colours so output does not depend on the machine."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("KPOBPO_CRITERIA", raising=False)
    yield


@pytest.fixture(scope="session")
def criteria() -> Criteria:
    """The shipped criteria file."""
    return load_criteria(shipped_criteria_path())


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture
def three_models() -> Path:
    """A criteria file with a third model, `captive`."""
    return FIXTURES / "three_models.yaml"
