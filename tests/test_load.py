"""Loading and validating criteria files, on the tests' own fixture file."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kpobpo.errors import CriteriaError
from kpobpo.load import load_criteria, parse_criteria

#: The tests' own criteria file: these tests break lines of it on purpose.
FIXTURE_TEXT = (Path(__file__).parent / "fixtures" / "criteria.yaml").read_text(encoding="utf-8")


def errors_of(text: str) -> list[str]:
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(text, "c.yaml")
    return [str(p) for p in caught.value.problems]


def replaced(old: str, new: str) -> str:
    assert old in FIXTURE_TEXT, old
    return FIXTURE_TEXT.replace(old, new, 1)


def test_ordered_is_read_and_optional() -> None:
    loaded = parse_criteria(FIXTURE_TEXT, "c.yaml")
    assert [q.id for q in loaded.questions if q.ordered] == [
        "expertise",
        "complexity",
        "codification",
        "objective",
    ]


def test_changeable_is_read_and_defaults_to_true() -> None:
    loaded = parse_criteria(FIXTURE_TEXT, "c.yaml")
    assert [q.id for q in loaded.questions if not q.changeable] == ["process_type"]
    unmarked = parse_criteria(replaced("    changeable: false\n", ""), "c.yaml")
    assert all(q.changeable for q in unmarked.questions)


def test_three_model_file_loads(three_models: Path) -> None:
    loaded = load_criteria(three_models)
    assert [m.id for m in loaded.models] == ["bpo", "kpo", "captive"]


def test_a_problem_names_file_line_column_and_field() -> None:
    text = replaced("    weight: 2\n", "    weight: -2\n")
    line = text.splitlines().index("    weight: -2") + 1
    assert errors_of(text) == [
        f"c.yaml:{line}:13: questions[0].weight: must be > 0 and <= 1000, not -2"
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = FIXTURE_TEXT.replace("    weight: 2\n", "    weight: zero\n", 1)
    text = text.replace("points: {bpo: 10, kpo: 1}", "points: {bpo: 10, kpo: 11}", 1)
    text = text.replace("  - id: expertise\n", "  - id: process_type\n", 1)
    text = text.replace("billing_index: 2.0", "billing_index: 2.0\n    hue: blue", 1)
    problems = errors_of(text)
    assert any("questions[0].weight: must be a number" in p for p in problems)
    assert any("questions[0].options[0].points.kpo: must be >= 0 and <= 10" in p for p in problems)
    assert any("questions[1].id: duplicate question id 'process_type'" in p for p in problems)
    assert any("models[1].hue: unknown key" in p for p in problems)
    assert all(re.match(r"c\.yaml:\d+:\d+: ", p) for p in problems)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    options:\n      - id: customer_contact",
            "    options: []\n    x:\n      - id: customer_contact",
            "questions[0].options: must list at least one of options",
        ),
        ("  - id: bpo\n", "  - id: kpo\n", "models[1].id: duplicate model id 'kpo'"),
        (
            "points: {bpo: 10, kpo: 1}",
            "points: {bpo: 10}",
            "questions[0].options[0].points.kpo: is missing",
        ),
        (
            "points: {bpo: 10, kpo: 1}",
            "points: {bpo: 10, kpo: 1, xpo: 3}",
            "questions[0].options[0].points.xpo: unknown key",
        ),
        (
            "{question: expertise, options: [specialist]}",
            "{question: expertize, options: [specialist]}",
            "risks[0].elevated_by[0].question: unknown question 'expertize'",
        ),
        (
            "{question: expertise, options: [specialist]}",
            "{question: expertise, options: [guru]}",
            "risks[0].elevated_by[0].options[0]: expertise has no option 'guru'",
        ),
        ("    model: kpo\n", "    model: captive\n", "risks[0].model: unknown model 'captive'"),
        (
            "  borderline_margin: 6\n",
            "  borderline_margin: 60\n",
            "scoring.high_margin: must not be below scoring.borderline_margin",
        ),
        (
            "    prompt: What kind of process is it?\n",
            "    prompt: 42\n",
            "questions[0].prompt: must be a non-empty text",
        ),
        (
            "  - id: data_sensitivity\n",
            "  - id: data_sensitivity\n    weight: 2\n",
            "weight: an unscored question has no weight",
        ),
        (
            "      - id: low\n",
            "      - id: low\n        points: {bpo: 1, kpo: 1}\n",
            "points: an unscored question gives no points",
        ),
        ("    scored: false\n", "    scored: maybe\n", "scored: must be true or false"),
        (
            "    changeable: false\n",
            "    changeable: sometimes\n",
            "questions[0].changeable: must be true or false",
        ),
        (
            "    weight: 4\n    ordered: true\n",
            "    weight: 4\n    ordered: 1\n",
            "questions[1].ordered: must be true or false",
        ),
        (
            "  - id: data_sensitivity\n",
            "  - id: data_sensitivity\n    ordered: true\n",
            "questions[5].ordered: an unscored question has no order",
        ),
        ('version: "1.0"\n', "", ": version: is missing"),
        ("  - id: expertise\n", "  - id: 'no good'\n", "questions[1].id: must be an id"),
        ("    label: BPO\n", "    label: yes\n", "models[0].label: reads as true/false; quote it"),
        ("      - id: low\n", "      - id: yes\n", "reads as true/false; quote it"),
    ],
)
def test_invalid_field_is_reported(old: str, new: str, expected: str) -> None:
    problems = errors_of(replaced(old, new))
    assert any(expected in p for p in problems), problems
    assert all(re.match(r"c\.yaml:\d+:\d+: ", p) for p in problems), problems


def test_a_model_colour_is_read_and_optional() -> None:
    plain = parse_criteria(FIXTURE_TEXT, "c.yaml")
    assert [m.colour for m in plain.models] == ["", ""]
    text = replaced("    billing_index: 2.0\n", '    billing_index: 2.0\n    colour: "#D9730D"\n')
    assert parse_criteria(text, "c.yaml").model("kpo").colour == "#d9730d"


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("blue", "not 'blue'"),
        ('"#12345"', "not '#12345'"),
        ('"#12345g"', "not '#12345g'"),
        ("12", "not 12"),
        # Unquoted, '#' starts a YAML comment and the value is empty.
        ("#d9730d", "in quotes (unquoted, '#' starts a YAML comment)"),
    ],
)
def test_a_bad_model_colour_names_file_line_and_field(colour: str, expected: str) -> None:
    text = replaced("    billing_index: 2.0\n", f"    billing_index: 2.0\n    colour: {colour}\n")
    line = text.splitlines().index(f"    colour: {colour}") + 1
    (problem,) = errors_of(text)
    assert problem.startswith(f"c.yaml:{line}:")
    assert 'models[1].colour: must be a colour written "#rrggbb"' in problem
    assert problem.endswith(expected)


def test_yaml_syntax_error_has_a_line() -> None:
    problems = errors_of("version: '1.0'\nmodels: [\n")
    assert len(problems) == 1
    assert re.match(r"c\.yaml:3:1: not valid YAML", problems[0])


def test_duplicate_yaml_key_is_an_error_not_silently_dropped() -> None:
    problems = errors_of(replaced("title: Knowledge", "title: One\ntitle: Knowledge"))
    assert any("title: appears twice in this mapping" in p for p in problems)


def test_python_object_tags_are_refused() -> None:
    text = replaced('version: "1.0"', "version: !!python/object/apply:os.system ['echo hi']")
    problems = errors_of(text)
    assert any(
        "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in p
        for p in problems
    )


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        ref = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([ref] * 9)}]")
    started = time.perf_counter()
    problems = errors_of("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5
    assert "anchors and aliases expand this document" in problems[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "c.yaml: the file is empty"),
        (b"- just\n- a list\n", "c.yaml:1:1: must be a mapping"),
        (b"\xff\xfe\x00binary", "is not UTF-8 text"),
        (b"version: 1\x00\n", "contains a NUL byte"),
    ],
)
def test_files_that_are_not_criteria(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(content)
    with pytest.raises(CriteriaError) as caught:
        load_criteria(path)
    assert expected.replace("c.yaml", str(path)) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CriteriaError, match="no such file"):
        load_criteria(tmp_path / "nope.yaml")


def test_anchors_and_aliases_within_budget_are_fine() -> None:
    basic = "points: {bpo: 10, kpo: 0}\n"
    text = FIXTURE_TEXT.replace(basic, "points: &lean_bpo {bpo: 10, kpo: 0}\n", 1)
    text = text.replace(basic, "points: *lean_bpo\n", 1)
    assert "*lean_bpo" in text
    loaded = parse_criteria(text, "c.yaml")
    routine = loaded.question("complexity")
    assert routine is not None and routine.options[0].points == {"bpo": 10, "kpo": 0}


# -- every remaining branch of the loader, one case each -------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('version: "1.0"', "version: [1, 0]", 'version: must be a text such as "1.0"'),
        ("  - id: bpo\n", "  - 3\n  - id: bpo\n", "models[0]: must be a mapping"),
        (
            "{question: expertise, options: [specialist]}",
            "{question: expertise, options: [7]}",
            "risks[0].elevated_by[0].options[0]: must be an option id",
        ),
        (
            "- {question: expertise, options: [specialist]}",
            "- expertise",
            "risks[0].elevated_by[0]: must be a mapping",
        ),
        (
            "options: [high], whatever_model: true}",
            "options: [high], whatever_model: maybe}",
            "whatever_model: must be true or false",
        ),
        (
            "advisories:\n  - id: captive_centre",
            "advisories:\n  - 5\n  - id: captive_centre",
            "advisories[0]: must be a mapping",
        ),
        (
            "services:\n  - name: Call centre",
            "services:\n  - nope\n  - name: Call centre",
            "services[0]: must be a mapping",
        ),
        (
            "dimensions:\n  - id: services",
            "dimensions:\n  - 1\n  - id: services",
            "dimensions[0]: must be a mapping",
        ),
        (
            "  - name: Call centre\n    model: bpo\n",
            "  - name: Call centre\n    model: xpo\n",
            "services[0].model: unknown model 'xpo'",
        ),
        (
            "  - name: Telemarketing\n",
            "  - name: call CENTRE\n",
            "services[1].name: duplicate service name 'call CENTRE'",
        ),
        (
            "    answers: {process_type: customer_contact, expertise: basic, complexity: routine,"
            " codification: documented, objective: cost}\n  - name: Telemarketing",
            "    answers: [1]\n  - name: Telemarketing",
            "services[0].answers: must map question",
        ),
        (
            "  - id: licences\n    advice:",
            "  - id: licences\n    x: 1\n    advice:",
            "advisories[1].x: unknown key",
        ),
        (
            "questions:\n  - id: process_type",
            "questions:\n  - 9\n  - id: process_type",
            "questions[0]: must be a mapping",
        ),
        (
            "risks:\n  - id: skills_shortage",
            "risks:\n  - true\n  - id: skills_shortage",
            "risks[0]: must be a mapping",
        ),
        ("  - name: Telemarketing\n", "  - name: ''\n", "services[1].name: must be a non-empty"),
        ("  - id: bpo\n    label: BPO\n", "  - label: BPO\n", "models[0].id: is missing"),
        (
            "points: {bpo: 10, kpo: 1}",
            "points: 7",
            "questions[0].options[0].points: must be a mapping with the keys bpo, kpo",
        ),
    ],
)
def test_more_invalid_fields(old: str, new: str, expected: str) -> None:
    problems = errors_of(replaced(old, new))
    assert any(expected in p for p in problems), problems
    assert all(re.match(r"c\.yaml:\d+:\d+: ", p) for p in problems), problems


def test_an_advisory_needs_its_conditions() -> None:
    text = replaced("    when:\n      - {question: licensing, options: [required]}\n", "")
    assert any("advisories[1].when: is missing" in p for p in errors_of(text))


def test_a_file_with_no_scored_question() -> None:
    text = FIXTURE_TEXT
    for weight in ("2", "4", "3.5", "1.5", "1.5"):
        text = text.replace(f"    weight: {weight}\n", "    scored: false\n", 1)
    text = re.sub(r"\n +points: \{bpo: \d+, kpo: \d+\}", "", text)
    problems = errors_of(text)
    assert any("questions: needs at least one scored question" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: !!int abc\n", "cannot read this value"),
        ("version: !!timestamp 2020-13-45\n", "cannot read this value"),
        ("version: !!float nope\n", "cannot read this value"),
        ("base: &b {a: 1}\nother:\n  <<: *b\n", "merge keys (<<) are not supported"),
        ("? [a, b]\n: 1\n", "a key must be a plain word"),
    ],
)
def test_yaml_values_we_refuse(text: str, expected: str) -> None:
    problems = errors_of(text)
    assert any(expected in p for p in problems), problems


def test_a_folder_or_an_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(CriteriaError, match="is a folder"):
        load_criteria(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CriteriaError, match="cannot read"):
        load_criteria(blocker / "criteria.yaml")


def test_environment_variable_chooses_the_file(
    monkeypatch: pytest.MonkeyPatch, three_models: Path
) -> None:
    from kpobpo.load import resolve_criteria_path, shipped_criteria_path

    monkeypatch.setenv("KPOBPO_CRITERIA", str(three_models))
    assert resolve_criteria_path(None) == three_models
    assert resolve_criteria_path("other.yaml") == Path("other.yaml")
    monkeypatch.delenv("KPOBPO_CRITERIA")
    assert resolve_criteria_path(None) == shipped_criteria_path()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    weight: 3.5\n    ordered: true\n    options:\n",
            "    weight: 3.5\n    ordered: true\n    choices:\n",
            "questions[2].options: is missing",
        ),
        (
            "  - name: Call centre\n    model: bpo\n    answers: {process_type: customer_contact,"
            " expertise: basic, complexity: routine, codification: documented, objective: cost}\n",
            "  - name: Call centre\n    model: bpo\n",
            "services[0].answers: is missing",
        ),
        (
            "    label: Typical services\n    values:\n",
            "    label: Typical services\n    vals:\n",
            "dimensions[0].values: is missing",
        ),
        (
            "    label: Complexity\n    values:\n      bpo: Simpler, repeatable cases.\n"
            "      kpo: More complex cases that need analysis.\n",
            "    label: Complexity\n    values: both\n",
            "dimensions[3].values: must be a mapping",
        ),
    ],
)
def test_missing_parts(old: str, new: str, expected: str) -> None:
    problems = errors_of(replaced(old, new))
    assert any(expected in p for p in problems), problems


def test_risks_may_be_empty_but_other_lists_may_not() -> None:
    text = re.sub(r"\nrisks:\n.*?\n(?=\w)", "\nrisks: []\n", FIXTURE_TEXT, count=1, flags=re.S)
    assert parse_criteria(text, "c.yaml").risks == ()
    text = re.sub(r"\ndimensions:\n.*?\n(?=\w|\Z)", "\ndimensions: []\n", text, count=1, flags=re.S)
    assert any("dimensions: must list at least one of dimensions" in p for p in errors_of(text))
