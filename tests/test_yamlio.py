"""The one YAML reader and the limits it keeps, tested directly.

The command-line view of the same promises is in test_reliability_limits.py.
"""

from __future__ import annotations

import gc
import io
import re
import sys
from pathlib import Path

import pytest

from helpers import CRITERIA_PATH
from kpobpo import limits
from kpobpo.answers import json_fallback, load_answers_file, read_json
from kpobpo.errors import AnswersError, CriteriaError, InputFileError
from kpobpo.limits import MAX_DEPTH, read_whole, setting_problem, shown
from kpobpo.load import parse_criteria
from kpobpo.model import Criteria
from kpobpo.yamlio import YamlProblems, number_hint, parse_document, read_document

FIXTURE_TEXT = CRITERIA_PATH.read_text(encoding="utf-8")
#: The first question's weight line, whatever the shipped weight is.
FIRST_WEIGHT = re.compile(r"^    weight: [0-9.]+\n", flags=re.MULTILINE)


def problems_of(text: str) -> list[str]:
    with pytest.raises(YamlProblems) as caught:
        read_document(text, "d.yaml")
    return [str(p) for p in caught.value.problems]


def test_values_come_with_their_places() -> None:
    doc = read_document("a: &x 1\nb: [*x, two]\n", "d.yaml")
    assert doc is not None
    assert doc.value["a"].value == 1 and doc.value["b"].value[0].value == 1
    assert (doc.value["b"].line, doc.value["b"].column) == (2, 4)
    assert doc.key_at("b")[1:3] == (2, 1)


def test_an_empty_document_is_none() -> None:
    assert read_document("# nothing\n", "d.yaml") is None


def test_soft_problems_are_returned_with_what_could_be_read() -> None:
    document = parse_document("a: 1\na: 2\nb: !!set {x}\n? [k]\n: v\nc: 3\n", "d.yaml")
    assert document.root is not None
    assert document.root.value["a"].value == 1 and document.root.value["c"].value == 3
    assert document.root.value["b"].value is None
    messages = [f"{p.line}:{p.path}: {p.message}" for p in document.problems]
    assert messages == [
        "2:a: appears twice in this mapping",
        "3:b: the tag 'tag:yaml.org,2002:set' is not allowed here",
        "4:: a key must be a plain word",
    ]
    assert problems_of("a: 1\na: 2\n") == ["d.yaml:2:1: a: appears twice in this mapping"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &a [*a]\n", "d.yaml:1:8: a[0]: an alias refers to itself"),
        ("a: &a {b: [1, *a]}\n", "d.yaml:1:15: a.b[1]: an alias refers to itself"),
        ("a: *nope\n", "d.yaml:1:4: not valid YAML: found undefined alias 'nope'"),
        ("a: &x 1\nb: &x 2\n", "d.yaml:2:4: not valid YAML: the anchor &x is defined twice"),
        ("a: &x [1]\nb: &x 2\n", "d.yaml:2:4: not valid YAML: the anchor &x is defined twice"),
        ("a: 1\n---\nb: 2\n", "d.yaml:2:1: not valid YAML: expected one document"),
        ("a: [1, 2\n", "d.yaml:2:1: not valid YAML"),
        ("a: é\nb: x\x07y\n", "d.yaml:2:5: the character U+0007 is not allowed in YAML"),
        ("a: " + "[" * 150 + "]" * 150, f"d.yaml:1:{MAX_DEPTH + 3}: nested more than {MAX_DEPTH}"),
        ("[" * 2000 + "]" * 2000, f"nested more than {MAX_DEPTH} levels"),
    ],
)
def test_documents_that_cannot_be_read(text: str, expected: str) -> None:
    found = problems_of(text)
    assert expected in found[-1], found


def test_a_document_may_nest_to_the_limit_and_no_further() -> None:
    inside = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert read_document(inside, "d.yaml") is not None
    assert "nested more than" in problems_of("[" + inside + "]")[0]


def test_aliases_are_counted_by_the_size_they_repeat() -> None:
    long_text = "x" * 100_000
    few = "a: &t " + long_text + "\nb: [" + ", ".join(["*t"] * 50) + "]\n"
    assert read_document(few, "d.yaml") is not None
    many = "a: &t " + long_text + "\nb: [" + ", ".join(["*t"] * 200) + "]\n"
    assert "expand this document by more than" in problems_of(many)[0]


def test_a_value_its_tag_cannot_read() -> None:
    found = problems_of("a: !!timestamp abc\nb: !!int x\n")
    assert found[0] == "d.yaml:1:4: a: cannot read this value: not a timestamp"
    assert found[1].startswith("d.yaml:2:4: b: cannot read this value: invalid literal")


