"""Validated criteria kept between runs, so most starts read no YAML at all.

Parsing and validating the shipped criteria file costs more than everything
else `kpobpo compare` does besides importing its libraries. A file that
validated once is kept, as plain values in `marshal` format (which builds no
objects but numbers, texts, tuples and dicts, so a planted file cannot run
code), in ``$XDG_CACHE_HOME/kpobpo`` (``~/.cache/kpobpo`` by default).

An entry is found by the file's size and CRC-32 and the CRC-32 of the stamp
of the code that validated it (kpobpo's and Python's versions, the model's
field names, and the size and time of the loader's own source files), so
that two installs of kpobpo keep an entry each rather than replacing each
other's. It is used only when it holds the file's exact bytes (a stronger
check than any digest, and cheaper than importing `hashlib`, which costs more
than the lookup saves) and that whole stamp, so that an edited loader never
trusts what an older one wrote. The entry also keeps the file's SHA-256,
which results print, so that a start that finds it need not import `hashlib`.

The cache only ever speeds things up: an entry that is missing, corrupt,
foreign, not a regular file or unreadable is ignored, and a cache folder that
cannot be written is left alone, silently. Entries are written atomically (a
temporary file renamed into place) and only the newest few are kept.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from kpobpo import __version__
from kpobpo.model import (
    Advisory,
    ConfidenceRules,
    Criteria,
    Dimension,
    Model,
    Option,
    Question,
    Risk,
    Scoring,
    Service,
    Trigger,
    known_sha256,
    sha256_of,
)

#: Entries kept; older ones are removed when a new one is written.
KEEP = 8
#: The loader's modules: a change to any of them makes every entry stale.
_CODE = (
    "load.py",
    "validate.py",
    "schema.py",
    "model.py",
    "yamlio.py",
    "limits.py",
    "errors.py",
    "criteria_cache.py",
)
#: The model's field names: entries of another shape are not rebuilt.
_SHAPE = ";".join(
    ",".join(shape._fields)
    for shape in (
        Criteria,
        Scoring,
        Model,
        Question,
        Option,
        Risk,
        Trigger,
        Advisory,
        Service,
        Dimension,
        ConfidenceRules,
    )
)


def cache_dir() -> Path | None:
    """Where entries live: $XDG_CACHE_HOME/kpobpo, else ~/.cache/kpobpo (None: no home)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):  # the XDG rule: a relative path is ignored
        return Path(base) / "kpobpo"
    home = os.path.expanduser("~")
    if not os.path.isabs(home):
        return None
    return Path(home) / ".cache" / "kpobpo"


def lookup(content: bytes, source: str) -> Criteria | None:
    """The criteria validated earlier from exactly `content`, named `source`; None if unknown."""
    stamp = _stamp()
    place = _entry(content, stamp)
    if place is None:
        return None
    try:
        descriptor = os.open(place, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            if not _is_regular(stream.fileno()):
                return None
            data = stream.read(len(content) * 8 + 1_000_000)
        found_stamp, found_content, digest, plain = marshal.loads(data)
        if found_stamp != stamp or found_content != content:
            return None
        criteria = _rebuild(plain, source, content)
        if isinstance(digest, str) and len(digest) == 64:
            known_sha256(content, digest)
        return criteria
    except Exception:  # a corrupt or foreign entry, whatever it holds: not ours to trust
        return None


def store(criteria: Criteria) -> None:
    """Keep `criteria`, just validated, for the next run (silently skipped if impossible)."""
    stamp = _stamp()
    place = _entry(criteria.content, stamp)
    if place is None:
        return
    import tempfile  # only when writing: most runs find their entry

    try:
        place.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A first start pays for hashlib, the others not (none where nothing can be kept).
        digest = sha256_of(criteria.content)
        data = marshal.dumps((stamp, criteria.content, digest, _plain(criteria)))
        descriptor, temporary = tempfile.mkstemp(dir=place.parent, prefix=".criteria-")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
            os.replace(temporary, place)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(place.parent)
    except OSError:
        return


def _entry(content: bytes, stamp: str | None) -> Path | None:
    folder = cache_dir()
    if folder is None or stamp is None:
        return None
    code = zlib.crc32(stamp.encode())
    return folder / f"criteria-{len(content)}-{zlib.crc32(content):08x}-{code:08x}.marshal"


def _stamp() -> str | None:
    """What the entries depend on besides the file: the code that validated them."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [__version__, sys.version, _SHAPE]
    try:
        for name in _CODE:
            status = os.stat(os.path.join(here, name))
            parts.append(f"{name}:{status.st_size}:{status.st_mtime_ns}")
    except OSError:  # a package without its sources (a zip): no cache
        return None
    return "|".join(parts)


def _is_regular(descriptor: int) -> bool:
    return stat.S_ISREG(os.fstat(descriptor).st_mode)


def _prune(folder: Path) -> None:
    """Remove all but the `KEEP` newest entries (an entry gone meanwhile stops it: `store`
    ignores the error, and the next write prunes again)."""
    entries = sorted(
        folder.glob("criteria-*.marshal"), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    for path in entries[KEEP:]:
        path.unlink(missing_ok=True)


# -- plain values and back -----------------------------------------------------------


def _plain(criteria: Criteria) -> tuple[Any, ...]:
    """The validated criteria as marshal-able values (without its source and bytes)."""
    return (
        criteria.version,
        criteria.title,
        tuple(criteria.scoring),
        tuple(tuple(m) for m in criteria.models),
        tuple(
            (*q[:5], tuple(tuple(o) for o in q.options), q.ordered, q.changeable)
            for q in criteria.questions
        ),
        tuple((*r[:5], tuple(tuple(t) for t in r.elevated_by)) for r in criteria.risks),
        tuple(tuple(d) for d in criteria.dimensions),
        tuple(
            (a.id, a.advice, tuple(tuple(t) for t in a.when), a.result) for a in criteria.advisories
        ),
        tuple(tuple(s) for s in criteria.services),
        tuple(criteria.confidence),
        criteria.priorities,
    )


def _rebuild(plain: Any, source: str, content: bytes) -> Criteria:
    """The `Criteria` that `_plain` made `plain` from, named `source`."""
    version, title, scoring, models, questions, risks, dimensions, advisories = plain[:8]
    services, confidence, priorities = plain[8:]
    return Criteria(
        source=source,
        content=content,
        version=version,
        title=title,
        scoring=Scoring(*scoring),
        models=tuple(Model(*m) for m in models),
        questions=tuple(
            Question(q[0], q[1], q[2], q[3], q[4], tuple(Option(*o) for o in q[5]), q[6], q[7])
            for q in questions
        ),
        risks=tuple(
            Risk(r[0], r[1], r[2], r[3], r[4], tuple(Trigger(*t) for t in r[5])) for r in risks
        ),
        dimensions=tuple(Dimension(*d) for d in dimensions),
        advisories=tuple(
            Advisory(a[0], a[1], tuple(Trigger(*t) for t in a[2]), a[3]) for a in advisories
        ),
        services=tuple(Service(*s) for s in services),
        confidence=ConfidenceRules(*confidence),
        priorities=priorities,
    )
