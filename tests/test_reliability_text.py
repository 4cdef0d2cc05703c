"""Text from files never reaches the terminal raw, and every output survives odd text.

Each case runs the real command line (`python -m kpobpo` in a subprocess, the
way a user or a script meets it) and checks what a user would notice: the exit
code, no traceback, no terminal control character in stdout or stderr, JSON a
strict parser accepts, and no text lost to the width or the encoding.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kpobpo.errors import UsageError
from kpobpo.render.json_doc import dumps
from kpobpo.render.text import clean
from kpobpo.score import yearly_cost

FIXTURES = Path(__file__).parent / "fixtures"
#: Terminal control characters: C0 but newline and tab, DEL, C1; and the
#: bidirectional controls and invisible characters that disguise text.
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
#: What a hostile file may hide in its text: an OSC 52 clipboard write, a screen
#: clear, a C1 control sequence introducer, Rich markup that must stay literal,
#: a right-to-left override that shows "gnp.exe" as "exe.png", and a zero-width
#: space and a byte order mark that make two names look alike.
HOSTILE = [
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b[2J",
    "\x9b31m",
    "[bold red]",
    "\u202egnp.exe",
    "\u2066x\u2069\u200b\ufeff",
]


class Run:
    """The outcome of one command: exit code, stdout and stderr as text."""

    def __init__(self, done: subprocess.CompletedProcess[bytes]) -> None:
        self.code = done.returncode
        self.out = done.stdout.decode("utf-8")
        self.err = done.stderr.decode("utf-8")

    def assert_safe(self) -> None:
        """No traceback, and no control character in anything the user sees."""
        assert "Traceback" not in self.err
        for stream in (self.out, self.err):
            found = CONTROL.search(stream)
            assert found is None, f"control character {found.group()!r} in {stream!r}"


Env = dict[str, str | None]


def environment(changes: Env | None) -> dict[str, str]:
    """A copy of the environment with `changes` (None removes a variable)."""
    merged = {**os.environ, **(changes or {})}
    return {name: value for name, value in merged.items() if value is not None}


def kpobpo(*args: str, cwd: Path, env: Env | None = None, stdin: str = "") -> Run:
    """Run `python -m kpobpo ARGS` in `cwd`, with the environment changed by `env`."""
    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", *args],
        cwd=cwd,
        env=environment(env),
        input=stdin.encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    return Run(done)


def strict_json(text: str) -> Any:
    """Parse JSON, refusing the NaN and Infinity that Python's parser allows."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def criteria_with(tmp_path: Path, text: str, name: str = "criteria.yaml") -> Path:
    """The three-model fixture with `text` appended (a new top-level key or list)."""
    path = tmp_path / name
    path.write_text((FIXTURES / "three_models.yaml").read_text() + text, encoding="utf-8")
    return path


def with_service(tmp_path: Path, name: str) -> Path:
    """The three-model fixture with one service called `name`."""
    service = f"{{name: {quoted(name)}, model: bpo, answers: {{control: little}}}}"
    return criteria_with(tmp_path, f"services:\n  - {service}\n")


def quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar: control characters escaped."""
    return json.dumps(value)


# -- section 5: messages quote text from files, cleaned -----------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_criteria_version_is_shown_literally_by_validate(tmp_path: Path, hostile: str) -> None:
    source = (FIXTURES / "three_models.yaml").read_text()
    path = tmp_path / "criteria.yaml"
    path.write_text(source.replace('version: "3m-1"', f"version: {quoted('v' + hostile)}"))
    result = kpobpo("criteria", "validate", str(path), cwd=tmp_path)
    assert result.code == 0
    result.assert_safe()
    assert f"ok (version v{clean(hostile)}: 3 models" in result.out


@pytest.mark.parametrize("hostile", HOSTILE)
def test_unknown_key_in_criteria_is_named_cleanly(tmp_path: Path, hostile: str) -> None:
    path = criteria_with(tmp_path, f"{quoted('odd' + hostile)}: 1\n")
    result = kpobpo("criteria", "validate", str(path), cwd=tmp_path)
    assert result.code == 1
    result.assert_safe()
    assert f"criteria.yaml:49:1: odd{clean(hostile)}: unknown key" in result.err


@pytest.mark.parametrize("hostile", HOSTILE)
def test_unknown_key_in_answers_file_is_named_cleanly(tmp_path: Path, hostile: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"{quoted('odd' + hostile)}: little\ncontrol: little\n")
    result = kpobpo(
        "assess", "--criteria", str(FIXTURES / "three_models.yaml"), "--answers", str(answers),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 1
    result.assert_safe()
    assert "answers.yaml:1:1: odd" in result.err
    assert "unknown question" in result.err


@pytest.mark.parametrize("hostile", HOSTILE)
def test_closest_service_names_are_quoted_cleanly(tmp_path: Path, hostile: str) -> None:
    name = f"Pay{hostile}roll"
    path = criteria_with(
        tmp_path,
        f"services:\n  - {{name: {quoted(name)}, model: bpo, answers: {{control: little}}}}\n",
    )
    typo = clean(name)[:-1] + "x"  # unknown, but close to the name
    result = kpobpo("assess", "--criteria", str(path), "-s", typo, cwd=tmp_path)
    assert result.code == 2
    result.assert_safe()
    assert f"closest: {clean(name)}." in result.err


@pytest.mark.parametrize("hostile", HOSTILE)
def test_ambiguous_service_candidates_are_quoted_cleanly(tmp_path: Path, hostile: str) -> None:
    name = f"Pay{hostile}roll"
    path = criteria_with(
        tmp_path,
        "services:\n"
        f"  - {{name: {quoted(name)}, model: bpo, answers: {{control: little}}}}\n"
        "  - {name: Payments, model: bpo, answers: {control: little}}\n",
    )
    result = kpobpo("assess", "--criteria", str(path), "-s", "pa", cwd=tmp_path)
    assert result.code == 2
    result.assert_safe()
    assert f"{clean(name)} (" in result.err and "Payments (payments)" in result.err


@pytest.mark.parametrize("hostile", HOSTILE)
def test_tampered_hash_in_a_saved_file_is_warned_about_cleanly(
    tmp_path: Path, hostile: str
) -> None:
    criteria = str(FIXTURES / "three_models.yaml")
    saved = tmp_path / "saved.yaml"
    first = kpobpo(
        "assess", "--criteria", criteria, "-a", "control=little", "--save", str(saved),
        cwd=tmp_path,
    )  # fmt: skip
    assert first.code == 0
    document = yaml.safe_load(saved.read_text())
    document["criteria"]["sha256"] = hostile + "0" * 20
    saved.write_text(yaml.safe_dump(document))
    result = kpobpo("assess", "--criteria", criteria, "--answers", str(saved), cwd=tmp_path)
    assert result.code == 0
    result.assert_safe()
    assert "warning: " in result.err
    assert f"(sha256 {clean((hostile + '0' * 20)[:12])}, now" in result.err


@pytest.mark.parametrize("hostile", HOSTILE)
def test_portfolio_row_reports_are_cleaned(tmp_path: Path, hostile: str) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        json.dumps({"name": "good", "control": "little"})
        + "\n"
        + json.dumps({"name": "bad", "control": "little", f"odd{hostile}": 1})
        + "\n"
        + json.dumps({"name": "worse", "control": f"never{hostile}"})
        + "\n"
    )
    criteria = str(FIXTURES / "three_models.yaml")
    for fmt in ("table", "csv", "jsonl", "json", "markdown"):
        result = kpobpo("portfolio", str(rows), "--criteria", criteria, "-f", fmt, cwd=tmp_path)
        assert result.code == 1, fmt
        if fmt == "csv":  # CSV gives the input's cells back as they are: data, not text
            result.out = ""
        result.assert_safe()
        assert "rows.jsonl:2:" not in result.err  # 'odd...' is carried, not reported
        assert "rows.jsonl:3: process 3: control" in result.err


@pytest.mark.parametrize("fmt", ["table", "jsonl", "json", "markdown"])
def test_names_reach_every_result_format_safely(tmp_path: Path, fmt: str) -> None:
    """Shown cleaned in table and Markdown; escaped, and so kept exactly, in JSON."""
    names = [f"p{i}{hostile}" for i, hostile in enumerate(HOSTILE)]
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"name": n, "control": "little"}) + "\n" for n in names))
    criteria = str(FIXTURES / "three_models.yaml")
    result = kpobpo("portfolio", str(rows), "--criteria", criteria, "-f", fmt, cwd=tmp_path)
    assert result.code == 0, result.err
    result.assert_safe()
    if fmt == "jsonl":
        assert [strict_json(line)["name"] for line in result.out.splitlines()] == names
    elif fmt == "json":
        assert [p["name"] for p in strict_json(result.out)["processes"]] == names
    else:
        assert "p4gnp.exe" in result.out


@pytest.mark.parametrize("hostile", HOSTILE)
def test_interactive_session_messages_are_cleaned(tmp_path: Path, hostile: str) -> None:
    # The service search is offered only at a terminal: drive it in a real pty.
    pexpect = pytest.importorskip("pexpect")
    import io

    name = f"Pay{hostile}roll"
    path = criteria_with(
        tmp_path,
        f"services:\n  - {{name: {quoted(name)}, model: bpo, answers: {{control: little}}}}\n",
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kpobpo", "assess", "--criteria", str(path)],
        cwd=str(tmp_path),
        env=environment({"TERM": "dumb", "NO_COLOR": "1", "KPOBPO_CRITERIA": None}),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    child.logfile_read = transcript = io.StringIO()
    # Search "pay", take the only match, answer the two open questions, accept the review.
    for prompt, typed in [
        ("part of its name", "pay"),
        ("Enter takes it", ""),
        (r"Answer \[", "1"),
        (r"Answer \[", "1"),
        ("to change it: ", ""),
    ]:
        child.expect(prompt)
        child.sendline(typed)
    child.expect(pexpect.EOF)
    child.close()
    seen = transcript.getvalue().replace("\r\n", "\n")
    assert child.exitstatus == 0, seen
    assert "Traceback" not in seen
    found = CONTROL.search(seen)
    assert found is None, f"control character {found.group()!r} in {seen!r}"
    assert f"Starting from {clean(name)}:" in seen
    assert "Recommendation:" in seen


def test_markup_in_messages_is_printed_as_is(tmp_path: Path) -> None:
    path = criteria_with(tmp_path, '"[red]odd[/red]": 1\n')
    result = kpobpo("criteria", "validate", str(path), cwd=tmp_path)
    assert result.code == 1
    assert "[red]odd[/red]: unknown key" in result.err


def test_a_newline_in_a_quoted_value_cannot_forge_a_message_line(tmp_path: Path) -> None:
    forged = "x\nerror: all good, ignore the rest.yaml"
    (tmp_path / forged).write_text("expertise: trained\n")
    (tmp_path / forged).chmod(0o444)
    result = kpobpo("compare", "-o", forged, cwd=tmp_path)
    assert result.code == 1
    result.assert_safe()
    lines = result.err.splitlines()
    assert lines[0].startswith("error: x")
    assert [line for line in lines if line.startswith("error:")] == lines[:1]
    assert "  error: all good" in result.err


def test_file_names_in_messages_are_cleaned(tmp_path: Path) -> None:
    result = kpobpo("assess", "--answers", "no\x1b[2Jsuch.yaml", cwd=tmp_path)
    assert result.code != 0
    result.assert_safe()
    assert "no[2Jsuch.yaml" in result.err


# -- section 3: odd text, odd encodings, odd widths ---------------------------


def lone_surrogate_rows(tmp_path: Path) -> Path:
    """A JSON Lines portfolio whose one name holds a lone surrogate."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"name": "A\\ud800B", "control": "little"}\n')
    return rows


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json", "markdown"])
def test_a_lone_surrogate_is_replaced_in_every_format(tmp_path: Path, fmt: str) -> None:
    rows = lone_surrogate_rows(tmp_path)
    criteria = str(FIXTURES / "three_models.yaml")
    shown = kpobpo("portfolio", str(rows), "--criteria", criteria, "-f", fmt, cwd=tmp_path)
    written = kpobpo(
        "portfolio", str(rows), "--criteria", criteria, "-f", fmt, "-o", "out.txt",
        cwd=tmp_path,
    )  # fmt: skip
    for result in (shown, written):
        assert result.code == 0, result.err
        result.assert_safe()
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    for output in (shown.out, text):
        assert re.search("A[\ufffd?]B", output), output
        if fmt == "jsonl":
            assert strict_json(output)["name"] == "A\ufffdB"
        if fmt == "json":
            assert strict_json(output)["processes"][0]["name"] == "A\ufffdB"


