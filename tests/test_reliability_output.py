"""The output-writing policy and the process's edges, through the real command line.

Each test runs `python -m kpobpo` in a subprocess, the way a user or a script
meets it, and asserts what they would notice: the kind of the path written to
is unchanged (a FIFO stays a FIFO, a device a device, a link a link), inputs
are byte-identical, the exit code is the documented one, stderr names the file
in one line, and there is never a traceback.

Devices are made with mknod inside tmp_path (skipped where not permitted):
no test ever points at the machine's own /dev nodes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import CLINICIANS

KPOBPO = [sys.executable, "-m", "kpobpo"]
SHEET = """\
name,expertise,complexity,objective
Payroll,trained,routine,cost
Models,specialist,complex,insight
"""


def kpobpo(
    *args: str,
    cwd: Path,
    stdin: int | None = subprocess.DEVNULL,
    stdout: int | None = subprocess.PIPE,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run kpobpo; stdout and stderr as text."""
    return subprocess.run(
        [*KPOBPO, *args],
        cwd=cwd,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def shell(line: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run kpobpo through `sh -c 'exec kpobpo ARGS LINE'`, for redirections like `>&-`."""
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {line}', "sh", *KPOBPO, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def one_clean_line(stderr: str) -> str:
    """The single line of stderr, asserting there is no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def char_device(folder: Path, name: str, minor: int) -> Path:
    """A character device with major 1 (1,3 discards like null; 1,7 is always full)."""
    node = folder / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("device nodes cannot be made here")
    return node


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "processes.csv"
    path.write_text(SHEET)
    return path


#: Every way a command writes a file, as arguments around the output's name.
WRITERS: dict[str, Callable[[str, Path], list[str]]] = {
    "compare -o": lambda out, sheet: ["compare", "-f", "json", "-o", out],
    "assess -o": lambda out, sheet: ["assess", *CLINICIANS, "-f", "json", "-o", out],
    "assess --save": lambda out, sheet: ["assess", *CLINICIANS, "--save", out],
    "portfolio -o": lambda out, sheet: ["portfolio", str(sheet), "-f", "jsonl", "-o", out],
}


# -- not a regular file: written in place, never replaced --------------------


@pytest.mark.parametrize("writer", WRITERS)
def test_a_device_is_written_in_place_and_stays_a_device(
    writer: str, tmp_path: Path, sheet: Path
) -> None:
    node = char_device(tmp_path, "null", 3)
    done = kpobpo(*WRITERS[writer](str(node), sheet), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "processes.csv"]


@contextlib.contextmanager
def reading(fifo: Path) -> Iterator[list[bytes]]:
    """A reader of `fifo` in a thread; what it read is in the list after the block."""
    got: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as stream:
            got.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    try:
        yield got
    finally:
        thread.join(5)
        if thread.is_alive():  # nothing opened the FIFO to write: let the reader go
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(5)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_fifo_is_written_in_place_and_its_reader_gets_the_output(
    writer: str, tmp_path: Path, sheet: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with reading(fifo) as got:
        done = kpobpo(*WRITERS[writer](str(fifo), sheet), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0], "the reader got nothing"
    text = got[0].decode()
    if writer == "portfolio -o":
        names = [json.loads(line)["name"] for line in text.splitlines()]
        assert names == ["Payroll", "Models"]
    elif writer == "assess --save":
        assert "expertise: specialist" in text
    else:
        assert json.loads(text)


def test_a_symlink_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(target.name)
    done = kpobpo("assess", *CLINICIANS, "-f", "json", "-o", str(link), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == target.name
    assert json.loads(target.read_text())["recommendation"] == "kpo"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.json", "result.json"]


def test_a_symlink_to_a_device_leaves_both_as_they_were(tmp_path: Path) -> None:
    node = char_device(tmp_path, "sink", 3)
    link = tmp_path / "out"
    link.symlink_to(node)
    done = kpobpo("compare", "-o", str(link), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and stat.S_ISCHR(os.lstat(node).st_mode)


def test_dash_is_standard_output(tmp_path: Path) -> None:
    done = kpobpo("compare", "-f", "json", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["models"]
    assert list(tmp_path.iterdir()) == []  # no file named "-"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc/self/fd here")
def test_a_descriptor_name_is_written_through_not_replaced(tmp_path: Path) -> None:
    """A name that leads to the process's own standard output (as the system's
    stdout link does) is written through it, appending to a log it was given.
    Here a link of our own, made in tmp_path, leads to the child's descriptor 1,
    which is this test's log file."""
    log = tmp_path / "log.txt"
    log.write_text("kept line\n")
    stdout_link = tmp_path / "stdout"
    stdout_link.symlink_to("/proc/self/fd/1")
    with log.open("a") as stdout:
        done = kpobpo(
            "compare", "-f", "json", "-o", str(stdout_link), cwd=tmp_path, stdout=stdout.fileno()
        )
    assert done.returncode == 0, done.stderr
    kept, _, result = log.read_text().partition("\n")
    assert kept == "kept line" and json.loads(result)["models"]
    assert stdout_link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.txt", "stdout"]


# -- a regular file a rename would turn into another file: rewritten in place --


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_hard_linked_file_keeps_its_links(writer: str, sheet: Path, tmp_path: Path) -> None:
    out = tmp_path / "result"
    out.write_text("old\n")
    other = tmp_path / "other-name"
    os.link(out, other)
    done = kpobpo(*WRITERS[writer](str(out), sheet), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_nlink == 2
    assert other.read_text() == out.read_text() != "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-name", "processes.csv", "result"]


def test_a_stop_signal_leaves_a_hard_linked_file_as_it_was(big_sheet: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("the previous run\n")
    os.link(out, tmp_path / "copy")
    process = subprocess.Popen(
        [*KPOBPO, "portfolio", str(big_sheet), "-f", "jsonl", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)  # well into the assessments, long before the last row
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert (tmp_path / "copy").read_text() == "the previous run\n"
    assert out.stat().st_nlink == 2


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder that the user `nobody` can reach (pytest's own tmp_path is root's only)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kpobpo-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder)


def as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
    """Run kpobpo ARGS as the unprivileged user `nobody` (65534), through setpriv;
    skip where that cannot be done."""
    import shutil

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    done = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *KPOBPO, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if "Permission denied" in done.stderr and "kpobpo" not in done.stderr:
        pytest.skip("the interpreter cannot be run as nobody here")
    return done


def test_someone_elses_writable_file_keeps_its_owner(open_folder: Path) -> None:
    folder = open_folder / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    out = folder / "team-result.json"
    out.write_text("old\n")
    out.chmod(0o666)  # root's, and anyone may write it
    done = as_nobody("compare", "-f", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (out.stat().st_uid, out.stat().st_gid) == (0, 0)
    assert json.loads(out.read_text())


def test_a_writable_file_in_a_read_only_folder_is_written(open_folder: Path) -> None:
    folder = open_folder / "locked"
    folder.mkdir()
    out = folder / "result.json"
    out.write_text("old\n")
    os.chown(out, 65534, 65534)
    folder.chmod(0o555)
    done = as_nobody("compare", "-f", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())
    assert [p.name for p in folder.iterdir()] == ["result.json"]


# -- refused: read-only files, empty names, folders, inputs -------------------


def test_a_read_only_file_is_refused_even_as_root(tmp_path: Path) -> None:
    kept = tmp_path / "signed-off.json"
    kept.write_text("the approved result\n")
    kept.chmod(0o444)
    done = kpobpo("assess", *CLINICIANS, "-f", "json", "-o", str(kept), cwd=tmp_path)
    assert done.returncode == 1
    line = one_clean_line(done.stderr)
    assert str(kept) in line and "read-only" in line
    assert kept.read_text() == "the approved result\n"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["signed-off.json"]


@pytest.mark.parametrize("option", ["-o", "--save"])
def test_an_empty_file_name_is_a_usage_error(option: str, tmp_path: Path) -> None:
    done = kpobpo("assess", *CLINICIANS, option, "", cwd=tmp_path)
    assert done.returncode == 2
    line = one_clean_line(done.stderr)
    assert option in line and "empty" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["reports", "reports/", "missing/"])
def test_a_folder_is_a_bad_file_as_for_inputs(name: str, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "kept.txt").write_text("kept\n")
    done = kpobpo("compare", "-o", name, cwd=tmp_path)
    assert done.returncode == 1
    line = one_clean_line(done.stderr)
    assert name in line and "folder" in line
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["kept.txt", "reports"]


def test_the_portfolio_input_is_never_the_output(tmp_path: Path) -> None:
    same = tmp_path / "same.json"
    same.write_text('[{"name": "Payroll", "expertise": "trained"}]\n')
    before = same.read_bytes()
    done = kpobpo("portfolio", str(same), "-f", "markdown", "-o", str(same), cwd=tmp_path)
    assert done.returncode == 2
    assert str(same) in one_clean_line(done.stderr)
    assert same.read_bytes() == before


def test_the_criteria_file_is_never_the_output(tmp_path: Path) -> None:
    shipped = kpobpo("criteria", "path", cwd=tmp_path).stdout.strip()
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(Path(shipped).read_bytes())
    before = mine.read_bytes()
    for args in (
        ["compare", "--criteria", str(mine), "-o", str(mine)],
        ["assess", *CLINICIANS, "--criteria", str(mine), "--save", str(mine)],
        ["portfolio", "-", "--input-format", "csv", "--criteria", str(mine), "-o", str(mine)],
    ):
        done = kpobpo(*args, cwd=tmp_path)
        assert done.returncode == 2, args
        line = one_clean_line(done.stderr)
        assert "criteria file" in line and str(mine) in line
        assert mine.read_bytes() == before
    shipped_before = Path(shipped).read_bytes()
    link = tmp_path / "alias.yaml"
    link.symlink_to(shipped)  # the shipped file, reached through a link
    done = kpobpo("compare", "-o", str(link), cwd=tmp_path)
    assert done.returncode == 2
    assert Path(shipped).read_bytes() == shipped_before and link.is_symlink()


def test_the_answers_file_is_never_the_output(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("expertise: specialist\ncomplexity: complex\n")
    before = answers.read_bytes()
    for option in ("-o", "--save"):
        done = kpobpo("assess", "--answers", str(answers), option, str(answers), cwd=tmp_path)
        assert done.returncode == 2
        assert "answers file" in one_clean_line(done.stderr)
        assert answers.read_bytes() == before


def test_save_and_output_are_never_the_same_file(tmp_path: Path) -> None:
    done = kpobpo("assess", *CLINICIANS, "--save", "both.yaml", "-o", "both.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "both.yaml" in one_clean_line(done.stderr)
    assert list(tmp_path.iterdir()) == []  # refused before anything was written
    done = kpobpo("assess", *CLINICIANS, "--save", "-", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert "standard output" in one_clean_line(done.stderr)


def test_redirected_standard_streams_count_as_inputs_and_outputs(
    tmp_path: Path, sheet: Path
) -> None:
    before = sheet.read_bytes()
    with sheet.open("rb") as stdin:
        done = kpobpo(
            "portfolio",
            "-",
            "--input-format",
            "csv",
            "-o",
            str(sheet),
            stdin=stdin.fileno(),
            cwd=tmp_path,
        )
    assert done.returncode == 2
    assert "standard input" in one_clean_line(done.stderr)
    done = shell(f">> {sheet}", "portfolio", str(sheet), "-f", "csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "standard output" in one_clean_line(done.stderr)
    assert sheet.read_bytes() == before


# -- SIGTERM and SIGHUP clean up like Ctrl-C ----------------------------------


@pytest.fixture(scope="module")
def big_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.csv"
    row = "p{},back_office,basic,routine,partly,cost\n"
    with path.open("w") as stream:
        stream.write("name,process_type,expertise,complexity,codification,objective\n")
        stream.writelines(row.format(i) for i in range(200_000))
    return path


def start_portfolio(
    big_sheet: Path, folder: Path, preexec: Callable[[], object] | None = None
) -> subprocess.Popen[bytes]:
    """A long portfolio run writing to folder/out, once its temporary file exists."""
    process = subprocess.Popen(
        [*KPOBPO, "portfolio", str(big_sheet), "-f", "jsonl", "-o", str(folder / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=preexec,
    )
    deadline = time.monotonic() + 60
    while not list(folder.glob(".out.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(folder.glob(".out.*.tmp")), "the output was never started"
    return process


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stop_signal_leaves_no_temporary_file(
    signum: int, code: int, big_sheet: Path, tmp_path: Path
) -> None:
    (tmp_path / "out").write_text("the previous run\n")
    process = start_portfolio(big_sheet, tmp_path)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert signal.Signals(signum).name in one_clean_line(err.decode())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (tmp_path / "out").read_text() == "the previous run\n"


def test_an_ignored_sighup_stays_ignored(big_sheet: Path, tmp_path: Path) -> None:
    """Under `nohup`, a hang-up does not stop kpobpo; SIGTERM still does."""
    process = start_portfolio(
        big_sheet, tmp_path, lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN)
    )
    process.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    assert process.poll() is None, "SIGHUP stopped a run started with SIGHUP ignored"
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 143
    assert list(tmp_path.iterdir()) == []


def test_a_hang_up_saves_the_answers_so_far_like_ctrl_c(tmp_path: Path) -> None:
    """The terminal closes in the middle of the questionnaire (SIGHUP)."""
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kpobpo", "assess", "--save", "so-far.yaml", "-o", "result.json"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Start from a known service")
    child.sendline("")
    child.expect(r"\[1/9\]")
    child.sendline("2")
    child.expect(r"\[2/9\]")
    child.kill(signal.SIGHUP)
    child.expect("stopped by SIGHUP")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 129
    assert "process_type: transaction_processing" in (tmp_path / "so-far.yaml").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so-far.yaml"]


INTERRUPT_WHILE_IMPORTING = """
import os, signal, sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), signal.{signal})
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["kpobpo", "compare"]
from kpobpo.launch import main
main()
"""


# kpobpo.load, not yaml: a criteria file found in the cache starts kpobpo without YAML.
@pytest.mark.parametrize("module", ["typer", "kpobpo.render", "kpobpo.load"])
@pytest.mark.parametrize(("name", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_while_modules_load_exits_cleanly(
    module: str, name: str, code: int, tmp_path: Path
) -> None:
    """Ctrl-C a few milliseconds after start lands in the imports: no traceback."""
    script = INTERRUPT_WHILE_IMPORTING.format(module=module, signal=name)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    said = done.stderr.strip()
    assert said.startswith("interrupted") if name == "SIGINT" else said == f"stopped by {name}"


# -- standard output and input that cannot be used ----------------------------

#: Commands that write to standard output, help and --version included.
PRINTERS = [
    ["--version"],
    ["--help"],
    ["assess", "--help"],
    ["compare"],
    ["compare", "-f", "json"],
    ["services"],
    ["criteria", "path"],
    ["criteria", "validate"],
    ["assess", *CLINICIANS],
    ["portfolio", "-", "--input-format", "csv", "-f", "csv"],
]


@pytest.mark.parametrize("args", PRINTERS, ids=" ".join)
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(
    args: list[str], buffered: bool, tmp_path: Path, sheet: Path
) -> None:
    full = char_device(tmp_path, "full", 7)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    with full.open("w") as stdout, sheet.open("rb") as stdin:
        done = kpobpo(*args, cwd=tmp_path, stdin=stdin.fileno(), stdout=stdout.fileno(), env=env)
    assert done.returncode == 1
    line = one_clean_line(done.stderr)
    assert "standard output" in line and "No space left on device" in line


@pytest.mark.parametrize("args", PRINTERS, ids=" ".join)
def test_a_closed_stdout_is_one_line_and_exit_1(
    args: list[str], tmp_path: Path, sheet: Path
) -> None:
    done = shell(f">&- < {sheet}", *args, cwd=tmp_path)
    assert done.returncode == 1
    assert one_clean_line(done.stderr) == "error: cannot write standard output: it is closed"


def test_a_closed_stdout_matters_only_when_written_to(tmp_path: Path) -> None:
    done = shell(">&-", "assess", *CLINICIANS, "-f", "json", "-o", "result.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "result.json").read_text())["recommendation"] == "kpo"


@pytest.mark.parametrize(
    "args",
    [["portfolio", "-", "--input-format", "csv"], ["assess", "--interactive"]],
    ids=" ".join,
)
def test_a_closed_stdin_is_a_clean_error(args: list[str], tmp_path: Path) -> None:
    done = shell("<&-", *args, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    last = done.stderr.splitlines()[-1]  # after the first prompt, for --interactive
    assert last.endswith("error: cannot read standard input: it is closed")


@pytest.mark.parametrize(
    "args",
    [["compare"], ["--help"], ["portfolio", "big", "-f", "csv", "--draws", "1"]],
    ids=" ".join,
)
def test_a_reader_that_has_gone_ends_quietly(
    args: list[str], tmp_path: Path, big_sheet: Path
) -> None:
    """`kpobpo compare | head -1`: exit 141, as SIGPIPE would end it, and nothing said."""
    args = [str(big_sheet) if a == "big" else a for a in args]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first write
    try:
        done = kpobpo(*args, cwd=tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == ""
