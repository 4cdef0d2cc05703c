"""The command line: Typer wiring only.

Each command turns options into calls on the core (load, answers, score,
render) and hands the result to `output.emit`. Errors raised anywhere below are
turned into a message and an exit code in one place, `handle_errors`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kpobpo import __version__
from kpobpo.render import Format

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="kpobpo",
    help=(
        "Decide whether to outsource a business process as Knowledge Process "
        "Outsourcing (KPO) or Business Process Outsourcing (BPO), and see why."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
criteria_app = typer.Typer(
    help="Check or locate the criteria file.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(criteria_app, name="criteria")

CriteriaOption = Annotated[
    str | None,
    typer.Option(
        "--criteria",
        envvar="KPOBPO_CRITERIA",
        metavar="FILE",
        help="Criteria file to use instead of the shipped one (or set KPOBPO_CRITERIA).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the result to FILE (atomically) instead of the terminal.",
        dir_okay=False,
    ),
]


def handle_errors(command: F) -> F:
    """Turn kpobpo's errors and interruptions into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kpobpo.errors import Interrupted, KpobpoError

        try:
            return command(*args, **kwargs)
        except (KeyboardInterrupt, EOFError):
            error: KpobpoError = Interrupted("stopped before the end; nothing was written")
        except KpobpoError as exc:
            error = exc
        from kpobpo.output import make_console

        console = make_console(stderr=True)
        if isinstance(error, Interrupted):
            console.print()
        for line in error.messages():
            console.print(line, style="red" if error.exit_code != 130 else "yellow", soft_wrap=True)
        raise typer.Exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kpobpo {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Decide between KPO and BPO for a business process, and see why."""


@app.command()
@handle_errors
def compare(
    criteria: CriteriaOption = None,
    fmt: FormatOption = Format.TABLE,
    output: OutputOption = None,
) -> None:
    """Show KPO and BPO side by side on every dimension in the criteria."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.output import emit
    from kpobpo.render import render_comparison

    loaded = load_criteria(resolve_criteria_path(criteria))
    emit(render_comparison(loaded, fmt), output)


@app.command()
@handle_errors
def assess(
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            metavar="QUESTION=OPTION",
            help="Answer a question, e.g. -a expertise=specialist (repeatable; "
            "an empty OPTION means not sure).",
            show_default=False,
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="YAML or JSON mapping of question to option; -a flags win over it.",
            dir_okay=False,
        ),
    ] = None,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive",
            "-i",
            help="Ask the questions even without a terminal, or in addition to given answers.",
        ),
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; unanswered means not sure.")
    ] = False,
    criteria: CriteriaOption = None,
    fmt: FormatOption = Format.TABLE,
    output: OutputOption = None,
) -> None:
    """Answer questions about a process and get a recommendation with reasons and risks."""
    from kpobpo.answers import GivenAnswers, definite, load_answers_file, merge, parse_flags
    from kpobpo.errors import UsageError
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.output import emit, make_console
    from kpobpo.render import render_assessment
    from kpobpo.score import score

    if interactive and no_input:
        raise UsageError("--interactive and --no-input cannot be used together")
    loaded = load_criteria(resolve_criteria_path(criteria))
    layers: list[GivenAnswers] = []
    if answers_file is not None:
        layers.append(load_answers_file(loaded, answers_file))
    layers.append(parse_flags(loaded, answer or []))
    given = merge(*layers)

    at_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive or (at_terminal and not no_input and not given.answers):
        from kpobpo.interactive import Session

        prompts = make_console(stderr=True)
        session = Session(loaded, prompts, prompts.input, given.answers)
        final = session.run()
    elif not given.answers:
        raise UsageError(
            "no answers given and no terminal to ask them at. Pass answers with "
            "-a QUESTION=OPTION (repeatable) or --answers FILE, or run with --interactive. "
            "See the questions with: kpobpo compare, or kpobpo assess --help."
        )
    else:
        final = given.answers
    result = score(loaded, definite(GivenAnswers(final, {})))
    emit(render_assessment(result, fmt), output)


@criteria_app.command("validate")
@handle_errors
def criteria_validate(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="Criteria file to check "
            "(default: --criteria, KPOBPO_CRITERIA, or the shipped one).",
            show_default=False,
        ),
    ] = None,
    criteria: CriteriaOption = None,
) -> None:
    """Check a criteria file and report every problem with its line and field."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.output import make_console

    path = resolve_criteria_path(file or criteria)
    loaded = load_criteria(path)
    scored = sum(1 for q in loaded.questions if q.scored)
    make_console().print(
        f"{path}: ok (version {loaded.version}: {len(loaded.models)} models, "
        f"{len(loaded.questions)} questions ({scored} scored), {len(loaded.risks)} risks, "
        f"{len(loaded.dimensions)} dimensions)"
    )


@criteria_app.command("path")
@handle_errors
def criteria_path(criteria: CriteriaOption = None) -> None:
    """Print the path of the criteria file in use (copy it to make your own)."""
    from kpobpo.load import resolve_criteria_path

    sys.stdout.write(f"{resolve_criteria_path(criteria)}\n")


def main() -> None:
    """Entry point of the `kpobpo` console script."""
    app(prog_name="kpobpo")
