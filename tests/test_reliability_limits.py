"""The limits on what kpobpo reads, driven through the real command line.

Each hostile input (a document nested too deep, an alias that refers to
itself or repeats too much, an input that never ends, a control character,
a hand-edited saved file, a folder where a file belongs) must end in our
message naming the file and place, the documented exit code and no
traceback, within bounded memory (1 GB of address space) and time.
Nothing here touches the machine's own device nodes: devices and FIFOs are
made inside the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import CRITERIA_PATH
from kpobpo.limits import DRAWS, MAX_ALIAS_EXPANSION_MB, MAX_DEPTH, MAX_DOCUMENT_MB

MEMORY = 1 << 30
TIMEOUT = 60
FIXTURE_TEXT = CRITERIA_PATH.read_text(encoding="utf-8")
#: The first question's weight line, whatever the shipped weight is.
FIRST_WEIGHT = re.compile(r"^    weight: [0-9.]+\n", flags=re.MULTILINE)


def _bounded() -> None:  # pragma: no cover - runs in the child process
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def kpobpo(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command with 1 GB of address space and a time limit."""
    env = {k: v for k, v in os.environ.items() if k != "KPOBPO_CRITERIA"}
    return subprocess.run(
        [sys.executable, "-m", "kpobpo", *map(str, args)],
        cwd=cwd,
        env={**env, "COLUMNS": "100", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_bounded,
        check=False,
    )


def assert_refused(result: subprocess.CompletedProcess[str], place: str, message: str) -> None:
    """Exit 1, our message at `place` (a regex for FILE:LINE[:COL]) on stderr, no traceback."""
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(result.stderr) < 5000, "one message, not a stack"
    assert re.search(place + r":.*" + re.escape(message), result.stderr), result.stderr


# -- inputs the reader must refuse, in every kind of document ----------------------

DEEP = 600
HOSTILE = {
    "list-alias": ("a: &a [*a]\n", r":1:8", "an alias refers to itself"),
    "map-alias": ("a: &a {b: *a}\n", r":1:11", "an alias refers to itself"),
    "deep-flow": (
        "a: " + "[" * DEEP + "]" * DEEP + "\n",
        rf":1:{MAX_DEPTH + 3}",
        f"nested more than {MAX_DEPTH} levels",
    ),
    "deep-block": (
        "".join("  " * level + "k:\n" for level in range(DEEP)),
        rf":{MAX_DEPTH + 1}:\d+",
        f"nested more than {MAX_DEPTH} levels",
    ),
    "deep-json": (
        "[" * 5000 + "]" * 5000 + "\n",
        r":1:\d+",
        f"nested more than {MAX_DEPTH} levels",
    ),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize("role", ["criteria", "answers", "portfolio"])
def test_deep_and_self_referencing_documents_are_refused_with_a_place(
    tmp_path: Path, kind: str, role: str
) -> None:
    text, place, message = HOSTILE[kind]
    path = tmp_path / ("bad.json" if kind == "deep-json" else "bad.yaml")
    path.write_text(text, encoding="utf-8")
    command = {
        "criteria": ("criteria", "validate", path.name),
        "answers": ("assess", "--answers", path.name),
        "portfolio": ("portfolio", path.name),
    }[role]
    assert_refused(kpobpo(*command, cwd=tmp_path), re.escape(path.name) + place, message)


def test_a_json_lines_row_nested_too_deep_is_a_bad_row(tmp_path: Path) -> None:
    rows = [
        json.dumps({"name": "Payroll", "expertise": "trained"}),
        '{"name": "Deep", "expertise": ' + "[" * 5000 + "]" * 5000 + "}",
        json.dumps({"name": "Pricing", "expertise": "specialist"}),
    ]
    (tmp_path / "p.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = kpobpo("portfolio", "p.jsonl", "-f", "jsonl", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"p.jsonl:2: process 2: not valid JSON: nested more than {MAX_DEPTH} levels" in (
        result.stderr
    )
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert "Payroll" in names and "Pricing" in names


def test_aliases_are_counted_by_size_in_a_portfolio(tmp_path: Path) -> None:
    # 70 KB that would expand into 190 MB of rows: one long name, aliased 10,000 times.
    text = "- &row {name: " + "x" * 19_000 + ", expertise: trained}\n" + "- *row\n" * 10_000
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    result = kpobpo("portfolio", "p.yaml", "-f", "csv", cwd=tmp_path)
    assert_refused(
        result, r"p\.yaml:\d+:\d+", f"expand this document by more than {MAX_ALIAS_EXPANSION_MB} MB"
    )
    assert len(result.stdout) < 1000


def test_billion_laughs_in_a_criteria_file(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    (tmp_path / "c.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_refused(
        kpobpo("criteria", "validate", "c.yaml", cwd=tmp_path),
        r"c\.yaml:\d+:\d+",
        "anchors and aliases expand this document",
    )


# -- inputs that never end ------------------------------------------------------------


@pytest.fixture
def endless_device(tmp_path: Path) -> Path:
    """A character device like /dev/zero (1,5), made inside the test's folder."""
    path = tmp_path / "zero"
    try:
        os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


@pytest.mark.parametrize(
    "command",
    [("criteria", "validate", "zero"), ("assess", "--answers", "zero"), ("--criteria", "zero")],
)
def test_an_endless_device_stops_at_the_size_limit(
    endless_device: Path, command: tuple[str, ...]
) -> None:
    if command[0] == "--criteria":
        command = ("compare", *command)
    result = kpobpo(*command, cwd=endless_device.parent)
    assert_refused(result, "zero", f"larger than {MAX_DOCUMENT_MB} MB")


@pytest.fixture
def endless_fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO fed with portfolio rows until its reader goes away."""
    path = tmp_path / "rows.yaml"
    os.mkfifo(path)
    stop = threading.Event()

    def feed() -> None:
        chunk = b"- {name: Payroll, expertise: trained}\n" * 10_000
        try:
            with open(path, "wb") as fifo:
                while not stop.is_set():
                    fifo.write(chunk)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    yield path
    stop.set()
    if writer.is_alive():  # nobody opened the FIFO: let the writer's open return
        with open(path, "rb"):
            pass
    writer.join(5)


def test_an_endless_portfolio_document_stops_at_the_size_limit(endless_fifo: Path) -> None:
    result = kpobpo("portfolio", endless_fifo.name, cwd=endless_fifo.parent)
    assert_refused(result, re.escape(endless_fifo.name), f"larger than {MAX_DOCUMENT_MB} MB")


# -- odd bytes and odd numbers in a criteria file ---------------------------------------


def test_a_control_character_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    text = FIXTURE_TEXT.replace("title: ", "title: Know\x1bledge ", 1)
    line = text[: text.index("\x1b")].count("\n") + 1
    column = text.index("\x1b") - text.rfind("\n", 0, text.index("\x1b"))
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    result = kpobpo("criteria", "validate", "c.yaml", cwd=tmp_path)
    assert_refused(result, rf"c\.yaml:{line}:{column}", "U+001B is not allowed")
    assert "<unicode string>" not in result.stderr
    assert "\x1b" not in result.stderr


def test_a_duplicate_key_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    text = FIXTURE_TEXT.replace("title: ", "title: Again\ntitle: ", 1)
    text = FIRST_WEIGHT.sub("    weight: -3\n", text, count=1)
    text = text.replace("    label: BPO\n", "    label: yes\n", 1)
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    result = kpobpo("criteria", "validate", "c.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "criteria file has 3 problems" in result.stderr
    lines = [
        "title: appears twice",
        "models[0].label: reads as true/false",
        "questions[0].weight: must be > 0",
    ]
    found = [re.search(r"c\.yaml:(\d+):\d+: " + re.escape(line), result.stderr) for line in lines]
    assert all(found), result.stderr
    numbers = [int(match.group(1)) for match in found if match]
    assert numbers == sorted(numbers), "in the order of the file"


@pytest.mark.parametrize(("written", "hint"), [("1e308", "1.0e+308"), ("-2E5", "-2.0E+5")])
def test_a_number_yaml_reads_as_text_says_how_to_write_it(
    tmp_path: Path, written: str, hint: str
) -> None:
    text = FIRST_WEIGHT.sub(f"    weight: {written}\n", FIXTURE_TEXT, count=1)
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    result = kpobpo("criteria", "validate", "c.yaml", cwd=tmp_path)
    assert_refused(
        result,
        r"c\.yaml:\d+:\d+",
        f"weight: must be a number; {written} is read as text in YAML; write {hint}",
    )


# -- saved files are input too ---------------------------------------------------------

HUGE = "9" * 400


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("draws: -7", f"settings.draws: must be a whole number from {DRAWS[0]} to {DRAWS[1]}"),
        ("draws: 10000000", "settings.draws: must be a whole number"),
        ("draws: 1e20", "settings.draws: must be a whole number"),
        ("draws: 1.0e+20", "settings.draws: must be a whole number"),
        ("seed: .inf", "settings.seed: must be a whole number, not inf"),
        ("seed: .nan", "settings.seed: must be a whole number, not nan"),
        (f"hours: {HUGE}\n  rate: 10", "settings.hours: must be a number of 0 or more"),
        ("hours: -5\n  rate: 10", "settings.hours: must be a number of 0 or more, not -5"),
        ("hours: 100\n  rate: .nan", "settings.rate: must be a number of 0 or more, not nan"),
        ("hours: 100", "settings: hours and rate go together"),
        ("hours: 1.0e+308\n  rate: 10", "settings: hours and rate multiply to more than"),
        ("hours: 1e3\n  rate: 10", "1e3 is read as text in YAML; write 1.0e+3"),
    ],
)
def test_a_hand_edited_saved_file_obeys_the_flags_rules(
    tmp_path: Path, setting: str, message: str
) -> None:
    saved = f"answers:\n  expertise: basic\nsettings:\n  {setting}\n"
    (tmp_path / "saved.yaml").write_text(saved, encoding="utf-8")
    result = kpobpo("assess", "--answers", "saved.yaml", "-f", "json", cwd=tmp_path)
    assert_refused(result, r"saved\.yaml:[45]:\d+", message)
    assert HUGE not in result.stderr
    assert result.stdout == ""


def test_a_saved_json_file_with_a_huge_draw_count_is_refused_at_once(tmp_path: Path) -> None:
    saved = {"answers": {"expertise": "basic"}, "settings": {"draws": 1e20, "seed": 1}}
    (tmp_path / "saved.json").write_text(json.dumps(saved), encoding="utf-8")
    result = kpobpo("assess", "--answers", "saved.json", "-f", "json", cwd=tmp_path)
    assert_refused(result, r"saved\.json:1:\d+", "settings.draws: must be a whole number")


def test_flags_and_saved_files_share_one_rule(tmp_path: Path) -> None:
    (tmp_path / "saved.yaml").write_text(
        "answers:\n  expertise: basic\nsettings:\n  draws: 0\n", encoding="utf-8"
    )
    from_file = kpobpo("assess", "--answers", "saved.yaml", cwd=tmp_path)
    from_flag = kpobpo("assess", "-a", "expertise=basic", "--draws", "0", cwd=tmp_path)
    assert from_file.returncode == 1 and from_flag.returncode == 2
    rule = "must be a whole number from 1 to 100000, not 0"
    assert f"settings.draws: {rule}" in from_file.stderr
    assert f"--draws {rule}" in from_flag.stderr


def test_a_good_saved_file_still_reruns(tmp_path: Path) -> None:
    saved = "answers:\n  expertise: basic\nsettings:\n  draws: 50\n  hours: 100\n  rate: 2\n"
    (tmp_path / "saved.yaml").write_text(saved, encoding="utf-8")
    result = kpobpo("assess", "--answers", "saved.yaml", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["robustness"]["draws"] == 50
    assert data["cost"] == {"bpo": 200.0, "kpo": 400.0}


# -- a folder where a file is expected: exit 1 everywhere -------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("criteria", "validate", "folder"),
        ("compare", "--criteria", "folder"),
        ("assess", "-a", "expertise=basic", "--answers", "folder"),
        ("portfolio", "folder"),
        ("portfolio", "folder.csv"),
    ],
)
def test_a_folder_where_a_file_is_expected_exits_1(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / command[-1]).mkdir()
    result = kpobpo(*command, cwd=tmp_path)
    assert_refused(result, re.escape(command[-1]), "is a folder, not a file")


def test_a_number_past_pythons_digit_limit_is_a_plain_message(tmp_path: Path) -> None:
    """Python refuses to read an int of more than 4,300 digits; the user is told so
    in kpobpo's words, with the place, never advised to call a Python function."""
    (tmp_path / "answers.yaml").write_text("expertise: " + "9" * 5000 + "\n", encoding="utf-8")
    result = kpobpo("assess", "--answers", "answers.yaml", "-f", "json", cwd=tmp_path)
    assert_refused(result, r"answers\.yaml:1:12", "expertise: a whole number of 5000 digits")
    assert "sys." not in result.stderr
