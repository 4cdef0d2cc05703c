"""The command line: Typer wiring only.

Each command turns options into calls on the core (load, answers, score,
render) and hands the result to `output.emit`. Errors raised anywhere below are
turned into a message and an exit code in one place, `handle_errors`.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kpobpo import CRITERIA_ENV, __version__
from kpobpo.completion import complete_answer, complete_service, complete_weight
from kpobpo.formats import READERS, WRITERS
from kpobpo.helptext import CONTEXT_SETTINGS, Command, Group, examples
from kpobpo.limits import DEFAULT_DRAWS, DEFAULT_SEED
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


class QuestionsFormat(StrEnum):
    """Output formats of `questions`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


F = TypeVar("F", bound=Callable[..., Any])

_APP_SETTINGS: dict[str, Any] = {
    "name": "kpobpo",
    "help": (
        "Decide whether to outsource a business process as Knowledge Process "
        "Outsourcing (KPO) or Business Process Outsourcing (BPO), and see why.\n\n"
        "Every command reads the shipped criteria file, or the one named by "
        f"--criteria FILE or by the {CRITERIA_ENV} environment variable. "
        "Run kpobpo COMMAND -h for a command's options and examples."
    ),
    "epilog": examples(
        "kpobpo assess",
        "kpobpo questions",
        "kpobpo assess -s payroll -a objective=insight",
        "kpobpo portfolio processes.csv -o results.xlsx",
    ),
    "cls": Group,
    "context_settings": CONTEXT_SETTINGS,
    "no_args_is_help": True,
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
}
app = typer.Typer(**_APP_SETTINGS)
criteria_app = typer.Typer(
    help="Start, check, compare or locate a criteria file.",
    epilog=examples(
        "kpobpo criteria init my-criteria.yaml",
        "kpobpo criteria validate my-criteria.yaml",
        'kpobpo criteria diff "$(kpobpo criteria path)" my-criteria.yaml',
    ),
    cls=Group,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(criteria_app, name="criteria")

CriteriaOption = Annotated[
    str | None,
    typer.Option(
        "--criteria",
        metavar="FILE",
        help="Criteria file to use instead of the shipped one.",
        show_default=False,
    ),
]
WeightOption = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        "-w",
        metavar="QUESTION=FACTOR",
        autocompletion=complete_weight,
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
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {', '.join(Format)} [default: table, or what the -o file's "
        "extension says].",
        case_sensitive=False,
        show_default=False,
    ),
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
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    criteria: CriteriaOption = None,
) -> None:
    """Decide between KPO and BPO for a business process, and see why."""
    if criteria is not None:  # before the command: the command's own --criteria wins
        ctx.default_map = _everywhere(ctx.command, "criteria", criteria)


def _everywhere(command: Any, option: str, value: str) -> dict[str, Any]:
    """A Click default map giving `option` the value `value` in every (sub)command."""
    if hasattr(command, "commands"):
        return {name: _everywhere(sub, option, value) for name, sub in command.commands.items()}
    return {option: value} if any(p.name == option for p in command.params) else {}


