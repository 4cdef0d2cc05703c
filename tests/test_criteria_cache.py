"""The criteria cache: a validated file is reused by its exact bytes, and a cache that is
missing, corrupt, foreign or unwritable never changes what kpobpo does."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import import_probe, run
from kpobpo import criteria_cache, load
from kpobpo.errors import CriteriaError
from kpobpo.load import load_criteria, shipped_criteria_path

FIXTURES = Path(__file__).parent / "fixtures"
ALL_FILES = [shipped_criteria_path(), *sorted(FIXTURES.glob("*.yaml"))]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def criteria_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_bytes((FIXTURES / "criteria.yaml").read_bytes())
    return path


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(load, "parse_criteria", refuse)


def _entries(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "kpobpo").glob("criteria-*.marshal"))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_a_cached_file_is_what_the_loader_built(
    path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_criteria(path)
    assert len(_entries(cache_home)) == 1
    _no_parsing(monkeypatch)
    assert load_criteria(path) == fresh


def test_the_same_bytes_elsewhere_are_named_by_their_own_path(
    criteria_file: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    load_criteria(criteria_file)
    other = tmp_path / "copy.yaml"
    other.write_bytes(criteria_file.read_bytes())
    _no_parsing(monkeypatch)
    assert load_criteria(other).source == str(other)


def test_an_edited_file_is_validated_again(criteria_file: Path, cache_home: Path) -> None:
    load_criteria(criteria_file)
    text = criteria_file.read_text().replace("    weight: 2\n", "    weight: -2\n", 1)
    criteria_file.write_text(text)
    with pytest.raises(CriteriaError, match=r"questions\[0\]\.weight"):
        load_criteria(criteria_file)
    assert len(_entries(cache_home)) == 1  # an invalid file is never kept


@pytest.mark.parametrize(
    "spoil",
    [
        lambda entry: entry.write_bytes(b"\x00garbage"),
        lambda entry: entry.write_bytes(marshal.dumps(("another kpobpo", b"", "", ()))),
        lambda entry: entry.write_bytes(marshal.dumps((criteria_cache._stamp(), b"x", "", ()))),
        lambda entry: entry.write_bytes(marshal.dumps((criteria_cache._stamp(), b"", ()))),
    ],
    ids=["corrupt", "foreign", "other content", "older layout"],
)
def test_a_spoilt_entry_is_ignored_and_replaced(
    spoil: object, criteria_file: Path, cache_home: Path
) -> None:
    fresh = load_criteria(criteria_file)
    (entry,) = _entries(cache_home)
    assert callable(spoil)
    spoil(entry)
    assert load_criteria(criteria_file) == fresh
    assert criteria_cache.lookup(criteria_file.read_bytes(), str(criteria_file)) == fresh


def test_an_entry_with_the_right_bytes_but_a_broken_shape_is_ignored(
    criteria_file: Path, cache_home: Path
) -> None:
    fresh = load_criteria(criteria_file)
    (entry,) = _entries(cache_home)
    content = criteria_file.read_bytes()
    entry.write_bytes(marshal.dumps((criteria_cache._stamp(), content, "0" * 64, ("1.0",))))
    assert load_criteria(criteria_file) == fresh


def test_a_fifo_or_a_folder_where_the_entry_goes_changes_nothing(
    criteria_file: Path, cache_home: Path
) -> None:
    fresh = load_criteria(criteria_file)
    (entry,) = _entries(cache_home)
    entry.unlink()
    os.mkfifo(entry)  # reading it must not wait for a writer
    assert load_criteria(criteria_file) == fresh
    assert stat.S_ISFIFO(entry.stat().st_mode) is False  # replaced by a regular entry
    entry.unlink()
    entry.mkdir()
    assert load_criteria(criteria_file) == fresh
    assert entry.is_dir() and list(entry.parent.glob(".criteria-*")) == []


def test_an_unwritable_cache_is_no_failure(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    code, out, err = run(runner, "compare")
    assert code == 0 and out and err == ""
    assert blocker.read_text() == "not a folder"


def test_only_the_newest_entries_are_kept(tmp_path: Path, cache_home: Path) -> None:
    text = (FIXTURES / "criteria.yaml").read_text()
    for number in range(criteria_cache.KEEP + 3):
        path = tmp_path / f"c{number}.yaml"
        path.write_text(text.replace('version: "1.0"', f'version: "1.{number}"'))
        load_criteria(path)
        entry = max(_entries(cache_home), key=lambda p: p.stat().st_mtime_ns)
        os.utime(entry, ns=(number * 10**9, number * 10**9))
    assert len(_entries(cache_home)) == criteria_cache.KEEP


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert criteria_cache.cache_dir() == tmp_path / "kpobpo"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert criteria_cache.cache_dir() == tmp_path / "home" / ".cache" / "kpobpo"
    monkeypatch.setenv("HOME", "nowhere")
    assert criteria_cache.cache_dir() is None
    path = FIXTURES / "criteria.yaml"
    assert load_criteria(path).source == str(path)  # no cache at all: still loads
    assert criteria_cache.lookup(path.read_bytes(), str(path)) is None


def test_a_loader_without_its_sources_keeps_no_cache(
    monkeypatch: pytest.MonkeyPatch, cache_home: Path
) -> None:
    monkeypatch.setattr(criteria_cache, "_CODE", ("no-such-module.py",))
    path = FIXTURES / "criteria.yaml"
    assert load_criteria(path).source == str(path)
    assert _entries(cache_home) == []
    assert criteria_cache.lookup(path.read_bytes(), str(path)) is None


def test_an_edited_loader_trusts_no_older_entry(
    criteria_file: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_criteria(criteria_file)
    content = criteria_file.read_bytes()
    assert criteria_cache.lookup(content, "x") is not None
    monkeypatch.setattr(criteria_cache, "_stamp", lambda: "another loader")
    assert criteria_cache.lookup(content, "x") is None


def test_every_module_the_loader_runs_is_in_the_stamp() -> None:
    """A module of the loader missing from the stamp would let an edit go unnoticed."""
    code = (
        "import sys, kpobpo.load, kpobpo.validate, kpobpo.yamlio, kpobpo.criteria_cache; "
        "print(' '.join(m for m in sys.modules if m.startswith('kpobpo.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loader = {name.removeprefix("kpobpo.") + ".py" for name in done.stdout.split()}
    assert loader <= set(criteria_cache._CODE)


def test_two_installs_keep_an_entry_each(
    criteria_file: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another install (another loader's stamp) adds its own entry rather than replacing ours."""
    load_criteria(criteria_file)
    monkeypatch.setattr(criteria_cache, "_stamp", lambda: "another install")
    load_criteria(criteria_file)
    assert len(_entries(cache_home)) == 2
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    _no_parsing(monkeypatch)
    assert load_criteria(criteria_file).source == str(criteria_file)


