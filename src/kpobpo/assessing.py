"""Assess one process, or a portfolio of them: the application behind the commands.

`kpobpo assess` and `kpobpo portfolio` turn their options into a request and
make one call here; the command line only wires. The policies between the
options and the scoring live in this module, as plain functions tested
without the CLI framework:

- Which answers win: a service's preset, then the answers file (or a file
  written by `--save`), then `-a` flags.
- What a re-run inherits from a saved file: its run settings (seed, draws,
  hours, rate) and its weight factors, each unless given again; the defaults
  and limits of the settings are `kpobpo.limits`'.
- When to ask the questions (`wants_questions`), and what an interrupted
  session keeps (`--save`).
- Which files may be written: outputs are checked against the inputs before
  anything is read (`kpobpo.outfile`).
"""

# No `from __future__ import annotations`: see kpobpo.model (start-up time).
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kpobpo.errors import Stopped, UsageError
from kpobpo.model import Assessment, Criteria, Settings
from kpobpo.outfile import STANDARD_STREAM

if TYPE_CHECKING:
    from kpobpo.answers import GivenAnswers


class AssessRequest(NamedTuple):
    """What `kpobpo assess` is asked to do: its options as plain values.

    None means "not given": a saved file's value, or the default, applies.
    """

    #: `-a QUESTION=OPTION` flags, in the order given.
    answers: Sequence[str] = ()
    #: `--answers FILE`: a mapping of question to option, or a file written by `--save`.
    answers_file: str | None = None
    #: `--service NAME`: start from a known service's typical answers.
    service: str | None = None
    #: `--name TEXT`: the process's name, for titles, JSON and the saved file.
    name: str | None = None
    interactive: bool = False
    no_input: bool = False
    #: `--save FILE`: where the answers are saved for a re-run.
    save: str | None = None
    seed: int | None = None
    draws: int | None = None
    hours: float | None = None
    rate: float | None = None
    #: `--weight QUESTION=FACTOR` flags and `--weights FILE`.
    weight: Sequence[str] = ()
    weights: str | None = None
    #: `--criteria FILE` (None: $KPOBPO_CRITERIA, else the shipped file).
    criteria: str | None = None
    #: `-o FILE` (None or `-`: standard output), checked against the inputs.
    output: str | None = None
    #: `-f FORMAT` as given (None: -o's extension says, else the table), and
    #: `--details`: named again in the command that goes on with a session.
    format: str | None = None
    details: bool = False


#: Why `assess` without answers and without a terminal cannot go on.
NO_ANSWERS = (
    "no answers given and no terminal to ask them at. Pass answers with "
    "-a QUESTION=OPTION (repeatable), --answers FILE or --service NAME, "
    "or run with --interactive. See the questions with: kpobpo questions"
)


def assess(request: AssessRequest, *, at_terminal: bool | None = None) -> Assessment:
    """Score the answers `request` gives, asking the questions when the policy says so.

    `at_terminal` says whether a person can be asked (see `wants_questions`);
    None looks at standard input: when it is a terminal, the questions are
    asked there, prompts on stderr, even with the result going to a file
    (`kpobpo assess > decision.txt`).
    Bad options raise UsageError (exit 2), bad files an InputFileError
    (exit 1); Ctrl-C or end of input in the questionnaire raise Interrupted
    (exit 130), after `--save` has kept the answers so far.
    """
    from kpobpo.answers import definite
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.outfile import check_outputs
    from kpobpo.score import score

    check_request(request)
    criteria_path = resolve_criteria_path(request.criteria)
    inputs = _inputs(request, criteria_path)
    resaving = _saves_over_answers(request)
    if resaving:  # read whole before anything is written; checked below to be ours
        del inputs["the answers file"]
    check_outputs(_outputs(request.output, save=request.save), inputs)
    unweighted = load_criteria(criteria_path)
    criteria = prioritised(unweighted, request.weight, request.weights)
    given, saved = given_answers(criteria, request)
    if resaving and saved is not None and saved.criteria_sha256 is None:
        raise UsageError(
            f"--save {request.save} is the answers file, and kpobpo did not write it: "
            "saving over it would lose what it holds. Choose another --save file"
        )
    if saved is not None and saved.priorities and not request.weight and request.weights is None:
        from kpobpo.weights import reweigh

        criteria = reweigh(unweighted, saved.priorities)  # the saved run's priorities
    flags: dict[str, float | int | None] = {"seed": request.seed, "draws": request.draws}
    flags |= {"hours": request.hours, "rate": request.rate}
    settings = run_settings(flags, saved.settings if saved is not None else None)
    name = request.name if request.name is not None else saved.name if saved else None

    def keep(answers: "GivenAnswers", *, unfinished: bool) -> str:
        assert request.save is not None
        command = go_on_command(request, resave=unfinished)
        return save_session(request.save, criteria, answers, settings, name, command, unfinished)

    if at_terminal is None:
        at_terminal = sys.stdin.isatty()
    if wants_questions(request, given, saved, at_terminal=at_terminal):
        given = ask_questions(criteria, given, keep if request.save is not None else None)
    elif not given.answers:
        raise UsageError(NO_ANSWERS)
    elif saved is not None and saved.unfinished:
        from kpobpo.messages import warn

        warn(unfinished_warning(request, criteria, saved))
    if request.save is not None:
        keep(given, unfinished=False)
    return score(criteria, definite(given), settings)._replace(name=name)