@app.command(
    cls=Command,
    epilog=examples(
        "kpobpo compare",
        "kpobpo compare -f markdown -o models.md",
        "kpobpo compare --criteria my-criteria.yaml",
    ),
)
@handle_errors
def compare(
    criteria: CriteriaOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show the models side by side on every dimension of the criteria file."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.outfile import check_outputs
    from kpobpo.output import emit
    from kpobpo.render import render_comparison

    fmt = Format(_report_format(fmt, output))
    criteria_path = resolve_criteria_path(criteria)
    check_outputs(_result_output(output), {"the criteria file": str(criteria_path)})
    loaded = load_criteria(criteria_path)
    emit(render_comparison(loaded, fmt), output)


@app.command(
    cls=Command,
    epilog=examples(
        "kpobpo questions",
        "kpobpo questions -w objective=2",
        "kpobpo questions -f markdown -o questions.md",
    ),
)
@handle_errors
def questions(
    weight: WeightOption = None,
    weights: WeightsOption = None,
    criteria: CriteriaOption = None,
    fmt: Annotated[
        QuestionsFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(QuestionsFormat)} [default: table, or what the "
            "-o file's extension says].",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """List every question with its options and its share of the weight (for assess -a)."""
    from kpobpo.assessing import prioritised
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.outfile import check_outputs
    from kpobpo.output import emit
    from kpobpo.render.questions import render_questions

    criteria_path = resolve_criteria_path(criteria)
    inputs = {"the criteria file": str(criteria_path)}
    if weights is not None:
        inputs["the weights file"] = str(weights)
    check_outputs(_result_output(output), inputs)
    chosen = _report_format(fmt, output, QuestionsFormat)
    loaded = prioritised(
        load_criteria(criteria_path), weight or [], str(weights) if weights else None
    )
    emit(render_questions(loaded, chosen), output)


@app.command(
    cls=Command,
    epilog=examples(
        "kpobpo assess",
        "kpobpo assess -s payroll -a objective=insight",
        "kpobpo assess -a expertise=specialist -f markdown -o memo.md",
    ),
)
@handle_errors
def assess(
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            metavar="QUESTION=OPTION",
            autocompletion=complete_answer,
            help="Answer a question, e.g. -a expertise=specialist (repeatable; "
            "an empty OPTION means not sure; kpobpo questions lists them).",
            show_default=False,
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="YAML or JSON mapping of question to option, or a file written by --save "
            "(an unfinished session goes on at a terminal); - reads standard input; "
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
            autocompletion=complete_service,
            help="Start from a known service's typical answers: its id, or any part of its "
            "name that fits one service only (see: kpobpo services).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="TEXT",
            help="The process's name, for the result's headline and titles, the JSON and "
            "--save (a saved file's name is used when not given).",
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
            metavar="RATE",
            help="Hourly rate of the baseline model (BPO in the shipped criteria), "
            "for a cost estimate.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            metavar="N",
            help=f"Seed of the robustness trials (default {DEFAULT_SEED}).",
            show_default=False,
        ),
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(
            "--draws",
            metavar="N",
            help=f"Number of robustness trials (default {DEFAULT_DRAWS}).",
            show_default=False,
        ),
    ] = None,
    weight: WeightOption = None,
    weights: WeightsOption = None,
    criteria: CriteriaOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="Show everything in the table: every answer's points, robustness, cost and "
            "each risk in full (Markdown, HTML and JSON always have it all).",
        ),
    ] = False,
) -> None:
    """Answer questions about a process and get a recommendation with reasons and risks."""
    from kpobpo.assessing import AssessRequest
    from kpobpo.assessing import assess as assess_process
    from kpobpo.output import emit
    from kpobpo.render import render_assessment

    given_format = fmt.value if fmt else None
    fmt = Format(_report_format(fmt, output))
    request = AssessRequest(
        answers=answer or (),
        answers_file=str(answers_file) if answers_file is not None else None,
        service=service,
        name=name,
        interactive=interactive,
        no_input=no_input,
        save=save,
        seed=seed,
        draws=draws,
        hours=hours,
        rate=rate,
        weight=weight or (),
        weights=str(weights) if weights is not None else None,
        criteria=criteria,
        output=output,
        format=given_format,
        details=details,
    )
    emit(render_assessment(assess_process(request), fmt, details=details), output)


def _report_format(fmt: StrEnum | None, output: str | None, choices: type[StrEnum] = Format) -> str:
    """The format of one result among `choices`: -f, else what the -o file's
    extension says, else the first choice (the rule of kpobpo.formats)."""
    from kpobpo.formats import REPORT_EXTENSIONS, format_for

    extensions = {str(name): REPORT_EXTENSIONS[name] for name in choices}
    return format_for(fmt.value if fmt else None, output, extensions)


def _result_output(output: str | None) -> dict[str, str]:
    """Where the result goes, for `check_outputs`: -o FILE, or standard output."""
    return {"-o": output} if output is not None else {"the result": "-"}


@app.command(
    cls=Command,
    epilog=examples(
        "kpobpo services",
        "kpobpo services -f json",
    ),
)
@handle_errors
def services(
    criteria: CriteriaOption = None,
    fmt: Annotated[
        ServicesFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(ServicesFormat)}.",
            case_sensitive=False,
        ),
    ] = ServicesFormat.TABLE,
) -> None:
    """List the known services and the model each usually gets (for assess --service)."""
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.output import emit
    from kpobpo.render import render_services

    loaded = load_criteria(resolve_criteria_path(criteria))
    emit(render_services(loaded, fmt.value), None)