def test_a_merge_key_is_refused_and_a_lone_one_is_just_a_tag() -> None:
    assert "merge keys (<<) are not supported" in problems_of("b: &b {a: 1}\nc: {<<: *b}\n")[0]
    assert "is not allowed here" in problems_of("<<\n")[0]


def test_the_cycle_collector_is_left_as_it_was() -> None:
    gc.disable()
    try:
        read_document("a: 1\n", "d.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()
    read_document("a: 1\n", "d.yaml")
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("1e308", "1e308 is read as text in YAML; write 1.0e+308"),
        ("-.5E-3", "-.5E-3 is read as text in YAML; write -0.5E-3"),
        ("12", "'12' is text here; write it without quotes"),
        ("twelve", ""),
        (12, ""),
    ],
)
def test_number_hints(value: object, hint: str) -> None:
    assert number_hint(value) == hint


# -- the criteria file -------------------------------------------------------------


def test_a_huge_whole_number_is_out_of_range_not_a_crash() -> None:
    text = FIRST_WEIGHT.sub("    weight: " + "9" * 400 + "\n", FIXTURE_TEXT, count=1)
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(text, "c.yaml")
    assert "weight: must be > 0 and <= 1000, not 9999999999" in str(caught.value)
    assert "(400 digits)" in str(caught.value)


def test_a_whole_number_past_pythons_digit_limit_is_named_for_what_it_is() -> None:
    digits = sys.get_int_max_str_digits() + 1
    text = FIRST_WEIGHT.sub("    weight: " + "9" * digits + "\n", FIXTURE_TEXT, count=1)
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(text, "c.yaml")
    message = str(caught.value)
    assert f"a whole number of {digits} digits is past the most kpobpo reads" in message
    assert "sys." not in message


def test_one_model_is_not_enough() -> None:
    start = FIXTURE_TEXT.index("  - id: kpo\n")
    end = FIXTURE_TEXT.index("questions:")
    with pytest.raises(CriteriaError) as caught:
        parse_criteria(FIXTURE_TEXT[:start] + FIXTURE_TEXT[end:], "c.yaml")
    assert "models: must list at least two models" in str(caught.value)


# -- reading whole documents -----------------------------------------------------------


def test_read_whole_stops_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 10)
    assert read_whole(io.BytesIO(b"0123456789"), "f") == b"0123456789"
    assert read_whole(io.StringIO("é" * 5), "f") == "é" * 5
    with pytest.raises(InputFileError, match="f: larger than"):
        read_whole(io.StringIO("é" * 6), "f")
    with pytest.raises(AnswersError, match="f: larger than"):
        read_whole(io.BytesIO(b"x" * 11), "f", AnswersError)


# -- JSON, answers and settings ----------------------------------------------------------


def test_json_is_read_within_the_nesting_limit() -> None:
    assert read_json('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
    with pytest.raises(ValueError, match="nested more than"):
        read_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(ValueError, match="nested more than"):
        read_json("[" * 100_000 + "]" * 100_000)
    assert json_fallback("[" * 5000 + "]" * 5000) is None
    assert json_fallback('{"a":\t1}') is not None


def test_settings_that_are_not_a_mapping(tmp_path: Path, criteria: Criteria) -> None:
    path = tmp_path / "saved.yaml"
    path.write_text("answers: {expertise: basic}\nsettings: [1]\n", encoding="utf-8")
    with pytest.raises(AnswersError, match=r"saved\.yaml:2:11: settings: must map seed"):
        load_answers_file(criteria, path)
    path.write_text("answers: {expertise: basic}\nsettings:\n", encoding="utf-8")
    assert load_answers_file(criteria, path).settings == {}
    path.write_text(
        "answers: {expertise: basic}\nsettings: {hours: null, rate: null, seed: 5}\n",
        encoding="utf-8",
    )
    assert load_answers_file(criteria, path).settings == {"seed": 5}


@pytest.mark.parametrize(
    ("name", "value", "fine"),
    [
        ("seed", -3, True),
        ("seed", 2.0, False),
        ("draws", 1, True),
        ("draws", 100_000, True),
        ("draws", 100_001, False),
        ("draws", True, False),
        ("hours", 0, True),
        ("hours", 10**400, False),
        ("rate", float("inf"), False),
        ("rate", "5", False),
    ],
)
def test_setting_rules(name: str, value: object, fine: bool) -> None:
    assert (setting_problem(name, value) is None) == fine


def test_long_values_are_cut_short_in_messages() -> None:
    assert shown("x" * 100).endswith("(102 characters)")
    assert shown(10**50).endswith("(51 digits)")
    assert shown(1.5) == "1.5"