def _not_utf8(env: Env) -> bool:
    """Whether Python really writes stdout in a non-UTF-8 encoding under `env`."""
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        env=environment(env),
        capture_output=True,
        text=True,
        check=True,
    )
    return not probe.stdout.strip().lower().replace("-", "").startswith("utf8")


ASCII_ENVIRONMENTS: list[Env] = [
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": None},
]
COMMANDS = [
    ("assess", "-a", "expertise=specialist", "-a", "data_sensitivity=high"),
    ("assess", "-a", "expertise=specialist", "-a", "data_sensitivity=high", "--details"),
    ("compare",),
    ("services",),
    ("assess", "-a", "expertise=specialist", "-f", "markdown"),
]


@pytest.mark.parametrize("env", ASCII_ENVIRONMENTS, ids=["PYTHONIOENCODING", "LC_ALL=C"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_ascii_terminal_gets_ascii_tables(
    tmp_path: Path, env: Env, args: tuple[str, ...]
) -> None:
    if not _not_utf8(env):
        pytest.skip("this Python writes UTF-8 here whatever the locale")
    result = kpobpo(*args, cwd=tmp_path, env=env)
    assert result.code == 0, result.err
    result.assert_safe()
    assert result.out.isascii()
    assert result.out.strip()
    assert "??" not in result.out
    if "-f" not in args and args != COMMANDS[0]:  # the one-screen decision has no table
        assert "+--" in result.out  # ASCII boxes, not blank or question marks


def test_an_ascii_terminal_gets_the_portfolio_and_its_messages(tmp_path: Path) -> None:
    env = ASCII_ENVIRONMENTS[0]
    rows = lone_surrogate_rows(tmp_path)
    rows.write_text(rows.read_text() + '{"name": "Café", "control": "never"}\n')
    criteria = str(FIXTURES / "three_models.yaml")
    result = kpobpo("portfolio", str(rows), "--criteria", criteria, cwd=tmp_path, env=env)
    assert result.code == 1
    result.assert_safe()
    assert result.out.isascii() and result.err.isascii()
    assert "A?B" in result.out
    assert "rows.jsonl:2: process 2: control" in result.err


def test_a_cost_that_overflows_is_a_usage_error(tmp_path: Path) -> None:
    result = kpobpo(
        "assess", "-a", "expertise=specialist", "--hours", "1e308", "--rate", "10", "-f", "json",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 2
    result.assert_safe()
    assert result.out == ""
    assert "--hours" in result.err and "--rate" in result.err


def test_json_with_a_cost_is_strict_json(tmp_path: Path) -> None:
    result = kpobpo(
        "assess", "-a", "expertise=specialist", "--hours", "1e150", "--rate", "1e150",
        "-f", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 0, result.err
    cost = strict_json(result.out)["cost"]
    assert cost == {"bpo": pytest.approx(1e300), "kpo": pytest.approx(2e300)}


def test_yearly_cost_refuses_an_overflow(criteria: Any) -> None:
    with pytest.raises(UsageError, match="--hours 1e\\+308 times --rate 10"):
        yearly_cost(criteria, 1e308, 10)


def test_the_json_dumper_writes_only_strict_safe_json() -> None:
    text = dumps({"name": "a\x7fb\x9bc\ud800d\x1be"})
    assert CONTROL.search(text) is None
    assert strict_json(text) == {"name": "a\x7fb\x9bc\ufffdd\x1be"}
    with pytest.raises(ValueError):
        dumps({"score": float("nan")})


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "²", "3", "99999999999"])
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("assess", "-a", "expertise=specialist"), "leans KPO"),
        (("compare",), "Knowledge Process"),
        (("services",), "Known services"),
    ],
    ids=["assess", "compare", "services"],
)
def test_a_nonsensical_width_still_shows_everything(
    tmp_path: Path, columns: str, args: tuple[str, ...], expected: str
) -> None:
    result = kpobpo(*args, cwd=tmp_path, env={"COLUMNS": columns})
    assert result.code == 0, result.err
    result.assert_safe()
    assert expected in result.out
    longest = max(len(line) for line in result.out.splitlines())
    assert 40 <= longest <= 200


