"""The questionnaire's answers, review and piped input, and layouts at narrow widths.

The session in a real terminal is in test_pty_questionnaire.py; here the pure
option matcher, the session driven by a list of typed lines, the real command
with piped input, and the narrow layouts of `services` and `compare`.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from kpobpo.cli import app
from kpobpo.interactive import Quit, Session, Unclear, choose_option
from kpobpo.model import Criteria, Question
from kpobpo.render.layout import Fitted


def flowing(text: str) -> str:
    """`text` with every run of white space (line ends too) as one space."""
    return " ".join(text.split())


def question(criteria: Criteria, question_id: str) -> Question:
    return next(q for q in criteria.questions if q.id == question_id)


@pytest.mark.parametrize(
    ("question_id", "typed", "chosen"),
    [
        ("expertise", "spec", "specialist"),
        ("expertise", "SPEC", "specialist"),
        ("process_type", "customer", "customer_contact"),
        ("expertise", "domain exp", "specialist"),  # the start of its label
        ("expertise", "3", "specialist"),
        ("expertise", "3.", "specialist"),
        ("ip_value", "no", "none"),  # id and label both start so: one option
        ("licensing", "yes", "required"),
    ],
)
def test_an_unambiguous_start_of_an_id_or_label_answers(
    criteria: Criteria, question_id: str, typed: str, chosen: str
) -> None:
    assert choose_option(question(criteria, question_id), typed).id == chosen


def test_a_start_that_fits_several_options_lists_them(criteria: Criteria) -> None:
    with pytest.raises(Unclear) as caught:
        choose_option(question(criteria, "process_type"), "c")
    message = str(caught.value)
    assert "1. customer_contact" in message and "7. content_publishing" in message
    assert "type more" in message


def test_a_typo_suggests_the_closest_option(criteria: Criteria) -> None:
    with pytest.raises(Unclear, match=r"Did you mean 3\. specialist\?"):
        choose_option(question(criteria, "expertise"), "specailist")


def test_nothing_close_suggests_nothing(criteria: Criteria) -> None:
    with pytest.raises(Unclear) as caught:
        choose_option(question(criteria, "expertise"), "zzz")
    assert "No option 'zzz'" in str(caught.value)
    assert "Did you mean" not in str(caught.value)


def test_a_number_out_of_range_says_the_range(criteria: Criteria) -> None:
    with pytest.raises(Unclear, match="from 1 to 3"):
        choose_option(question(criteria, "expertise"), "4")


def typing(*lines: str) -> Iterator[str]:
    yield from lines
    raise EOFError


def session(
    criteria: Criteria, lines: list[str], width: int = 80, **kwargs: object
) -> tuple[Session, io.StringIO]:
    screen = io.StringIO()
    console = Console(file=screen, width=width, color_system=None, markup=False)
    typed = typing(*lines)

    def ask(prompt: Text) -> str:
        console.print(prompt, end="")
        line = next(typed)
        console.print(line)
        return line

    return Session(criteria, console, ask, **kwargs), screen  # type: ignore[arg-type]


@pytest.mark.parametrize("word", ["q", "quit", "Q"])
def test_q_quits_as_end_of_input_does(criteria: Criteria, word: str) -> None:
    running, screen = session(criteria, ["1", word, "2"], search=False)
    with pytest.raises(EOFError) as caught:
        running.run()
    assert isinstance(caught.value, Quit)
    assert running.answers == {"process_type": "customer_contact"}  # the caller saves these
    assert "[3/9]" not in screen.getvalue()


def test_q_quits_at_the_service_search_and_the_review(criteria: Criteria) -> None:
    running, _ = session(criteria, ["q"], search=True)
    with pytest.raises(Quit):
        running.run()
    running, _ = session(criteria, ["s"] * 9 + ["quit"], search=False)
    with pytest.raises(Quit):
        running.run()


def test_question_mark_at_the_search_explains_it(criteria: Criteria) -> None:
    running, screen = session(criteria, ["?", "equity", "", "s", "s", "s", ""], search=True)
    running.run()
    shown = flowing(screen.getvalue())
    assert "fills in its typical answers" in shown
    assert "Starting from Equity research" in shown
    assert running.sources["process_type"] == "preset"


def test_several_hits_take_a_number_or_a_new_search(criteria: Criteria) -> None:
    # "centre" finds two; "legal" searches again and finds one; 0 would start from scratch.
    running, screen = session(
        criteria, ["centre", "9", "legal", "", "s", "s", "s", "s", ""], search=True
    )
    running.run()
    shown = screen.getvalue()
    assert "1. Call centre" in shown and "2. Clinical contact centre" in shown
    assert "Choose a number from 0 to 2." in shown
    assert "Starting from Legal transcription" in shown


def test_zero_starts_from_scratch(criteria: Criteria) -> None:
    running, screen = session(criteria, ["equity", "0", "2", *["s"] * 7, "1", ""], search=True)
    answers = running.run()
    assert "Starting from" not in screen.getvalue()
    assert answers["process_type"] == "transaction_processing" and answers["licensing"] == "none"


def test_the_review_marks_where_answers_came_from(criteria: Criteria) -> None:
    prefilled: dict[str, str | None] = {
        "process_type": "research_analytics",
        "expertise": "specialist",
        "complexity": "complex",
    }
    sources = {"process_type": "preset", "expertise": "file", "complexity": "flag"}
    running, screen = session(
        criteria, ["s"] * 6 + [""], prefilled=prefilled, sources=sources, search=False
    )
    running.run()
    review = screen.getvalue().split("Review your answers")[1].splitlines()
    legend = flowing(review[1] + " " + review[2])
    assert "[service] from the service you started from" in legend
    assert "[file] from the answers file" in legend and "[-a] given with -a" in legend
    # Each question on its line, its answer on the next, indented, with its mark.
    first = review.index("  1. What kind of process is it?")
    assert review[first + 1].startswith("     = Research and analytics")
    assert review[first + 1].endswith("[service]")
    assert review[first + 3].endswith("[file]") and review[first + 5].endswith("[-a]")
    typed = review.index("  4. How much of the work is written down as a procedure?")
    assert review[typed + 1] == "     = not sure"  # typed here: no mark


def test_wrapped_labels_keep_their_indent_and_no_word_is_cut(criteria: Criteria) -> None:
    running, screen = session(criteria, ["1", "q"], width=40, search=False)
    with pytest.raises(Quit):
        running.run()
    block = screen.getvalue().split("[2/9]")[1].splitlines()
    assert all(len(line) <= 40 for line in block)
    starts = [i for i, line in enumerate(block) if line.startswith("  2. ")]
    assert block[starts[0] + 1].startswith("     ") and block[starts[0] + 1].strip()
    for option in question(criteria, "expertise").options:
        assert option.label in flowing(" ".join(block))


# -- the real command, with piped input ----------------------------------------


def test_piped_lines_are_never_taken_by_the_service_search(tmp_path: Path) -> None:
    # "research" names a service ("Equity research") and starts an option: it answers
    # the first question; the search is not offered without a terminal.
    typed = "\n".join(["research", "spec", *["s"] * 7, ""]) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "kpobpo", "assess", "-i", "-f", "json"],
        input=typed,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "known service" not in done.stderr
    answers = json.loads(done.stdout)["answers"]
    assert answers == {"process_type": "research_analytics", "expertise": "specialist"}


def test_a_typo_at_the_prompt_is_asked_again_with_a_suggestion(runner: CliRunner) -> None:
    typed = "\n".join(["customr", "customer", "domain", *["s"] * 7, ""]) + "\n"
    result = runner.invoke(app, ["assess", "-i", "-f", "json"], input=typed)
    assert result.exit_code == 0, result.stderr
    assert "Did you mean 1. customer_contact?" in result.stderr
    assert json.loads(result.stdout)["answers"]["expertise"] == "specialist"


# -- narrow terminals ----------------------------------------------------------


def shown(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_services_fits_80_columns_as_a_table(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, criteria: Criteria
) -> None:
    out = shown(runner, monkeypatch, 80, "services")
    assert "Typical answers" in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    assert "…" not in out
    for service in criteria.services:
        for question_id, option_id in service.answers.items():
            assert f"{question_id}={option_id}" in out


@pytest.mark.parametrize("width", [40, 59])
def test_services_stacks_below_the_table_width(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, criteria: Criteria, width: int
) -> None:
    out = shown(runner, monkeypatch, width, "services")
    assert "Typical answers" not in out and "┃" not in out
    assert "…" not in out
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    for service in criteria.services:
        assert any(line.startswith(service.name) for line in lines)


@pytest.mark.parametrize("width", [50, 60, 70])
def test_compare_cuts_no_word(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, criteria: Criteria, width: int
) -> None:
    out = shown(runner, monkeypatch, width, "compare")
    assert "…" not in out
    words = flowing(out.replace("│", " ")).split()
    for model in criteria.models:
        for word in model.summary.split():
            assert word in words


def test_a_table_rich_would_cut_is_stacked() -> None:
    # Rich narrows the widest column first: the long word of the narrower column
    # would be cut although the table's minimum width fits.
    table = Table()
    table.add_column("Prose")
    table.add_column("Term")
    table.add_row(" ".join(["word"] * 30), "certification-programme")
    screen = io.StringIO()
    Console(file=screen, width=50, color_system=None).print(Fitted(table, Text("stacked")))
    assert screen.getvalue().strip() == "stacked"
    screen = io.StringIO()
    Console(file=screen, width=100, color_system=None).print(Fitted(table, Text("stacked")))
    assert "certification-programme" in screen.getvalue()


def test_the_opening_lines_fit_80_columns(criteria: Criteria) -> None:
    # On a wide console nothing wraps: each line is as long as it is written.
    running, screen = session(criteria, ["q"], width=200, search=True)
    with pytest.raises(Quit):
        running.run()
    opening = screen.getvalue().splitlines()
    assert len(opening) == 4  # title, two lines of keys, the search prompt
    assert all(len(line) <= 80 for line in opening[:3])
    assert len(opening[3]) - len(" q") <= 80
