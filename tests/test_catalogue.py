"""Finding a service from what a person types: ids, names and parts of names,
the same for `assess --service` and a portfolio's `service` column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import run
from kpobpo.catalogue import ServiceMismatch, match_service, service_id, words
from kpobpo.model import Criteria, Service


def _service(criteria: Criteria, typed: str) -> str:
    return match_service(criteria, typed).name


def test_the_id_is_the_name_s_words_joined_by_dashes() -> None:
    assert service_id(Service("First-line IT help desk", "x", {})) == "first-line-it-help-desk"
    assert words("  Credit-card  processing ") == ("credit", "card", "processing")


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("credit-card-processing", "Credit-card processing"),  # the id
        ("CREDIT-CARD PROCESSING", "Credit-card processing"),  # the name, case aside
        ("equity", "Equity research"),  # a whole word
        ("tele", "Telemarketing"),  # the beginning of a word
        ("cred proc", "Credit-card processing"),  # beginnings of words, in order
        ("marketing", "Telemarketing"),  # any part
        ("clinical centre", "Clinical contact centre"),  # words need not be next to each other
    ],
)
def test_a_service_is_found_by_its_id_its_name_or_a_part(
    criteria: Criteria, typed: str, name: str
) -> None:
    assert _service(criteria, typed) == name


def test_whole_words_win_over_beginnings_of_words() -> None:
    catalogue = (Service("Market research", "a", {}), Service("Marketing analytics", "b", {}))
    criteria = Criteria("", b"", "", "", None, (), (), (), (), services=catalogue)  # type: ignore[arg-type]
    assert _service(criteria, "market") == "Market research"
    assert _service(criteria, "marketing") == "Marketing analytics"
    with pytest.raises(ServiceMismatch) as caught:
        match_service(criteria, "mark")
    assert len(caught.value.candidates) == 2


def test_an_ambiguous_part_lists_every_candidate(criteria: Criteria) -> None:
    with pytest.raises(ServiceMismatch) as caught:
        match_service(criteria, "centre")
    message = str(caught.value)
    assert "Call centre (call-centre)" in message
    assert "Clinical contact centre (clinical-contact-centre)" in message


def test_an_unknown_name_suggests_the_closest(criteria: Criteria) -> None:
    with pytest.raises(ServiceMismatch, match="closest: Legal transcription"):
        match_service(criteria, "legal transcripton")
    with pytest.raises(ServiceMismatch, match="unknown service ' - '"):
        match_service(criteria, " - ")


def test_assess_takes_a_part_of_a_name_and_says_which_were_meant(
    runner: CliRunner, criteria: Criteria
) -> None:
    preset = next(s for s in criteria.services if s.name == "Legal transcription")
    code, out, _ = run(runner, "assess", "-s", "legal", "-f", "json")
    assert code == 0
    assert json.loads(out)["answers"] == preset.answers
    code, out, err = run(runner, "assess", "-s", "centre")
    assert code == 2 and out == ""
    assert "could be any of 2" in err and "call-centre" in err and "Traceback" not in err


def test_services_shows_the_ids(runner: CliRunner, criteria: Criteria) -> None:
    code, out, _ = run(runner, "services")
    assert code == 0 and "credit-card-processing" in out
    code, out, _ = run(runner, "services", "-f", "json")
    listed = json.loads(out)
    assert [s["id"] for s in listed] == [service_id(s) for s in criteria.services]
    for entry in listed:  # every id shown finds its own service
        assert _service(criteria, entry["id"]) == entry["name"]


def test_a_portfolio_row_reads_its_service_the_same_way(runner: CliRunner, tmp_path: Path) -> None:
    rows = tmp_path / "processes.csv"
    rows.write_text("name,service\nDesk,legal\nPhones,centre\n", encoding="utf-8")
    code, out, err = run(runner, "portfolio", str(rows), "-f", "json")
    assert code == 1  # a row failed
    assessed = json.loads(out)["processes"]
    assert [(p["name"], p["row"]) for p in assessed] == [("Desk", 2)]
    assert "Traceback" not in err
    assert f"{rows}:3" in err and "service:" in err and "could be any of 2" in err
    assert "clinical-contact-centre" in err