@app.command(
    cls=Command,
    epilog=examples(
        "kpobpo portfolio processes.csv",
        "kpobpo portfolio processes.xlsx -o results.xlsx",
        "kpobpo portfolio processes.csv -w objective=2 -f json",
    ),
)
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
            metavar="FORMAT",
            help=f"Format of FILE when its extension does not say (required for -): "
            f"{', '.join(READERS)}.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputChoice | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(WRITERS)} [default: {next(iter(WRITERS))}, "
            "or what the -o file's extension says].",
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
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="Seed of the robustness trials.")
    ] = DEFAULT_SEED,
    draws: Annotated[
        int, typer.Option("--draws", metavar="N", help="Number of robustness trials.")
    ] = DEFAULT_DRAWS,
    criteria: CriteriaOption = None,
) -> None:
    """Assess every process in a spreadsheet (CSV, Excel) or a JSON, JSON Lines or YAML
    file, with a summary."""
    from kpobpo.assessing import PortfolioRequest, assess_portfolio

    request = PortfolioRequest(
        file,
        input_format=input_format.lower() if input_format else None,
        output_format=fmt.lower() if fmt else None,
        output=output,
        delimiter=delimiter,
        encoding=encoding,
        sheet=sheet,
        strict=strict,
        show_all=show_all,
        weight=weight or (),
        weights=str(weights) if weights is not None else None,
        seed=seed,
        draws=draws,
        criteria=criteria,
    )
    if code := assess_portfolio(request):
        raise typer.Exit(code)


class Shell(StrEnum):
    """The shells `completion` writes a script for (kpobpo.shells.SHELLS)."""

    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


@app.command(
    cls=Command,
    epilog=examples(
        'eval "$(kpobpo completion bash)"    # in ~/.bashrc',
        'eval "$(kpobpo completion zsh)"     # in ~/.zshrc, after compinit',
        "kpobpo completion fish > ~/.config/fish/completions/kpobpo.fish",
    ),
)
@handle_errors
def completion(
    shell: Annotated[
        Shell,
        typer.Argument(
            metavar="SHELL",
            help=f"The shell: {', '.join(Shell)}.",
            case_sensitive=False,
            show_default=False,
        ),
    ],
) -> None:
    """Print a script that makes your shell complete kpobpo's commands, options,
    answers and services."""
    from kpobpo.shells import script

    sys.stdout.write(script(typer.main.get_command(app), shell.value))


@criteria_app.command(
    "validate",
    cls=Command,
    epilog=examples(
        "kpobpo criteria validate",
        "kpobpo criteria validate my-criteria.yaml",
    ),
)
@handle_errors
def criteria_validate(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="Criteria file to check (default: the criteria in use).",
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


@criteria_app.command(
    "init",
    cls=Command,
    epilog=examples(
        "kpobpo criteria init my-criteria.yaml",
        "kpobpo criteria init - | less",
    ),
)
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


@criteria_app.command(
    "diff",
    cls=Command,
    epilog=examples(
        'kpobpo criteria diff "$(kpobpo criteria path)" my-criteria.yaml',
        "kpobpo criteria diff old.yaml new.yaml -f json",
    ),
)
@handle_errors
def criteria_diff(
    old: Annotated[
        str, typer.Argument(metavar="A", help="The criteria file before (e.g. the shipped one).")
    ],
    new: Annotated[str, typer.Argument(metavar="B", help="The criteria file after.")],
    fmt: Annotated[
        ServicesFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(ServicesFormat)} [default: table, or json for "
            "an -o FILE.json].",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
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

    chosen = _report_format(fmt, output, ServicesFormat)
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
    emit(render_diff(diff_criteria(loaded[0], loaded[1]), chosen), output)


def _same_file(one: Path, other: Path) -> bool:
    """Whether two names reach the same file (False when either cannot be reached)."""
    try:
        return one.samefile(other)
    except OSError:
        return False


@criteria_app.command(
    "path",
    cls=Command,
    epilog=examples(
        "kpobpo criteria path",
        'cp "$(kpobpo criteria path)" my-criteria.yaml',
    ),
)
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
    if os.environ.get("_KPOBPO_COMPLETE"):  # a shell asks for completions (kpobpo.shells)
        from kpobpo.shells import register

        register()
    args = sys.argv[1:]
    if args[:1] == ["--criteria"]:  # `kpobpo --criteria FILE assess ...`
        args = args[2:]
    elif args[:1] and args[0].startswith("--criteria="):
        args = args[1:]
    wanted = next(iter(args[:1]), "")
    commands = [c for c in app.registered_commands if _command_name(c) == wanted]
    groups = [g for g in app.registered_groups if g.name == wanted]
    if not commands and not groups:
        _run(app, "kpobpo")
        return
    slim = typer.Typer(**_APP_SETTINGS)
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    _run(slim, f"kpobpo {wanted}")


def _run(application: typer.Typer, command: str) -> None:
    """Run `application` and exit with its code (see `kpobpo.helptext.run`)."""
    from kpobpo.helptext import run

    raise SystemExit(run(application, command))


def _command_name(info: typer.models.CommandInfo) -> str:
    if info.name:
        return info.name
    assert info.callback is not None
    return info.callback.__name__.replace("_", "-")