def check_request(request: AssessRequest) -> None:
    """Refuse options that contradict each other or break a limit (UsageError, exit 2)."""
    if request.interactive and request.no_input:
        raise UsageError("--interactive and --no-input cannot be used together")
    if request.name is not None and not request.name.strip():
        raise UsageError("--name needs the process's name, e.g. --name 'Claims handling'")
    if request.interactive and request.answers_file == STANDARD_STREAM:
        raise UsageError(
            "--answers - reads the answers from standard input, so the questions cannot be "
            "asked there too: give the answers in a file, or leave out --interactive"
        )
    check_settings(seed=request.seed, draws=request.draws, hours=request.hours, rate=request.rate)


def check_settings(**flags: float | int | None) -> None:
    """Run settings from flags obey the rules a saved file's settings obey (kpobpo.limits)."""
    from kpobpo.limits import cost_pair_problem, setting_problem

    if "hours" in flags and (pair := cost_pair_problem(flags["hours"], flags["rate"])):
        raise UsageError(f"--hours and --rate {pair}")
    for name, value in flags.items():
        if value is not None and (wrong := setting_problem(name, value)):
            raise UsageError(f"--{name} {wrong}")


def given_answers(
    criteria: Criteria, request: AssessRequest
) -> "tuple[GivenAnswers, GivenAnswers | None]":
    """The answers given before any question is asked, and the answers file's own.

    Later layers win: the service's preset, then the file, then the flags.
    A file saved with other criteria is read, with a warning.
    """
    from kpobpo.answers import STANDARD_INPUT, find_service, load_answers_file, merge, parse_flags

    layers: list[GivenAnswers] = []
    if request.service is not None:
        layers.append(find_service(criteria, request.service))
    saved: GivenAnswers | None = None
    if request.answers_file is not None:
        if request.answers_file == STANDARD_STREAM and sys.stdin.isatty():
            from kpobpo.messages import print_messages

            print_messages(["reading the answers (YAML or JSON) here; end them with Ctrl-D"])
        saved = load_answers_file(criteria, Path(request.answers_file))
        layers.append(saved)
        if saved.criteria_sha256 and saved.criteria_sha256 != criteria.sha256:
            from kpobpo.messages import warn

            shown = (
                STANDARD_INPUT if request.answers_file == STANDARD_STREAM else request.answers_file
            )
            warn(
                f"{shown} was saved with different criteria "
                f"(sha256 {saved.criteria_sha256[:12]}, now {criteria.sha256[:12]}); "
                "the result may differ from the saved run"
            )
    layers.append(parse_flags(criteria, request.answers))
    return merge(*layers), saved


def run_settings(
    flags: Mapping[str, float | int | None], earlier: Mapping[str, float | int] | None = None
) -> Settings:
    """The run's settings: a flag wins, then the saved run's, then the default.

    The defaults are `Settings`' own (from `kpobpo.limits`), never typed again.
    """

    def pick(key: str) -> float | int | None:
        flag = flags.get(key)
        return flag if flag is not None else (earlier or {}).get(key)

    default = Settings()
    seed, draws, hours, rate = (pick(key) for key in ("seed", "draws", "hours", "rate"))
    return default._replace(
        seed=int(seed) if seed is not None else default.seed,
        draws=int(draws) if draws is not None else default.draws,
        hours=float(hours) if hours is not None else None,
        rate=float(rate) if rate is not None else None,
    )


