"""Shared fixtures: a fixed terminal width, the tests' criteria file, a CLI runner.

Every test runs on tests/fixtures/criteria.yaml (KPOBPO_CRITERIA points there),
so a change to the shipped data/criteria.yaml breaks only the content tests
(test_content.py, test_calibration.py), which ask for the `shipped` fixture.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from kpobpo.load import load_criteria, shipped_criteria_path
from kpobpo.model import Criteria

#: The criteria cache of the whole test run (kpobpo.criteria_cache): never the
#: machine's own ~/.cache. Set before any test module loads criteria.
CACHE_HOME = tempfile.mkdtemp(prefix="kpobpo-test-cache-")
os.environ["XDG_CACHE_HOME"] = CACHE_HOME
atexit.register(shutil.rmtree, CACHE_HOME, ignore_errors=True)

# CI runs the same examples every time, so a green run is reproducible; run
# locally with HYPOTHESIS_PROFILE=explore to search new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
#: The criteria file every code test runs on: the tests' own, not the shipped one.
CRITERIA_FIXTURE = FIXTURES / "criteria.yaml"


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pin Rich's width and colours so output does not depend on the machine."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("KPOBPO_CRITERIA", str(CRITERIA_FIXTURE))
    monkeypatch.setenv("XDG_CACHE_HOME", CACHE_HOME)
    yield


@pytest.fixture(scope="session")
def criteria() -> Criteria:
    """The tests' criteria file (tests/fixtures/criteria.yaml)."""
    return load_criteria(CRITERIA_FIXTURE)


@pytest.fixture(scope="session")
def shipped() -> Criteria:
    """The shipped criteria file: for the content tests only."""
    return load_criteria(shipped_criteria_path())


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture
def three_models() -> Path:
    """A criteria file with a third model, `captive`."""
    return FIXTURES / "three_models.yaml"
