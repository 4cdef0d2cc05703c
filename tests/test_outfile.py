"""The output-writing policy (kpobpo.outfile), tested directly.

The command line is driven in test_reliability_output.py; here each rule of the
policy is checked on its own, including the ones a command rarely reaches.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from kpobpo.errors import UsageError
from kpobpo.outfile import (
    OutputError,
    _read_only,
    check_outputs,
    destination,
    open_output,
    write_output,
)


def test_a_new_name_and_a_regular_file_are_replaced(tmp_path: Path) -> None:
    new = destination(str(tmp_path / "new.txt"))
    assert new.replace and new.existing is None
    old = tmp_path / "old.txt"
    old.write_text("x")
    assert destination(str(old)).replace


def test_a_link_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("x")
    (tmp_path / "link.txt").symlink_to("real.txt")
    where = destination(str(tmp_path / "link.txt"))
    assert where.path == str((tmp_path / "real.txt").resolve()) and where.replace


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert not destination(str(tmp_path / "pipe")).replace


def test_a_link_loop_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OutputError, match="cannot write"):
        destination(str(tmp_path / "a"))


def test_a_socket_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(OutputError, match=f"cannot write {path}"):
            write_output(str(path), "text")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.parametrize(
    ("owner", "mode", "refused"),
    [
        ("me", 0o644, False),
        ("me", 0o444, True),
        ("me", 0o464, True),  # the group may write, the owner may not
        ("other", 0o644, "root-writes"),
        ("other", 0o666, False),
        ("other", 0o444, True),
    ],
)
def test_read_only_is_read_from_the_permission_bits(
    owner: str, mode: int, refused: bool | str
) -> None:
    me, group = os.geteuid(), os.getegid()
    uid = me if owner == "me" else me + 12345
    gid = group if owner == "me" else group + 12345
    info = os.stat_result((stat.S_IFREG | mode, 0, 0, 1, uid, gid, 0, 0, 0, 0))
    expected = (me != 0) if refused == "root-writes" else refused
    assert _read_only(info) is expected


def test_a_group_member_needs_the_group_bit() -> None:
    me, group = os.geteuid(), os.getegid()
    info = os.stat_result((stat.S_IFREG | 0o640, 0, 0, 1, me + 12345, group, 0, 0, 0, 0))
    assert _read_only(info) is True
    info = os.stat_result((stat.S_IFREG | 0o660, 0, 0, 1, me + 12345, group, 0, 0, 0, 0))
    assert _read_only(info) is False


def test_a_failed_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_output(str(target)) as stream:
        stream.write("half")
        raise RuntimeError("stopped")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    target.chmod(0o604)
    write_output(str(target), "new\n")
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o604


def test_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        write_output(str(tmp_path / "no" / "x.txt"), "text")


def test_outputs_are_checked_against_inputs_and_each_other(tmp_path: Path) -> None:
    given = tmp_path / "in.csv"
    given.write_text("name\n")
    check_outputs({"-o": str(tmp_path / "out.csv")}, {"the input file": str(given)})
    with pytest.raises(UsageError, match="is the input file"):
        check_outputs({"-o": str(tmp_path / "." / "in.csv")}, {"the input file": str(given)})
    with pytest.raises(UsageError, match="same file"):
        check_outputs({"-o": "x", "--save": "./x"}, {})
    with pytest.raises(UsageError, match="standard output"):
        check_outputs({"the result": "-", "--save": "-"}, {})
    with pytest.raises(UsageError, match="empty"):
        check_outputs({"--save": ""}, {})


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    write_output("-", "to the terminal\n")
    assert capsys.readouterr().out == "to the terminal\n"


@pytest.mark.parametrize("name", ["folder", "folder/", "absent/"])
def test_a_folder_is_a_bad_file(name: str, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match="is a folder, not a file"):
        destination(str(tmp_path) + os.sep + name, "--save")


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("kept\n")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        write_output(str(target), "new\n")
    assert target.read_text() == "kept\n"


def test_a_fifo_whose_reader_leaves_is_an_output_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    with pytest.raises(OutputError, match="Broken pipe"), open_output(str(fifo)) as stream:
        os.close(reader)
        stream.write("nobody reads this\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_write_error_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with (
        pytest.raises(OutputError, match=f"cannot write {target}"),
        open_output(str(target)) as stream,
    ):
        raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == [] and stream.closed


def test_a_new_file_only_refuses_an_existing_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("my edits")
    with pytest.raises(OutputError, match="already exists; not replaced"):
        write_output(str(mine), "copy", overwrite=False)
    assert mine.read_text() == "my edits"
    fresh = tmp_path / "fresh.yaml"
    write_output(str(fresh), "copy", overwrite=False)
    assert fresh.read_text() == "copy"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_new_file_that_appears_while_writing_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "race.yaml"
    with pytest.raises(OutputError, match="already exists"):  # noqa: SIM117
        with open_output(str(target), overwrite=False) as stream:
            stream.write("copy")
            target.write_text("someone else's")
    assert target.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["race.yaml"]