def wants_questions(
    request: AssessRequest,
    given: "GivenAnswers",
    saved: "GivenAnswers | None" = None,
    *,
    at_terminal: bool,
) -> bool:
    """Whether to run the questionnaire.

    Always with `--interactive`; never with `--no-input`, or when the answers
    came from standard input. Otherwise only at a terminal, and only when no
    answers were given or the answers file is an unfinished session (which
    then goes on at its first unanswered question): given answers are scored
    as they are, so a script never waits for input.
    """
    if request.interactive:
        return True
    if request.no_input or request.answers_file == STANDARD_STREAM or not at_terminal:
        return False
    return not given.answers or (saved is not None and saved.unfinished)


def ask_questions(
    criteria: Criteria,
    given: "GivenAnswers",
    keep: Callable[..., str] | None = None,
) -> "GivenAnswers":
    """Run the questionnaire on standard input, prompts on stderr, from `given`.

    Ctrl-C, end of input, SIGTERM or SIGHUP stop it. With `keep` (`--save`)
    the answers so far are saved first, marked unfinished, and the message
    says what was kept and how to go on; without it, how to keep them next
    time. A session stopped before any new answer writes nothing, so an
    earlier file of that name is not replaced by less.
    """
    from kpobpo.answers import GivenAnswers
    from kpobpo.errors import Interrupted
    from kpobpo.interactive import Session
    from kpobpo.output import make_console

    prompts = make_console(stderr=True)
    session = Session(criteria, prompts, prompts.input, given.answers, given.sources)
    try:
        session.run()
    except (KeyboardInterrupt, EOFError, Stopped) as stop:
        if keep is None:
            if isinstance(stop, Stopped):
                raise
            raise Interrupted(
                "stopped before the end; nothing was written "
                "(with --save FILE, an interrupted session keeps its answers)"
            ) from None
        if session.answers == given.answers:  # nothing new: the --save file stays as it was
            if isinstance(stop, Stopped):
                raise
            raise Interrupted("stopped before any answer was given; nothing was written") from None
        told = keep(GivenAnswers(session.answers, session.sources), unfinished=True)
        if isinstance(stop, Stopped):
            import contextlib

            from kpobpo.messages import print_messages

            with contextlib.suppress(OSError):  # a hung-up terminal takes nothing
                print_messages(["", *told.split("\n")], "yellow", console=prompts)
            raise
        raise Interrupted(told) from None
    return GivenAnswers(session.answers, session.sources)


def save_session(
    path: str,
    criteria: Criteria,
    given: "GivenAnswers",
    settings: Settings,
    name: str | None,
    command: str,
    unfinished: bool,
) -> str:
    """Write `--save`'s file and say what it keeps (for an unfinished session,
    how many questions it answers and how to go on)."""
    from kpobpo.answers import saved_document
    from kpobpo.output import save_answers

    document = saved_document(criteria, given, settings, name=name, unfinished=unfinished)
    if not unfinished:
        save_answers(path, document, [f"Answers saved by kpobpo. Re-run with: {command}"])
        return f"answers saved to {path}"
    answered = f"the answers to {len(given.answers)} of {len(criteria.questions)} questions"
    header = [
        f"An unfinished kpobpo session: {answered}; the others were not asked yet.",
        f"Go on at a terminal with: {command}",
    ]
    save_answers(path, document, header)
    return (
        f"no result was written; {answered} are kept in {path}, marked unfinished\n"
        f"go on at a terminal with: {command}"
    )


def go_on_command(
    request: AssessRequest, answers_file: str | None = None, *, resave: bool = True
) -> str:
    """The command that goes on with a saved session, or re-runs a finished one.

    It reads `answers_file` (by default `--save`'s file) and, with `resave`,
    saves back to it; the criteria file is named when the run named one, and
    the result goes where, and looks as, the run asked (-o, -f, --details).
    Everything else (settings, weight factors, name) the file holds.
    """
    import shlex

    answers = answers_file or request.save or "FILE"
    words = ["kpobpo", "assess", "--answers", answers]
    if resave:
        words += ["--save", answers]
    if request.criteria is not None:
        words += ["--criteria", request.criteria]
    if request.output not in (None, "-"):
        words += ["-o", str(request.output)]
    if request.format is not None:
        words += ["-f", request.format]
    if request.details:
        words.append("--details")
    return shlex.join(words)


