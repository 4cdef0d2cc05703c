"""The README's promise: a plain (non-editable) install works from any folder.

Builds the wheel, installs it into a fresh virtual environment and runs the
installed `kpobpo` from an unrelated folder, so a wheel without the criteria
file, or code that only finds it in the source tree, fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    wheel = next(wheels.glob("kpobpo-*.whl"))
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
    )
    return env_dir / "bin" / "kpobpo"


def _run(kpobpo: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KPOBPO_CRITERIA"}
    return subprocess.run(
        [str(kpobpo), *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def test_installed_wheel_runs_compare_from_another_folder(installed: Path, tmp_path: Path) -> None:
    done = _run(installed, "compare", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [m["id"] for m in json.loads(done.stdout)["models"]] == ["bpo", "kpo"]


def test_installed_wheel_uses_its_own_criteria_file(installed: Path, tmp_path: Path) -> None:
    done = _run(installed, "criteria", "path", cwd=tmp_path)
    path = Path(done.stdout.strip())
    assert path.is_file()
    assert (path.parent / "criteria.schema.json").is_file()  # its first line names it
    assert ROOT not in path.parents
    done = _run(installed, "assess", "-a", "expertise=specialist", "-f", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["recommendation"] == "kpo"