def test_a_start_that_finds_its_entry_imports_neither_yaml_nor_hashlib(tmp_path: Path) -> None:
    """`assess -a ... -f json` prints the criteria's sha256 from the entry: the first start
    and the next give the same digest, the file's own, and the next imports no YAML."""
    probe = import_probe("sorted(m for m in ('yaml', 'hashlib') if m in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("KPOBPO_CRITERIA", None)
    args = ["assess", "-a", "expertise=basic", "-f", "json"]
    digests, imported = [], []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        digests.append(json.loads(done.stdout)["criteria"]["sha256"])
        imported.append(done.stderr.strip().splitlines()[-1])
    expected = hashlib.sha256(shipped_criteria_path().read_bytes()).hexdigest()
    assert digests == [expected, expected]
    assert imported == ["['hashlib', 'yaml']", "[]"]
    done = subprocess.run(
        [sys.executable, "-c", probe.replace("'hashlib'", "'kpobpo.render.report'"), "compare"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0 and done.stdout.strip(), done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"  # nor does compare build a report


def test_an_entry_whose_digest_is_not_a_sha256_is_used_but_its_digest_is_not(
    criteria_file: Path, cache_home: Path
) -> None:
    """The criteria come from the entry; the hash is worked out again, never taken on trust."""
    import hashlib

    fresh = load_criteria(criteria_file)
    (entry,) = _entries(cache_home)
    stamp, content, _digest, plain = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((stamp, content, "not a digest", plain)))
    found = criteria_cache.lookup(content, str(criteria_file))
    assert found == fresh
    assert found is not None and found.sha256 == hashlib.sha256(content).hexdigest()
