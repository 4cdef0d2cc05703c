"""Finding a service of the criteria's catalogue from what a person types.

People name a service the way they remember it: `payroll`, `it help desk`,
`Credit-card processing`. `match_service` is the one matcher behind
`assess --service` and a portfolio's `service` column (and the completion of
`-s`), so both accept the same names and refuse them with the same words.

Each service has a short id, derived from its name (lowercase, its words
joined by `-`: "First-line IT help desk" is `first-line-it-help-desk`), which
is stable as long as the name is, and which `kpobpo services` shows.

A typed name is tried against the services in steps, and the first step that
finds anything decides:

1. the whole id or name (case, blanks and punctuation aside);
2. whole words of the name, in order (`help desk`, `market`, `it desk`);
3. beginnings of words of the name, in order (`payroll`, `it help`, `cred proc`);
4. any part of the name (`roll`).

One service found is the answer; several are ambiguous, and the error lists
them so the person can pick; none gives the closest names as a hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kpobpo.limits import shown
from kpobpo.model import Criteria, Service

_WORD = re.compile(r"[^\W_]+")


class ServiceMismatch(ValueError):
    """A typed name that finds no service, or several; the message says which
    would be meant (`candidates` holds the ambiguous ones)."""

    def __init__(self, message: str, candidates: Sequence[Service] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


def words(text: str) -> tuple[str, ...]:
    """The words of `text`, casefolded: runs of letters and digits."""
    return tuple(_WORD.findall(text.casefold()))


def service_id(service: Service) -> str:
    """The service's short id: its name's words, lowercase, joined by `-`."""
    return "-".join(words(service.name))


def _in_order(
    name: tuple[str, ...], typed: tuple[str, ...], same: Callable[[str, str], bool]
) -> bool:
    """Whether each typed word matches a word of `name`, in the name's order."""
    rest = iter(name)
    return all(any(same(word, part) for word in rest) for part in typed)


def _steps(typed: str) -> list[Callable[[Service], bool]]:
    """The tests of the matching steps, strictest first (see the module's docstring)."""
    wanted = words(typed)
    folded = " ".join(wanted)
    return [
        lambda s: words(s.name) == wanted,
        lambda s: _in_order(words(s.name), wanted, str.__eq__),
        lambda s: _in_order(words(s.name), wanted, str.startswith),
        lambda s: folded in " ".join(words(s.name)),
    ]


def match_service(criteria: Criteria, typed: str) -> Service:
    """The service `typed` names (see the module's docstring), or ServiceMismatch."""
    services = criteria.services
    if not services:
        raise ServiceMismatch(
            f"unknown service {shown(typed, 80)}: the criteria file lists no services"
        )
    if words(typed):
        for test in _steps(typed):
            found = [s for s in services if test(s)]
            if len(found) == 1:
                return found[0]
            if found:
                listed = "; ".join(f"{s.name} ({service_id(s)})" for s in found[:10])
                more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
                raise ServiceMismatch(
                    f"service {shown(typed, 80)} could be any of {len(found)}: {listed}{more}. "
                    "Give more of the name, or the id",
                    found,
                )
    close = closest_services(criteria, typed)
    hint = f"; closest: {', '.join(s.name for s in close)}" if close else ""
    raise ServiceMismatch(
        f"unknown service {shown(typed, 80)}{hint}. See all with: kpobpo services"
    )


def closest_services(criteria: Criteria, typed: str, limit: int = 5) -> list[Service]:
    """The services whose id or name looks most like `typed` (for a hint)."""
    import difflib

    keys: dict[str, Service] = {}
    for service in criteria.services:
        keys.setdefault(" ".join(words(service.name)), service)
    close = difflib.get_close_matches(" ".join(words(typed)), list(keys), n=limit, cutoff=0.5)
    return [keys[key] for key in close]
