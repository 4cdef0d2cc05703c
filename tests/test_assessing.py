"""The application core behind `assess` (kpobpo.assessing), without the CLI framework.

The policies a user relies on: which answers win, what a re-run inherits,
when the questions are asked, and the one rule that picks an output format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import CRITERIA_PATH
from kpobpo.answers import GivenAnswers
from kpobpo.assessing import AssessRequest, assess, run_settings, wants_questions
from kpobpo.errors import UsageError
from kpobpo.formats import REPORT_EXTENSIONS, format_for, writer_extensions
from kpobpo.limits import DEFAULT_DRAWS, DEFAULT_SEED
from kpobpo.model import Settings
from kpobpo.render import Format

NONE = GivenAnswers({}, {})
SOME = GivenAnswers({"expertise": "basic"}, {"expertise": "flag"})
UNFINISHED = GivenAnswers({"expertise": "basic"}, {"expertise": "file"}, unfinished=True)


@pytest.mark.parametrize(
    ("request_", "given", "saved", "at_terminal", "asks"),
    [
        (AssessRequest(), NONE, None, True, True),  # `kpobpo assess` at a terminal
        (AssessRequest(), NONE, None, False, False),  # no terminal: never waits
        (AssessRequest(), SOME, None, True, False),  # given answers are scored as they are
        (AssessRequest(interactive=True), SOME, None, False, True),
        (AssessRequest(no_input=True), NONE, None, True, False),
        (AssessRequest(answers_file="-"), NONE, None, True, False),  # stdin was read
        (AssessRequest(answers_file="s.yaml"), UNFINISHED, UNFINISHED, True, True),
        (AssessRequest(answers_file="s.yaml"), UNFINISHED, UNFINISHED, False, False),
        (AssessRequest(answers_file="s.yaml", no_input=True), UNFINISHED, UNFINISHED, True, False),
    ],
)
def test_when_the_questions_are_asked(
    request_: AssessRequest,
    given: GivenAnswers,
    saved: GivenAnswers | None,
    at_terminal: bool,
    asks: bool,
) -> None:
    assert wants_questions(request_, given, saved, at_terminal=at_terminal) is asks


def test_settings_a_flag_wins_then_the_saved_run_then_the_default() -> None:
    assert run_settings({}) == Settings(seed=DEFAULT_SEED, draws=DEFAULT_DRAWS)
    earlier = {"seed": 7, "draws": 50, "hours": 100, "rate": 20}
    inherited = run_settings({}, earlier)
    assert (inherited.seed, inherited.draws, inherited.hours, inherited.rate) == (7, 50, 100, 20)
    flagged = run_settings({"seed": 3, "hours": 5.0, "rate": 1.0}, earlier)
    assert (flagged.seed, flagged.draws, flagged.hours, flagged.rate) == (3, 50, 5.0, 1.0)


def test_the_name_is_given_to_the_assessment_and_a_saved_name_comes_back(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "s.yaml"
    request = AssessRequest(
        answers=("expertise=basic",),
        name="Claims line",
        save=str(saved),
        criteria=str(CRITERIA_PATH),
    )
    assert assess(request, at_terminal=False).name == "Claims line"
    again = AssessRequest(answers_file=str(saved), criteria=str(CRITERIA_PATH))
    assert assess(again, at_terminal=False).name == "Claims line"
    renamed = again._replace(name="Claims, second line")
    assert assess(renamed, at_terminal=False).name == "Claims, second line"


def test_no_answers_and_nobody_to_ask_points_to_the_questions() -> None:
    with pytest.raises(UsageError, match="kpobpo questions"):
        assess(AssessRequest(criteria=str(CRITERIA_PATH)), at_terminal=False)


@pytest.mark.parametrize(
    ("given", "output", "chosen"),
    [
        (None, None, "table"),
        (None, "-", "table"),
        (None, "report.html", "html"),
        (None, "REPORT.HTM", "html"),
        (None, "memo.md", "markdown"),
        (None, "result.json", "json"),
        (None, "decision.txt", "table"),  # an extension no format claims
        ("json", "decision.txt", "json"),
        ("json", "-", "json"),
        ("html", "report.html", "html"),
    ],
)
def test_the_format_follows_the_extension_unless_given(
    given: str | None, output: str | None, chosen: str
) -> None:
    assert format_for(given, output, REPORT_EXTENSIONS) == chosen


def test_a_format_against_the_extension_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"--format json does not match -o out\.html.*out\.json"):
        format_for("json", "out.html", REPORT_EXTENSIONS)
    with pytest.raises(UsageError, match=r"use a name without \.md"):
        format_for("table", "out.md", REPORT_EXTENSIONS)
    with pytest.raises(UsageError, match=r"a \.csv file gets csv"):
        format_for("jsonl", "rows.csv", writer_extensions())
    assert format_for(None, "rows.tsv", writer_extensions()) == "csv"
    assert format_for(None, None, writer_extensions()) == "table"


def test_every_report_format_has_its_extensions() -> None:
    assert list(REPORT_EXTENSIONS) == [f.value for f in Format]
    claimed = [e for extensions in REPORT_EXTENSIONS.values() for e in extensions]
    assert len(claimed) == len(set(claimed))


def test_the_json_name_key_is_null_when_not_given(tmp_path: Path) -> None:
    from kpobpo.render.json_doc import render_assessment

    request = AssessRequest(answers=("expertise=basic",), criteria=str(CRITERIA_PATH))
    data = json.loads(render_assessment(assess(request, at_terminal=False)))
    assert data["name"] is None
