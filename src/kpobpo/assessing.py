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

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kpobpo.errors import Stopped, UsageError

if TYPE_CHECKING:
    from kpobpo.answers import GivenAnswers
    from kpobpo.model import Assessment, Criteria, Settings


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


#: Why `assess` without answers and without a terminal cannot go on.
NO_ANSWERS = (
    "no answers given and no terminal to ask them at. Pass answers with "
    "-a QUESTION=OPTION (repeatable), --answers FILE or --service NAME, "
    "or run with --interactive. See the questions with: kpobpo assess --help "
    "and kpobpo compare."
)


def assess(request: AssessRequest, *, at_terminal: bool | None = None) -> Assessment:
    """Score the answers `request` gives, asking the questions when the policy says so.

    `at_terminal` says whether a person can be asked (see `wants_questions`);
    None looks at the process's own terminal.
    Bad options raise UsageError (exit 2), bad files an InputFileError
    (exit 1); Ctrl-C or end of input in the questionnaire propagates, after
    `--save` has kept the answers so far.
    """
    from kpobpo.answers import definite
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.outfile import check_outputs
    from kpobpo.score import score

    check_request(request)
    criteria_path = resolve_criteria_path(request.criteria)
    check_outputs(_outputs(request.output, save=request.save), _inputs(request, criteria_path))
    unweighted = load_criteria(criteria_path)
    criteria = prioritised(unweighted, request.weight, request.weights)
    given, saved = given_answers(criteria, request)
    if saved is not None and saved.priorities and not request.weight and request.weights is None:
        from kpobpo.weights import reweigh

        criteria = reweigh(unweighted, saved.priorities)  # the saved run's priorities
    flags: dict[str, float | int | None] = {"seed": request.seed, "draws": request.draws}
    flags |= {"hours": request.hours, "rate": request.rate}
    settings = run_settings(flags, saved.settings if saved is not None else None)
    if at_terminal is None:
        at_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if wants_questions(request, given, at_terminal=at_terminal):
        given = ask_questions(criteria, given, request.save, settings)
    elif not given.answers:
        raise UsageError(NO_ANSWERS)
    if request.save is not None:
        from kpobpo.output import save_answers

        save_answers(request.save, criteria, given, settings)
    return score(criteria, definite(given), settings)


def check_request(request: AssessRequest) -> None:
    """Refuse options that contradict each other or break a limit (UsageError, exit 2)."""
    if request.interactive and request.no_input:
        raise UsageError("--interactive and --no-input cannot be used together")
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
) -> tuple[GivenAnswers, GivenAnswers | None]:
    """The answers given before any question is asked, and the answers file's own.

    Later layers win: the service's preset, then the file, then the flags.
    A file saved with other criteria is read, with a warning.
    """
    from kpobpo.answers import find_service, load_answers_file, merge, parse_flags

    layers: list[GivenAnswers] = []
    if request.service is not None:
        layers.append(find_service(criteria, request.service))
    saved: GivenAnswers | None = None
    if request.answers_file is not None:
        saved = load_answers_file(criteria, Path(request.answers_file))
        layers.append(saved)
        if saved.criteria_sha256 and saved.criteria_sha256 != criteria.sha256:
            from kpobpo.messages import warn

            warn(
                f"{request.answers_file} was saved with different criteria "
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
    from kpobpo.model import Settings

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


def wants_questions(request: AssessRequest, given: GivenAnswers, *, at_terminal: bool) -> bool:
    """Whether to run the questionnaire.

    Always with `--interactive`; never with `--no-input`. Otherwise only at a
    terminal, and only when no answers were given: given answers are scored
    as they are, so a script never waits for input.
    """
    if request.interactive:
        return True
    return at_terminal and not request.no_input and not given.answers


def ask_questions(
    criteria: Criteria, given: GivenAnswers, save: str | None, settings: Settings
) -> GivenAnswers:
    """Run the questionnaire on standard input, prompts on stderr, from `given`.

    Ctrl-C, end of input, SIGTERM or SIGHUP stop it; with `save` the answers so
    far are saved first, so the session can go on later.
    """
    from kpobpo.answers import GivenAnswers
    from kpobpo.interactive import Session
    from kpobpo.messages import print_messages
    from kpobpo.output import make_console, save_answers

    prompts = make_console(stderr=True)
    session = Session(criteria, prompts, prompts.input, given.answers, given.sources)
    try:
        session.run()
    except (KeyboardInterrupt, EOFError, Stopped):
        if save is not None:
            save_answers(save, criteria, GivenAnswers(session.answers, session.sources), settings)
            print_messages(["", f"answers so far saved to {save}"], console=prompts)
        raise
    return GivenAnswers(session.answers, session.sources)


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
    from kpobpo.load import load_criteria, resolve_criteria_path
    from kpobpo.outfile import check_outputs
    from kpobpo.portfolio_run import run_portfolio

    check_settings(seed=request.seed, draws=request.draws)
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
        request.output_format,
        request.output,
        settings,
        strict=request.strict,
        show_all=request.show_all,
        encoding=encoding,
        delimiter=delimiter,
        sheet=request.sheet,
    )
