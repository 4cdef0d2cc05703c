"""Property-based tests: invariants that must hold for any input."""

from __future__ import annotations

import copy
import io
import math
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from helpers import CRITERIA, CRITERIA_PATH, answer_sets
from kpobpo.answers import load_answers_file, parse_flags
from kpobpo.errors import AnswersError, CriteriaError, KpobpoError, UsageError
from kpobpo.load import load_criteria, parse_criteria
from kpobpo.model import Settings
from kpobpo.portfolio import Reader, assess_rows
from kpobpo.score import Scorer, outcome_of, score
from kpobpo.standing import standing

#: The tests' own criteria file (see conftest.py): the corruptions start from it.
FIXTURE_TEXT = CRITERIA_PATH.read_text(encoding="utf-8")
FIXTURE_DATA = yaml.safe_load(FIXTURE_TEXT)
FAST = Settings(draws=20)
ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")

# -- the loader ----------------------------------------------------------------


@st.composite
def valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A criteria document that follows every rule."""
    model_ids = draw(st.lists(ids, min_size=2, max_size=4, unique=True))
    max_points = draw(st.sampled_from([1, 5, 10, 100]))
    question_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    questions = []
    for number, question_id in enumerate(question_ids):
        scored = number == 0 or draw(st.booleans())
        option_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
        options = []
        for option_id in option_ids:
            option: dict[str, Any] = {"id": option_id, "label": draw(texts)}
            if scored:
                option["points"] = {
                    m: draw(st.integers(0, max_points) | st.floats(0, max_points))
                    for m in model_ids
                }
            options.append(option)
        question: dict[str, Any] = {
            "id": question_id,
            "prompt": draw(texts),
            "help": draw(texts),
            "options": options,
        }
        if scored:
            question["weight"] = draw(st.floats(0.01, 1000))
        else:
            question["scored"] = False
        questions.append(question)
    risks = []
    for risk_id in draw(st.lists(ids, max_size=4, unique=True)):
        target = draw(st.sampled_from(questions))
        risks.append(
            {
                "id": risk_id,
                "model": draw(st.sampled_from(model_ids)),
                "title": draw(texts),
                "description": draw(texts),
                "mitigation": draw(texts),
                "elevated_by": [
                    {
                        "question": target["id"],
                        "options": [target["options"][0]["id"]],
                        "whatever_model": draw(st.booleans()),
                    }
                ],
            }
        )
    borderline = draw(st.floats(0, 50))
    return {
        "version": draw(st.sampled_from(["1", "2.0", "x"])),
        "title": draw(texts),
        "scoring": {
            "max_points": max_points,
            "borderline_margin": borderline,
            "high_margin": draw(st.floats(borderline, 100)),
        },
        "models": [
            {
                "id": m,
                "label": draw(texts),
                "name": draw(texts),
                "summary": draw(texts),
                "billing_index": draw(st.floats(0.1, 10)),
            }
            for m in model_ids
        ],
        "questions": questions,
        "risks": risks,
        "dimensions": [{"id": "d", "label": "D", "values": {m: draw(texts) for m in model_ids}}],
    }


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_any_valid_document_loads_and_scores(document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    criteria = parse_criteria(text, "generated.yaml")
    assert [m.id for m in criteria.models] == [m["id"] for m in document["models"]]
    assert [q.id for q in criteria.questions] == [q["id"] for q in document["questions"]]
    first = criteria.questions[0]
    result = score(criteria, {first.id: first.options[0].id}, FAST)
    assert all(0 <= s <= 100 for s in result.scores.values())


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


ALL_PATHS = _paths(FIXTURE_DATA)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.just("\u202e\u0000\x1b[31m"),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.just("yes"),
    st.just(float("inf")),
)


@st.composite
def corruptions(draw: st.DrawFn) -> str:
    """The fixture file with a few random things broken."""
    data = copy.deepcopy(FIXTURE_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            action = draw(st.sampled_from(["delete", "replace", "duplicate"]))
            if action == "delete":
                del parent[last]
            elif action == "replace":
                parent[last] = draw(ODD_VALUES)
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[last]))
            else:
                parent[last] = [parent[last], parent[last]]
        except (KeyError, IndexError, TypeError):
            continue
    return yaml.safe_dump(data, allow_unicode=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corruptions())
def test_a_corrupted_file_gives_our_error_with_a_location(text: str) -> None:
    try:
        parse_criteria(text, "broken.yaml")
    except CriteriaError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "broken.yaml"
            assert problem.line is not None, problem


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_criteria_or_our_error(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "c.yaml"
    path.write_bytes(content)
    with pytest.raises(CriteriaError):
        load_criteria(path)


# -- scoring ---------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_scores_are_in_range_and_add_up(answers: dict[str, str]) -> None:
    result = score(CRITERIA, answers, FAST)
    for model_id, value in result.scores.items():
        assert 0 <= value <= 100
        assert math.isclose(
            sum(c.points[model_id] for c in result.contributions), value, abs_tol=1e-9
        )
    assert result.margin >= 0
    assert result.recommendation == result.ranking[0]
    assert 0 < result.answered_share <= 1


#: One scorer for every example, as a portfolio keeps one for every row.
PORTFOLIO_SCORER = Scorer(CRITERIA, FAST, kept=64)


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_the_headline_alone_is_the_whole_assessments_headline(answers: dict[str, str]) -> None:
    """What a portfolio's CSV prints is worked out without a whole assessment:
    it must say exactly what the whole assessment says."""
    headline = PORTFOLIO_SCORER.outcome(answers)
    assert headline == outcome_of(score(CRITERIA, answers, FAST))
    assert headline == outcome_of(PORTFOLIO_SCORER(answers))


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_unanswered_questions_renormalise(answers: dict[str, str]) -> None:
    answered = [q for q in CRITERIA.questions if q.scored and q.id in answers]
    total = sum(q.weight for q in answered)
    result = standing(CRITERIA, answers)
    for model in CRITERIA.models:
        expected = (
            sum(
                q.weight * q.option(answers[q.id]).points[model.id]  # type: ignore[union-attr]
                for q in answered
            )
            / (total * CRITERIA.scoring.max_points)
            * 100
        )
        assert math.isclose(result.scores[model.id], expected)


@settings(max_examples=200, deadline=None)
@given(answer_sets(), st.data())
def test_unscored_answers_never_move_a_score(answers: dict[str, str], data: st.DataObject) -> None:
    changed = dict(answers)
    for question in CRITERIA.questions:
        if not question.scored:
            choice = data.draw(st.sampled_from([None, *(o.id for o in question.options)]))
            if choice is None:
                changed.pop(question.id, None)
            else:
                changed[question.id] = choice
    before, after = score(CRITERIA, answers, FAST), score(CRITERIA, changed, FAST)
    assert before.scores == after.scores
    assert before.confidence == after.confidence
    assert before.what_if == after.what_if


# -- answers and portfolio rows --------------------------------------------------


def _real_flag(question_id: str) -> st.SearchStrategy[str]:
    question = CRITERIA.question(question_id)
    assert question is not None
    return st.sampled_from([f"{question_id}={o.id}" for o in question.options])


#: A real QUESTION=OPTION pair of the fixture file.
real_flags = st.sampled_from([q.id for q in CRITERIA.questions]).flatmap(_real_flag)
#: Mostly real pairs, one in ten anything at all.
flags = st.integers(0, 9).flatmap(lambda n: real_flags if n else st.text(max_size=30))


@settings(max_examples=300, deadline=None)
@given(st.lists(flags, max_size=6))
def test_any_answer_flags_give_a_result_or_a_usage_error(given_flags: list[str]) -> None:
    try:
        given = parse_flags(CRITERIA, given_flags)
    except UsageError:
        event("usage error")
        assert any(f not in REAL_FLAGS for f in given_flags)
        return
    for question_id, option_id in given.answers.items():
        question = CRITERIA.question(question_id)
        assert question is not None
        assert option_id is None or question.option(option_id) is not None
    _assess_reaches_a_verdict({q: o for q, o in given.answers.items() if o is not None})


REAL_FLAGS = {f"{q.id}={o.id}" for q in CRITERIA.questions for o in q.options}
SCORED_IDS = {q.id for q in CRITERIA.questions if q.scored}


def _assess_reaches_a_verdict(answers: dict[str, str]) -> None:
    """Answers with a scored one reach a result with a verdict; without, our usage error."""
    from kpobpo.score import NothingToScore

    if not SCORED_IDS & set(answers):
        event("nothing scored")
        with pytest.raises(NothingToScore):
            score(CRITERIA, answers, FAST)
        return
    event("reached a result")
    result = score(CRITERIA, answers, FAST)
    assert result.recommendation in {m.id for m in CRITERIA.models}
    assert result.confidence_reasons and result.confidence_reasons[0].id in {
        "borderline",
        "clear_margin",
        "narrow_margin",
    }
    assert (result.verdict.value == "too_close") <= (result.confidence.value == "low")


@st.composite
def answers_files(draw: st.DrawFn) -> str:
    """An answers file: mostly real question and option ids, sometimes saved-run shaped."""
    pairs = draw(st.lists(real_flags, max_size=6))
    mapping: dict[str, Any] = dict(p.split("=", 1) for p in pairs)
    if draw(st.integers(0, 4)) == 0:
        mapping[draw(st.text(max_size=10))] = draw(st.text(max_size=10))
    if draw(st.booleans()):
        mapping = {"answers": mapping}
    return yaml.safe_dump(mapping, allow_unicode=True)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 4).flatmap(lambda n: answers_files() if n else st.text(max_size=200)))
def test_any_answers_file_gives_a_result_or_our_error(
    tmp_path_factory: pytest.TempPathFactory, content: str
) -> None:
    path = tmp_path_factory.mktemp("answers") / "a.yaml"
    path.write_text(content, encoding="utf-8")
    try:
        given = load_answers_file(CRITERIA, path)
    except AnswersError as exc:
        event("answers error")
        assert all(p.file == str(path) for p in exc.problems)
        return
    _assess_reaches_a_verdict({q: o for q, o in given.answers.items() if o is not None})


setting_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**400), 10**400),
    st.integers(-5, 200_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e308", ".inf", ".nan", "-1", "1000", "lots", ""]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["seed", "draws", "hours", "rate"]), setting_values),
    st.sampled_from(["yaml", "json"]),
)
def test_any_saved_settings_give_a_run_or_our_error(
    tmp_path_factory: pytest.TempPathFactory, saved: dict[str, object], kind: str
) -> None:
    """A saved file's settings obey the flags' rules: what loads can run, the rest is ours."""
    import json

    from kpobpo.limits import setting_problem

    document = {"answers": {"expertise": "basic"}, "settings": saved}
    path = tmp_path_factory.mktemp("saved") / f"saved.{kind}"
    if kind == "json":
        path.write_text(json.dumps(document), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
    try:
        given = load_answers_file(CRITERIA, path)
    except AnswersError as exc:
        assert exc.problems
        assert all(p.file == str(path) and p.line is not None for p in exc.problems)
        return
    assert all(setting_problem(k, v) is None for k, v in given.settings.items())
    assert ("hours" in given.settings) == ("rate" in given.settings)
    settings = Settings(
        seed=int(given.settings.get("seed", 0)), draws=min(int(given.settings.get("draws", 20)), 20)
    )
    result = score(CRITERIA, {"expertise": "basic"}, settings)
    assert 0 <= result.robustness.win_rate <= 1


cells = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.sampled_from(["basic", "specialist", "routine", "cost", "?", "skip"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=0, max_size=6), max_size=8))
def test_any_csv_rows_end_in_results_or_row_errors(rows: list[list[str]]) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "expertise", "complexity", "objective", "service"])
    for row in rows:
        writer.writerow(row)
    problems: list[object] = []
    reader = Reader(CRITERIA, io.StringIO(buffer.getvalue()), "p.csv", "csv", problems.append)
    try:
        results = list(assess_rows(CRITERIA, reader.rows(), FAST))
    except KpobpoError:
        return
    for result in results:
        assert (result.assessment is None) != (result.error is None)


def test_the_fixture_survives_a_yaml_round_trip() -> None:
    # The corruptions start from the fixture dumped again; unbroken, it must load.
    text = yaml.safe_dump(FIXTURE_DATA, allow_unicode=True)
    assert parse_criteria(text, "again.yaml").questions == CRITERIA.questions