def many_models(tmp_path: Path, count: int) -> Path:
    """A criteria file with `count` models, shaped like the three-model fixture."""
    ids = [f"m{i}" for i in range(count)]
    models = [
        {"id": m, "label": f"Label{i}", "name": f"Model number {i}", "summary": f"Summary{i}"}
        for i, m in enumerate(ids)
    ]
    for i, model in enumerate(models):
        model["billing_index"] = 1.0 + i / 10
    options = [
        {"id": "small", "label": "Small", "points": {m: i % 6 for i, m in enumerate(ids)}},
        {"id": "large", "label": "Large", "points": {m: 5 - i % 6 for i, m in enumerate(ids)}},
    ]
    document = {
        "version": "many-1",
        "title": "Many models",
        "scoring": {"max_points": 5, "borderline_margin": 5, "high_margin": 15},
        "models": models,
        "questions": [
            {"id": "size", "prompt": "How large?", "help": "Size.", "weight": 1, "options": options}
        ],
        "risks": [
            {"id": f"r{i}", "model": m, "title": f"Risk{i}", "description": "-", "mitigation": "-"}
            for i, m in enumerate(ids)
        ],
        "dimensions": [
            {
                "id": "control",
                "label": "Control",
                "values": {m: f"Value{i}" for i, m in enumerate(ids)},
            }
        ],
    }
    path = tmp_path / "many.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@pytest.mark.parametrize("columns", ["80", "40", "200"])
