"""The command line: Typer wiring only.

Each command turns options into calls on the core (load, answers, score,
render) and hands the result to `output.emit`. Errors raised anywhere below are
turned into a message and an exit code in one place, `handle_errors`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kpobpo import CRITERIA_ENV, __version__
from kpobpo.formats import READERS, WRITERS
from kpobpo.render import Format

if TYPE_CHECKING:
    from kpobpo.model import Criteria

    InputChoice = str
    OutputChoice = str
else:
    # The portfolio's choices, made from the one registry of formats.
    InputChoice = StrEnum("InputChoice", {name: name for name in READERS})
    OutputChoice = StrEnum("OutputChoice", {name: name for name in WRITERS})


class ServicesFormat(StrEnum):
    """Output formats of `services`."""

    TABLE = "table"
    JSON = "json"


F = TypeVar("F", bound=Callable[..., Any])

_APP_SETTINGS: dict[str, Any] = {
    "name": "kpobpo",
    "help": (
        "Decide whether to outsource a business process as Knowledge Process "
        "Outsourcing (KPO) or Business Process Outsourcing (BPO), and see why."
    ),
    "no_args_is_help": True,
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
}
app = typer.Typer(**_APP_SETTINGS)
criteria_app = typer.Typer(
    help="Start, check, compare or locate a criteria file.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(criteria_app, name="criteria")

CriteriaOption = Annotated[
    str | None,
    typer.Option(
        "--criteria",
        envvar=CRITERIA_ENV,
        metavar="FILE",
        help="Criteria file to use instead of the shipped one (or set KPOBPO_CRITERIA).",
        show_default=False,
    ),
]
WeightOption = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        "-w",
        metavar="QUESTION=FACTOR",
        help="Multiply a scored question's weight by FACTOR (0.01 to 100), e.g. "
        "-w objective=2 (repeatable; wins over --weights).",
        show_default=False,
    ),
]
WeightsOption = Annotated[
    Path | None,
    typer.Option(
        "--weights",
        metavar="FILE",
        help="YAML or JSON mapping of question to weight factor: your priorities "
        "on top of the criteria file.",
        dir_okay=False,
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the result to FILE instead of the terminal (a file is replaced whole, "
        "a device or FIFO written in place; - is standard output).",
        show_default=False,
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
        from kpobpo.messages import print_messages

        print_messages(error.messages(), "yellow" if isinstance(error, Interrupted) else "red")
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
    """Show the models side by side on every dimension of the criteria file."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.outfile import check_outputs
    from kpobpo.output import emit
    from kpobpo.render import render_comparison

    criteria_path = resolve_criteria_path(criteria)
    check_outputs(_result_output(output), {"the criteria file": str(criteria_path)})
    loaded = load_criteria(criteria_path)
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
            help="YAML or JSON mapping of question to option, or a file written by --save; "
            "-a flags win over it.",
            show_default=False,
        ),
    ] = None,
    service: Annotated[
        str | None,
        typer.Option(
            "--service",
            "-s",
            metavar="NAME",
            help="Start from a known service's typical answers (see: kpobpo services).",
            show_default=False,
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
    save: Annotated[
        str | None,
        typer.Option(
            "--save",
            metavar="FILE",
            help="Save the answers (and where each came from) to FILE for a later re-run; "
            "an interrupted session saves what was answered so far.",
            show_default=False,
        ),
    ] = None,
    hours: Annotated[
        float | None,
        typer.Option(
            "--hours",
            metavar="N",
            help="Yearly hours of work, for a cost estimate.",
            show_default=False,
        ),
    ] = None,
    rate: Annotated[
        float | None,
        typer.Option(
            "--rate",
            metavar="R",
            help="Hourly rate of the baseline model (BPO in the shipped criteria), "
            "for a cost estimate.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", help="Seed of the robustness trials (default 0).", show_default=False
        ),
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(
            "--draws",
            metavar="N",
            help="Number of robustness trials (default 1000).",
            show_default=False,
        ),
    ] = None,
    weight: WeightOption = None,
    weights: WeightsOption = None,
    criteria: CriteriaOption = None,
    fmt: FormatOption = Format.TABLE,
    output: OutputOption = None,
) -> None:
    """Answer questions about a process and get a recommendation with reasons and risks."""
    from kpobpo.answers import (
        GivenAnswers,
        definite,
        find_service,
        load_answers_file,
        merge,
        parse_flags,
    )
    from kpobpo.errors import Stopped, UsageError
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.messages import print_messages, warn
    from kpobpo.model import Settings
    from kpobpo.outfile import check_outputs
    from kpobpo.output import emit, make_console, save_answers
    from kpobpo.render import render_assessment
    from kpobpo.score import score

    if interactive and no_input:
        raise UsageError("--interactive and --no-input cannot be used together")
    _check_settings(seed=seed, draws=draws, hours=hours, rate=rate)
    criteria_path = resolve_criteria_path(criteria)
    outputs = _result_output(output) | ({"--save": save} if save is not None else {})
    inputs = {"the criteria file": str(criteria_path)}
    if answers_file is not None:
        inputs["the answers file"] = str(answers_file)
    if weights is not None:
        inputs["the weights file"] = str(weights)
    check_outputs(outputs, inputs)
    unweighted = load_criteria(criteria_path)
    loaded = _prioritised(unweighted, weight, weights)
    layers: list[GivenAnswers] = []
    if service is not None:
        layers.append(find_service(loaded, service))
    saved: GivenAnswers | None = None
    if answers_file is not None:
        saved = load_answers_file(loaded, answers_file)
        layers.append(saved)
        if saved.criteria_sha256 and saved.criteria_sha256 != loaded.sha256:
            warn(
                f"{answers_file} was saved with different criteria "
                f"(sha256 {saved.criteria_sha256[:12]}, now {loaded.sha256[:12]}); "
                "the result may differ from the saved run"
            )
    layers.append(parse_flags(loaded, answer or []))
    given = merge(*layers)
    if saved is not None and saved.priorities and not weight and weights is None:
        from kpobpo.weights import reweigh

        loaded = reweigh(unweighted, saved.priorities)  # the saved run's priorities
    earlier = saved.settings if saved else {}
    settings = Settings(
        seed=seed if seed is not None else int(earlier.get("seed", 0)),
        draws=draws if draws is not None else int(earlier.get("draws", 1000)),
        hours=hours if hours is not None else _maybe(earlier.get("hours")),
        rate=rate if rate is not None else _maybe(earlier.get("rate")),
    )

    at_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive or (at_terminal and not no_input and not given.answers):
        from kpobpo.interactive import Session

        prompts = make_console(stderr=True)
        session = Session(loaded, prompts, prompts.input, given.answers, given.sources)
        try:
            session.run()
        except (KeyboardInterrupt, EOFError, Stopped):
            if save is not None:
                save_answers(save, loaded, GivenAnswers(session.answers, session.sources), settings)
                print_messages(["", f"answers so far saved to {save}"], console=prompts)
            raise
        given = GivenAnswers(session.answers, session.sources)
    elif not given.answers:
        raise UsageError(
            "no answers given and no terminal to ask them at. Pass answers with "
            "-a QUESTION=OPTION (repeatable), --answers FILE or --service NAME, "
            "or run with --interactive. See the questions with: kpobpo assess --help "
            "and kpobpo compare."
        )
    if save is not None:
        save_answers(save, loaded, given, settings)
    result = score(loaded, definite(given), settings)
    emit(render_assessment(result, fmt), output)


def _prioritised(loaded: Criteria, weight: list[str] | None, weights: Path | None) -> Criteria:
    """The criteria with `--weights FILE` and `--weight` factors applied (if any)."""
    if not weight and weights is None:
        return loaded
    from kpobpo.weights import prioritise

    return prioritise(loaded, weight or [], weights)


def _result_output(output: str | None) -> dict[str, str]:
    """Where the result goes, for `check_outputs`: -o FILE, or standard output."""
    return {"-o": output} if output is not None else {"the result": "-"}


def _maybe(value: float | int | None) -> float | None:
    return float(value) if value is not None else None


def _check_settings(**flags: float | int | None) -> None:
    """Run settings from flags obey the rules a saved file's settings obey (kpobpo.limits)."""
    from kpobpo.errors import UsageError
    from kpobpo.limits import cost_pair_problem, setting_problem

    if "hours" in flags and (pair := cost_pair_problem(flags["hours"], flags["rate"])):
        raise UsageError(f"--hours and --rate {pair}")
    for name, value in flags.items():
        if value is not None and (wrong := setting_problem(name, value)):
            raise UsageError(f"--{name} {wrong}")


@app.command()
@handle_errors
def services(
    criteria: CriteriaOption = None,
    fmt: Annotated[
        ServicesFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = ServicesFormat.TABLE,
) -> None:
    """List the known services and the model each usually gets (for assess --service)."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.output import emit
    from kpobpo.render import render_services

    loaded = load_criteria(resolve_criteria_path(criteria))
    emit(render_services(loaded, fmt.value), None)


@app.command()
@handle_errors
def portfolio(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Processes to assess: "
            + ", ".join(e for f in READERS.values() for e in f.extensions)
            + "; - reads standard input.",
            show_default=False,
        ),
    ],
    input_format: Annotated[
        InputChoice | None,
        typer.Option(
            "--input-format",
            help="Format of FILE when its extension does not say (required for -).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputChoice | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format [default: {next(iter(WRITERS))}, or what the -o file's "
            "extension says].",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            help="CSV delimiter (, ; or tab), when the one found from the header is wrong.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="CSV encoding (utf-8, cp1252, latin-1, utf-16), when the one found "
            "from the bytes is wrong.",
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help="The worksheet of an .xlsx input to read (default: the first).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad row (nothing is written).")
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="In the table, show every row of a long input.")
    ] = False,
    weight: WeightOption = None,
    weights: WeightsOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the robustness trials.")] = 0,
    draws: Annotated[
        int, typer.Option("--draws", metavar="N", help="Number of robustness trials.")
    ] = 1000,
    criteria: CriteriaOption = None,
) -> None:
    """Assess every process in a spreadsheet (CSV, Excel) or a JSON, JSON Lines or YAML
    file, with a summary."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.model import Settings
    from kpobpo.outfile import check_outputs
    from kpobpo.portfolio_run import run_portfolio

    _check_settings(seed=seed, draws=draws)
    if delimiter is not None or encoding is not None:
        from kpobpo.csv_dialect import check_delimiter, check_encoding

        delimiter = check_delimiter(delimiter) if delimiter is not None else None
        encoding = check_encoding(encoding) if encoding is not None else None
    criteria_path = resolve_criteria_path(criteria)
    inputs = {"the input file": file, "the criteria file": str(criteria_path)}
    if weights is not None:
        inputs["the weights file"] = str(weights)
    check_outputs(_result_output(output), inputs)
    loaded = _prioritised(load_criteria(criteria_path), weight, weights)
    code = run_portfolio(
        loaded,
        file,
        input_format.lower() if input_format else None,
        fmt.lower() if fmt else None,
        output,
        Settings(seed=seed, draws=draws),
        strict=strict,
        show_all=show_all,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
    )
    if code:
        raise typer.Exit(code)


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
    """Check a criteria file and report every problem with its line and field.

    Beyond the fields, it checks the file's promises: options of a question
    marked `ordered: true` run from one model to the other, and every service
    in the catalogue gets the model the file says it usually gets.
    """
    from kpobpo.audit import audit
    from kpobpo.errors import CriteriaError
    from kpobpo.load import load_criteria, resolve_criteria_path, shipped_criteria_path
    from kpobpo.messages import print_line

    path = resolve_criteria_path(file or criteria)
    loaded = load_criteria(path)
    shipped = shipped_criteria_path()
    problems = audit(loaded, None if _same_file(path, shipped) else load_criteria(shipped))
    if problems:
        raise CriteriaError(problems)
    scored = sum(1 for q in loaded.questions if q.scored)
    print_line(
        f"{path}: ok (version {loaded.version}: {len(loaded.models)} models, "
        f"{len(loaded.questions)} questions ({scored} scored), {len(loaded.risks)} risks, "
        f"{len(loaded.dimensions)} dimensions, {len(loaded.services)} services, "
        f"{len(loaded.advisories)} advisories)"
    )


#: Where `criteria init` writes when given no FILE.
DEFAULT_CRITERIA_COPY = "criteria.yaml"


@criteria_app.command("init")
@handle_errors
def criteria_init(
    file: Annotated[
        str,
        typer.Argument(
            metavar="[FILE]",
            help=f"Where to write the copy (default: {DEFAULT_CRITERIA_COPY} in this folder; "
            "- writes to standard output). An existing file is never replaced.",
        ),
    ] = DEFAULT_CRITERIA_COPY,
    criteria: CriteriaOption = None,
) -> None:
    """Write a commented copy of the criteria in use, to edit and use with --criteria."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.messages import print_messages
    from kpobpo.outfile import check_outputs, is_standard_output, write_output
    from kpobpo.schema_export import copy_with_schema_line

    source = resolve_criteria_path(criteria)
    check_outputs({"FILE": file}, {"the criteria file": str(source)})
    loaded = load_criteria(source)
    copy = copy_with_schema_line(loaded.content.decode("utf-8"), source)
    write_output(file, copy, "FILE", overwrite=False)
    if not is_standard_output(file):
        print_messages(
            [
                f"wrote {file}, a copy of {source}. Edit it, check it with: "
                f"kpobpo criteria validate {file}; use it with --criteria {file} "
                "(or KPOBPO_CRITERIA)"
            ]
        )


@criteria_app.command("diff")
@handle_errors
def criteria_diff(
    old: Annotated[
        str, typer.Argument(metavar="A", help="The criteria file before (e.g. the shipped one).")
    ],
    new: Annotated[str, typer.Argument(metavar="B", help="The criteria file after.")],
    fmt: Annotated[
        ServicesFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = ServicesFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Show what changed between two criteria files, and which services it moves.

    Lists the models, questions, options and weights added, removed or changed,
    and every service of B whose model or confidence differs under A.
    """
    from kpobpo.criteria_diff import diff_criteria
    from kpobpo.errors import CriteriaError, Problem
    from kpobpo.load import load_criteria
    from kpobpo.outfile import check_outputs
    from kpobpo.output import emit
    from kpobpo.render.criteria_diff import render_diff

    check_outputs(_result_output(output), {"criteria file A": old, "criteria file B": new})
    problems: list[Problem] = []
    loaded: list[Criteria] = []
    for path in (old, new):  # both files' problems at once
        try:
            loaded.append(load_criteria(path))
        except CriteriaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CriteriaError(problems)
    emit(render_diff(diff_criteria(loaded[0], loaded[1]), fmt.value), output)


def _same_file(one: Path, other: Path) -> bool:
    """Whether two names reach the same file (False when either cannot be reached)."""
    try:
        return one.samefile(other)
    except OSError:
        return False


@criteria_app.command("path")
@handle_errors
def criteria_path(criteria: CriteriaOption = None) -> None:
    """Print the path of the criteria file in use (copy it to make your own)."""
    from kpobpo.load import resolve_criteria_path
    from kpobpo.messages import print_line

    print_line(str(resolve_criteria_path(criteria)))


def main() -> None:
    """Entry point of the `kpobpo` console script.

    Typer turns every registered command into a Click command on each run,
    which costs start-up time for commands that are not used. When the first
    argument names a command, only that command is registered (the callback
    stays, so usage, help and errors read the same).
    """
    from kpobpo.terminal import prepare_streams

    prepare_streams()
    wanted = next(iter(sys.argv[1:2]), "")
    commands = [c for c in app.registered_commands if _command_name(c) == wanted]
    groups = [g for g in app.registered_groups if g.name == wanted]
    if not commands and not groups:
        app(prog_name="kpobpo")
        return
    slim = typer.Typer(**_APP_SETTINGS)
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    slim(prog_name="kpobpo")


def _command_name(info: typer.models.CommandInfo) -> str:
    if info.name:
        return info.name
    assert info.callback is not None
    return info.callback.__name__.replace("_", "-")
