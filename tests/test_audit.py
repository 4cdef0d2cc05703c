"""The promises a criteria file makes about itself (kpobpo.audit), on the tests' fixture."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from helpers import run
from kpobpo.audit import audit
from kpobpo.load import parse_criteria
from kpobpo.model import Criteria

FIXTURE_TEXT = (Path(__file__).parent / "fixtures" / "criteria.yaml").read_text(encoding="utf-8")

ROUTINE = "      - id: routine\n        label: Routine; most cases look alike\n"
ROUTINE_POINTS = ROUTINE + "        points: {bpo: 10, kpo: 0}\n"
MODERATE_POINTS = (
    "      - id: moderate\n        label: Moderate; some cases need thought or escalation\n"
    "        points: {bpo: 5, kpo: 5}\n"
)


def changed(old: str, new: str) -> Criteria:
    assert old in FIXTURE_TEXT, old
    return parse_criteria(FIXTURE_TEXT.replace(old, new, 1), "mine.yaml")


def test_the_fixture_keeps_its_promises(criteria: Criteria) -> None:
    assert audit(criteria) == []


def test_an_ordered_question_out_of_order_names_the_options() -> None:
    swapped = changed(ROUTINE_POINTS + MODERATE_POINTS, MODERATE_POINTS + ROUTINE_POINTS)
    problems = [str(p) for p in audit(swapped)]
    assert problems == [
        "mine.yaml: questions[2].options: complexity is marked ordered from BPO to KPO, but "
        "'routine' leans less toward KPO than 'moderate' before it (-100.0 against 0.0 points "
        "of lead when answered alone); swap them or change their points"
    ]


def test_an_ordered_question_leaning_one_way_only() -> None:
    one_way = changed(ROUTINE_POINTS, ROUTINE + "        points: {bpo: 4, kpo: 6}\n")
    (problem,) = audit(one_way)
    assert problem.path == "questions[2].options"
    assert "first and last options both lean to KPO" in problem.message


def test_unordered_questions_may_run_any_way() -> None:
    swapped = parse_criteria(
        FIXTURE_TEXT.replace("    weight: 3.5\n    ordered: true\n", "    weight: 3.5\n").replace(
            ROUTINE_POINTS + MODERATE_POINTS, MODERATE_POINTS + ROUTINE_POINTS
        ),
        "mine.yaml",
    )
    assert audit(swapped) == []


def test_a_service_that_changes_model_names_scores_and_answers(criteria: Criteria) -> None:
    light = changed("    weight: 4\n", "    weight: 0.5\n")
    wrong = parse_criteria(
        FIXTURE_TEXT.replace("    weight: 4\n", "    weight: 0.5\n", 1).replace(
            "  - name: Legal transcription\n    model: kpo\n",
            "  - name: Legal transcription\n    model: bpo\n",
        ),
        "mine.yaml",
    )
    assert audit(light) == []
    (problem,) = audit(wrong, criteria)
    assert problem.path.startswith("services[")
    assert problem.message.startswith(
        "Legal transcription usually gets BPO, but its answers now give KPO (KPO "
    )
    assert "; with the shipped criteria: KPO " in problem.message
    assert "answers: process_type=legal_ip, expertise=trained" in problem.message


def test_a_service_with_no_scored_answer() -> None:
    lone = changed(
        "  - name: Call centre\n    model: bpo\n    answers: {process_type: customer_contact,"
        " expertise: basic, complexity: routine, codification: documented, objective: cost}\n",
        "  - name: Call centre\n    model: bpo\n    answers: {core: core}\n",
    )
    (problem,) = audit(lone)
    assert problem.path == "services[0].answers"
    assert "answers no scored question" in problem.message


def test_validate_exits_1_naming_the_service(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        FIXTURE_TEXT.replace(
            "name: Call centre\n    model: bpo", "name: Call centre\n    model: kpo"
        )
    )
    code, out, err = run(runner, "criteria", "validate", str(mine))
    assert code == 1 and out == ""
    assert f"{mine}: services[0]: Call centre usually gets KPO, but its answers now give BPO" in err
    assert "with the shipped criteria: BPO" in err
    assert "Traceback" not in err


def test_validate_passes_a_file_that_keeps_its_promises(runner: CliRunner) -> None:
    code, out, _ = run(runner, "criteria", "validate")
    assert code == 0 and ": ok (version" in out