def unfinished_warning(request: AssessRequest, criteria: Criteria, saved: "GivenAnswers") -> str:
    """Why a result from an unfinished session counts the rest as not sure."""
    from kpobpo.answers import STANDARD_INPUT

    file = request.answers_file
    shown = STANDARD_INPUT if file == STANDARD_STREAM or file is None else file
    missing = len(criteria.questions) - len(saved.answers)
    return (
        f"{shown} is an unfinished session ({missing} of {len(criteria.questions)} questions "
        "not asked yet); they count as not sure. Answer them at a terminal with: "
        + go_on_command(request, None if shown == STANDARD_INPUT else file)
    )


def prioritised(criteria: Criteria, weight: Sequence[str], weights: str | None) -> Criteria:
    """The criteria with `--weights FILE` and `--weight` factors applied (if any)."""
    if not weight and weights is None:
        return criteria
    from kpobpo.weights import prioritise

    return prioritise(criteria, list(weight), Path(weights) if weights is not None else None)


def _outputs(output: str | None, *, save: str | None = None) -> dict[str, str]:
    """What a command writes, for `check_outputs`: -o FILE (or standard output), --save."""
    outputs = {"-o": output} if output is not None else {"the result": "-"}
    if save is not None:
        outputs["--save"] = save
    return outputs


def _saves_over_answers(request: AssessRequest) -> bool:
    """Whether `--save` writes the file `--answers` reads (going on with a saved session)."""
    import os

    if request.save is None or request.answers_file in (None, STANDARD_STREAM):
        return False
    try:
        return os.path.samefile(request.save, request.answers_file)
    except OSError:
        return False


def _inputs(request: AssessRequest, criteria_path: Path) -> dict[str, str]:
    """What `assess` reads, for `check_outputs`."""
    inputs = {"the criteria file": str(criteria_path)}
    if request.answers_file is not None:
        inputs["the answers file"] = request.answers_file
    if request.weights is not None:
        inputs["the weights file"] = request.weights
    return inputs


class PortfolioRequest(NamedTuple):
    """What `kpobpo portfolio` is asked to do: its options as plain values."""

    #: The processes to assess; `-` reads standard input.
    file: str
    input_format: str | None = None
    output_format: str | None = None
    output: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    strict: bool = False
    show_all: bool = False
    weight: Sequence[str] = ()
    weights: str | None = None
    seed: int | None = None
    draws: int | None = None
    criteria: str | None = None


def assess_portfolio(request: PortfolioRequest) -> int:
    """Assess every process of a portfolio; the exit code (0, or 1 if a row failed)."""
    from kpobpo.formats import format_for, writer_extensions
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.outfile import check_outputs
    from kpobpo.portfolio_run import run_portfolio

    check_settings(seed=request.seed, draws=request.draws)
    output_format = format_for(request.output_format, request.output, writer_extensions())
    delimiter, encoding = request.delimiter, request.encoding
    if delimiter is not None or encoding is not None:
        from kpobpo.csv_dialect import check_delimiter, check_encoding

        delimiter = check_delimiter(delimiter) if delimiter is not None else None
        encoding = check_encoding(encoding) if encoding is not None else None
    criteria_path = resolve_criteria_path(request.criteria)
    inputs = {"the input file": request.file, "the criteria file": str(criteria_path)}
    if request.weights is not None:
        inputs["the weights file"] = request.weights
    check_outputs(_outputs(request.output), inputs)
    criteria = prioritised(load_criteria(criteria_path), request.weight, request.weights)
    settings = run_settings({"seed": request.seed, "draws": request.draws})
    return run_portfolio(
        criteria,
        request.file,
        request.input_format,
        output_format,
        request.output,
        settings,
        strict=request.strict,
        show_all=request.show_all,
        encoding=encoding,
        delimiter=delimiter,
        sheet=request.sheet,
    )
