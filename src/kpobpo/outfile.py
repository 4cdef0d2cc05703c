"""Where a result may be written, and how: kpobpo's one output-writing policy.

Every file kpobpo writes (`-o FILE`, `--save FILE`) goes through `open_output`,
and every command checks its outputs with `check_outputs` before it reads
anything. The policy, like coreutils' `sort -o` and `install`:

- `-` is standard output.
- A regular file (or a new name) is written to a temporary neighbour, flushed
  to disk and renamed over the target: readers never see half a result, and an
  error, Ctrl-C, SIGTERM or SIGHUP leaves the old file as it was. The new file
  keeps the replaced file's permissions (and owner, where allowed).
- A regular file that a rename would change into another file is kept and
  rewritten instead, like editors do: one with other names (hard links, which
  would keep the old content), one owned by someone else (the new file would
  be ours), or one in a folder where no neighbour can be made (the shell's `>`
  could write it). The whole result is first built aside, so an error or a
  signal before the end leaves the file as it was; only the final copy
  writes into it.
- A command that makes a new file (`criteria init`) asks for `overwrite=False`:
  an existing regular file is then refused (exit 1), and the new file is
  linked into place only if the name is still free when it is complete.
- A read-only file (its permission bits give you no write access; as root, a
  file nobody may write, such as 0444) is refused, like the shell's `>` does
  for an ordinary user: exit 1.
- Anything else (a character or block device, a FIFO, a socket, a terminal)
  is opened and written in place: never replaced, never removed. So is a name
  that reaches an open file descriptor (`/dev/stdout`, `/dev/fd/N`): one of
  our own is written through, so `-o /dev/stdout >> log` appends to the log.
- A symbolic link is followed: the file it points to is written by the rules
  above, and the link stays a link.
- An empty name is a usage error (exit 2); a folder, where a file is expected,
  is a bad file (exit 1), as it is for every input.
- An output that is the same file as an input of the command (or as its other
  output) is refused before anything is read (exit 2): writing it would
  destroy what is being read. Files are compared by device and inode where they
  exist and by resolved path where they do not yet.
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
import contextlib
import os
import stat
import sys
from collections.abc import Iterator, Mapping
from typing import IO, Any, NamedTuple, TextIO

from kpobpo.errors import KpobpoError, UsageError

#: The name that means standard output (or standard input, for an input).
STANDARD_STREAM = "-"


class OutputError(KpobpoError):
    """The output cannot be written (exit 1)."""


class Destination(NamedTuple):
    """What writing to a name given by the user means."""

    target: str
    """The name as the user gave it, for messages."""
    path: str
    """The file actually written: a symbolic link resolved, or `-`."""
    replace: bool
    """True: a regular (or new) file, replaced atomically. False: written in place."""
    existing: os.stat_result | None
    """The regular file being replaced, if there is one."""
    descriptor: int | None = None
    """Our own file descriptor the name reaches (`/dev/stdout` is 1), written through."""
    rewrite: bool = False
    """True: a regular file kept as it is (links, owner) and rewritten in place."""


def is_standard_output(target: str | None) -> bool:
    """Whether an output option means standard output (not given, or `-`)."""
    return target is None or target == STANDARD_STREAM


def destination(target: str, option: str = "-o", *, overwrite: bool = True) -> Destination:
    """Decide how `target` is written, or refuse it (UsageError, OutputError).

    `option` names the command-line option in messages; with `overwrite`
    False an existing regular file is refused.
    """
    if target == "":
        raise UsageError(
            f"{option} needs a file name (it is empty); use {option} - for standard output"
        )
    if target == STANDARD_STREAM:
        return Destination(target, target, replace=False, existing=None)
    if target.endswith(os.sep) and not os.path.exists(target):
        raise OutputError(f"{target}: is a folder, not a file; give {option} the name of a file")
    through, descriptor = _descriptor_link(target)
    if through:
        return Destination(target, target, replace=False, existing=None, descriptor=descriptor)
    path = os.path.realpath(target)  # a symbolic link is followed; the link stays
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return Destination(target, path, replace=True, existing=None)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target}: is a folder, not a file; give {option} the name of a file")
    if not stat.S_ISREG(info.st_mode):
        return Destination(target, path, replace=False, existing=None)
    if not overwrite:
        raise OutputError(_exists(target))
    if _read_only(info):
        raise OutputError(
            f"{target} is read-only (mode {stat.S_IMODE(info.st_mode):04o}); not replaced. "
            "Make it writable (chmod u+w) or write to another file"
        )
    return Destination(target, path, replace=True, existing=info, rewrite=_kept(path, info))


def _kept(path: str, info: os.stat_result) -> bool:
    """Whether replacing the regular file at `path` by a rename would make it another
    file: it has other names, it is someone else's (and we are not root, who
    can give it back), or its folder takes no new file."""
    if info.st_nlink > 1:
        return True
    if os.geteuid() != 0 and info.st_uid != os.geteuid():
        return True
    return not os.access(os.path.dirname(path) or ".", os.W_OK | os.X_OK)


def _descriptor_link(target: str) -> tuple[bool, int | None]:
    """Whether `target` reaches an open file through /proc/PID/fd (as /dev/stdout
    and /dev/fd/N do), and the descriptor's number when it is one of ours.

    Such a name must never be resolved and replaced: the file behind it was
    opened by someone else (the shell's `>> log`), perhaps for appending.
    """
    own = (f"/proc/{os.getpid()}/fd", f"/proc/{os.getpid()}/task/")
    path = os.path.abspath(target)
    for _ in range(40):  # the kernel's own limit on links followed
        folder, name = os.path.split(path)
        folder = os.path.realpath(folder)
        if folder.startswith("/proc/") and folder.endswith("/fd"):
            ours = folder == own[0] or folder.startswith(own[1])
            return True, int(name) if ours and name.isdigit() else None
        try:
            path = os.path.join(folder, os.readlink(path))
        except OSError:  # not a link: an ordinary name
            return False, None
    return False, None


def _read_only(info: os.stat_result) -> bool:
    """Whether the permission bits deny us writing: the owner's, group's or others'
    bits, as they apply to us; for root (who may write anything) only a file that
    nobody may write."""
    uid = os.geteuid()
    if info.st_uid == uid:
        bits = stat.S_IWUSR
    elif info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        bits = stat.S_IWGRP
    elif uid == 0:
        bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    else:
        bits = stat.S_IWOTH
    return not info.st_mode & bits


def check_outputs(outputs: Mapping[str, str], inputs: Mapping[str, str]) -> None:
    """Refuse, before anything is read, outputs that cannot or must not be written.

    `outputs` maps an option (`-o`, `--save`) to its value, `-` for standard
    output; `inputs` maps a description (`the criteria file`) to a path, `-`
    for standard input. Each output must pass `destination`, and none may be
    the same file as an input or as another output (UsageError, exit 2).
    """
    for option, target in outputs.items():
        destination(target, option)
    seen: list[tuple[str, str, tuple[object, ...] | None]] = []
    for option, target in outputs.items():
        identity = _identity(target, output=True)
        for label, source in inputs.items():
            if identity is not None and identity == _identity(source, output=False):
                raise UsageError(
                    f"{_naming(option, target)} is {label} ({_naming('', source, 'input')}): "
                    "writing it would destroy what is read; choose another output file"
                )
        for other, earlier, known in seen:
            if target == earlier == STANDARD_STREAM:
                raise UsageError(
                    f"{other} and {option} would both go to standard output; "
                    "give one of them a file name"
                )
            if identity is not None and identity == known:
                raise UsageError(
                    f"{other} {earlier} and {option} {target} are the same file; give each its own"
                )
        seen.append((option, target, identity))


def _naming(option: str, target: str, stream: str = "output") -> str:
    """How messages name a file given with `option`."""
    if target == STANDARD_STREAM:
        return f"standard {stream}"
    return f"{option} {target}".strip()


def _identity(path: str, *, output: bool) -> tuple[object, ...] | None:
    """What makes two names the same file: device and inode when the file exists,
    the resolved path when it does not. Standard input and output count only
    when they are regular files (`< file`, `>> file`): a terminal or a pipe
    destroys nothing."""
    if path == STANDARD_STREAM:
        try:
            info = os.fstat(1 if output else 0)
        except OSError:
            return None
        return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None
    try:
        info = os.stat(path)
    except OSError:
        return ("path", os.path.realpath(path))
    return (info.st_dev, info.st_ino)


def _exists(target: str) -> str:
    return f"{target} already exists; not replaced. Choose another name, or move it away first"


@contextlib.contextmanager
def open_output(target: str, option: str = "-o", *, overwrite: bool = True) -> Iterator[TextIO]:
    """A text stream to write a result to `target`, by the policy of this module.

    A regular file is replaced only when the block ends without error (with
    `overwrite` False, only created, never replaced); anything else is written
    in place as the block goes. OS errors become OutputError naming the file.
    """
    with _open(target, option, binary=False, overwrite=overwrite) as stream:
        yield stream


@contextlib.contextmanager
def open_binary_output(target: str, option: str = "-o") -> Iterator[IO[bytes]]:
    """A byte stream to write a result (a workbook) to `target`, by the same policy."""
    with _open(target, option, binary=True) as stream:
        yield stream


@contextlib.contextmanager
def _open(target: str, option: str, *, binary: bool, overwrite: bool = True) -> Iterator[Any]:
    where = destination(target, option, overwrite=overwrite)
    if where.path == STANDARD_STREAM:
        if binary:
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
    elif where.rewrite:
        with _rewriting(where, binary) as stream:
            yield stream
    elif where.replace:
        with _replacing(where, binary, overwrite=overwrite) as stream:
            yield stream
    else:
        with _in_place(where, binary) as stream:
            yield stream


def _fdopen(handle: int, binary: bool) -> IO[Any]:
    if binary:
        return os.fdopen(handle, "wb")
    return os.fdopen(handle, "w", encoding="utf-8", errors="replace", newline="")


def write_output(target: str, text: str, option: str = "-o", *, overwrite: bool = True) -> None:
    """Write `text` to `target` whole, by the policy of this module."""
    with open_output(target, option, overwrite=overwrite) as stream:
        stream.write(text)


@contextlib.contextmanager
def _in_place(where: Destination, binary: bool = False) -> Iterator[IO[Any]]:
    """A device, FIFO, socket or descriptor: opened for writing as it is (our
    own descriptor duplicated), never created, truncated, replaced or removed."""
    try:
        if where.descriptor is not None:
            sys.stdout.flush()  # what went to standard output before stays before
            handle = os.dup(where.descriptor)
        else:
            handle = os.open(where.path, os.O_WRONLY | os.O_NOCTTY)
    except OSError as exc:
        raise OutputError(f"cannot write {where.target}: {exc.strerror}") from None
    try:
        with _fdopen(handle, binary) as stream:
            yield stream
    except OSError as exc:
        raise OutputError(f"cannot write {where.target}: {exc.strerror}") from None


@contextlib.contextmanager
def spooled(binary: bool, max_size: int = 1 << 24) -> Iterator[IO[Any]]:
    """A result built aside: a temporary file kept in memory up to `max_size`
    bytes, then on disk, so memory stays bounded whatever its size."""
    import tempfile

    if binary:
        with tempfile.SpooledTemporaryFile(max_size=max_size, mode="w+b") as raw:
            yield raw
    else:
        with tempfile.SpooledTemporaryFile(
            max_size=max_size, mode="w+", encoding="utf-8", errors="surrogatepass", newline=""
        ) as text:
            yield text


@contextlib.contextmanager
def _rewriting(where: Destination, binary: bool = False) -> Iterator[IO[Any]]:
    """The whole result built aside (`spooled`), then copied into the file, which
    stays the same file: its other names, owner and mode are kept. Nothing
    touches the file until the block ends without error."""
    try:
        with spooled(binary) as aside:
            yield aside
            aside.seek(0)
            chunks = iter(lambda: aside.read(1 << 16), b"" if binary else "")
            _write_into(where, (c if binary else c.encode("utf-8", "replace") for c in chunks))
    except OSError as exc:
        raise OutputError(f"cannot write {where.target}: {exc.strerror}") from None


def _write_into(where: Destination, chunks: Iterator[bytes]) -> None:
    """Write `chunks` over the file at `where`, truncating it, and flush it to disk."""
    handle = os.open(where.path, os.O_WRONLY | os.O_TRUNC | os.O_NOCTTY)
    with os.fdopen(handle, "wb") as file:
        for chunk in chunks:
            file.write(chunk)
        file.flush()
        os.fsync(file.fileno())


@contextlib.contextmanager
def _replacing(
    where: Destination, binary: bool = False, *, overwrite: bool = True
) -> Iterator[IO[Any]]:
    """A temporary neighbour of the file, renamed over it when the block ends
    without error and removed whatever else happens (Ctrl-C and the signals
    kpobpo turns into exceptions included). Without `overwrite` it is linked
    to the name instead, which fails if someone created the file meanwhile."""
    import tempfile

    folder, name = os.path.split(where.path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {where.target}: {exc.strerror}") from None
    try:
        _copy_permissions(handle, where.existing)
        with _fdopen(handle, binary) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, where.path)
        else:
            _link_new(temporary, where)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {where.target}: {exc.strerror}") from None
        raise


def _link_new(temporary: str, where: Destination) -> None:
    """Give the finished temporary file its name, only if the name is still free."""
    try:
        os.link(temporary, where.path)
    except FileExistsError:
        raise OutputError(_exists(where.target)) from None
    os.unlink(temporary)


def _copy_permissions(handle: int, existing: os.stat_result | None) -> None:
    """Give the temporary file (created private, 0600) the permissions of the file
    it replaces, or those a new file gets under the umask; and its owner, where
    we may (as root)."""
    if existing is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        return
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.fchown(handle, existing.st_uid, existing.st_gid)
    os.fchmod(handle, stat.S_IMODE(existing.st_mode))