def test_fifty_models_lose_no_text_in_compare(tmp_path: Path, columns: str) -> None:
    path = many_models(tmp_path, 50)
    result = kpobpo("compare", "--criteria", str(path), cwd=tmp_path, env={"COLUMNS": columns})
    assert result.code == 0, result.err
    result.assert_safe()
    words = set(re.findall(r"\w+", result.out))
    for i in range(50):
        for word in (f"Label{i}", f"Summary{i}", f"Value{i}", f"Risk{i}"):
            assert word in words, f"{word} is missing at {columns} columns"
    assert max(len(line) for line in result.out.splitlines()) <= int(columns)


def test_fifty_models_lose_no_text_in_assess(tmp_path: Path) -> None:
    path = many_models(tmp_path, 50)
    result = kpobpo(
        "assess",
        "--criteria",
        str(path),
        "-a",
        "size=small",
        "--details",
        cwd=tmp_path,
        env={"COLUMNS": "80"},
    )
    assert result.code == 0, result.err
    result.assert_safe()
    why = result.out[result.out.index("Why:") : result.out.index("What would change it")]
    for i in range(50):
        assert re.search(rf"\bLabel{i} \d+\.\d\b", why), f"Label{i} has no points in:\n{why}"


def test_a_few_models_keep_the_side_by_side_table(tmp_path: Path) -> None:
    result = kpobpo("compare", "--criteria", str(FIXTURES / "three_models.yaml"), cwd=tmp_path)
    assert result.code == 0
    assert re.search(r"┃ BPO +┃ KPO +┃", result.out)
    assert re.search(r"┃ Business Process +┃ Knowledge Process +┃ Captive +┃", result.out)


def test_a_tiny_terminal_gets_a_readable_width(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    # A real terminal type: a dumb one makes Rich assume 80 columns whatever the size.
    env = environment({"COLUMNS": None, "LINES": None, "TERM": "xterm", "NO_COLOR": "1"})
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kpobpo", "compare"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 12),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Knowledge Process Outsourcing" in child.before.replace("\r\n", "\n")


def test_a_narrow_terminal_gets_every_portfolio_row_whole(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,control,scale\nClaims handling for Europe,full,large\nPayroll,little,small\n"
    )
    env = environment({"COLUMNS": "40", "TERM": "xterm", "NO_COLOR": "1"})
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kpobpo", "portfolio", str(rows), "--criteria", str(FIXTURES / "three_models.yaml")],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 40),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = re.sub(r"\x1b\[[0-9;]*m", "", child.before)
    shown = re.sub(r"\s+", " ", shown)
    assert "Claims handling for Europe: leans Captive" in shown
    assert "Payroll: leans BPO" in shown
    assert "…" not in shown


def test_csv_on_a_terminal_is_cleaned_but_in_a_file_kept(tmp_path: Path) -> None:
    """CSV gives the input's cells back as they are to a file or a pipe; on a
    terminal they are shown to a person, so no control character gets through."""
    pexpect = pytest.importorskip("pexpect")
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,control\nPay\x1b]52;c;aGVsbG8=\x07roll,little\nRe\u202esearch,full\n",
        encoding="utf-8",
    )
    args = ["portfolio", str(rows), "--criteria", str(FIXTURES / "three_models.yaml")]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kpobpo", *args, "-f", "csv"],
        cwd=str(tmp_path),
        env=environment({"TERM": "dumb", "NO_COLOR": "1"}),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Pay]52;c;aGVsbG8=roll," in child.before and "Research," in child.before
    assert not re.search("[\x1b\x07\u202e]", child.before)
    kept = kpobpo(*args, "-f", "csv", "-o", "out.csv", cwd=tmp_path)
    assert kept.code == 0
    assert "Pay\x1b]52;c;aGVsbG8=\x07roll" in (tmp_path / "out.csv").read_text(encoding="utf-8")
