"""What the shell completes for kpobpo's options: answers, weights and services.

`-a QUESTION=OPTION` completes the question ids (as `QUESTION=`), then that
question's option ids; `-w QUESTION=FACTOR` the scored questions; `-s` the
services' ids, with their names as the description where the shell shows one.
Everything comes from the criteria file in use (`--criteria` when it is on
the line already, else the variable or the shipped file).

These callbacks are named by the options in `kpobpo.cli`, so this module is
imported at every start: it imports nothing the CLI has not. The criteria are loaded
only when the shell asks for a completion. The shell side (the scripts and
the protocol) is `kpobpo.shells`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer  # already loaded by the CLI; Typer reads the callbacks' annotations

if TYPE_CHECKING:
    from kpobpo.model import Criteria

#: A completion: the value, and a description for the shells that show one.
Completion = tuple[str, str]


def _criteria(ctx: typer.Context) -> Criteria | None:
    """The criteria in use on the line being completed, or None when they cannot be read."""
    from kpobpo.errors import KpobpoError
    from kpobpo.load import load_criteria, resolve_criteria_path

    try:
        return load_criteria(resolve_criteria_path(ctx.params.get("criteria")))
    except (KpobpoError, OSError):
        return None


def complete_answer(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """`QUESTION=` for each question, then `QUESTION=OPTION` for its options."""
    from kpobpo.render.text import one_line

    criteria = _criteria(ctx)
    if criteria is None:
        return []
    name, sep, _ = incomplete.partition("=")
    if not sep:
        return [(f"{q.id}=", one_line(q.prompt)) for q in criteria.questions]
    question = criteria.question_named(name)
    if question is None:
        return []
    return [(f"{name}={o.id}", one_line(o.label)) for o in question.options]


def complete_weight(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """`QUESTION=` for each scored question (the factor is the user's to type)."""
    from kpobpo.render.text import one_line

    criteria = _criteria(ctx)
    if criteria is None or "=" in incomplete:
        return []
    return [(f"{q.id}=", one_line(q.prompt)) for q in criteria.questions if q.scored]


def complete_service(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """Each service's id, described by its name."""
    from kpobpo.catalogue import service_id
    from kpobpo.render.text import one_line

    criteria = _criteria(ctx)
    if criteria is None:
        return []
    return [(service_id(s), one_line(s.name)) for s in criteria.services]
