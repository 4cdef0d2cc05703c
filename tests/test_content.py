"""The shipped criteria's contract: the promises data/criteria.yaml keeps.

Every other code test runs on tests/fixtures/criteria.yaml. This module (with
test_calibration.py, which holds the evidence behind the weights) is the only
place the shipped file is judged, so rewording a label or tuning a weight
breaks a test here only when it breaks one of these promises:

- the ids that scripts, saved answers and portfolio columns rely on;
- the domain brief's services are in the catalogue;
- every question marked `ordered` runs from BPO to KPO, and every catalogue
  service gets the model the file says it usually gets (`kpobpo criteria
  validate` checks both, through `kpobpo.audit`);
- the questions the brief calls defining or risk-only are what it says.
"""

from __future__ import annotations

import pytest

from kpobpo.audit import audit
from kpobpo.model import Criteria
from kpobpo.score import score

#: Question and option ids that answers files, portfolio columns and scripts use.
IDS = {
    "process_type": {
        "customer_contact",
        "transaction_processing",
        "back_office",
        "finance_accounting",
        "research_analytics",
        "legal_ip",
        "content_publishing",
        "engineering_rd",
        "other",
    },
    "expertise": {"basic", "trained", "specialist"},
    "complexity": {"routine", "moderate", "complex"},
    "codification": {"documented", "partly", "judgement"},
    "objective": {"cost", "capacity", "insight"},
    "data_sensitivity": {"low", "medium", "high"},
    "ip_value": {"none", "some", "valuable"},
}
#: The risks the domain brief names for each model.
RISKS = {
    "kpo": {"skills_shortage", "data_theft", "ip_disputes", "regulatory_gaps"},
    "bpo": {"attrition", "wage_inflation", "process_dependence"},
}
#: The services the domain brief names, each of which the catalogue must offer.
BRIEF_SERVICES = {
    "call centre": "bpo",
    "telemarketing": "bpo",
    "credit-card processing": "bpo",
    "securities processing": "bpo",
    "insurance underwriting": "bpo",
    "insurance claims management": "bpo",
    "payment processing": "bpo",
    "inbound contact centre": "bpo",
    "outbound contact centre": "bpo",
    "data mining": "kpo",
    "legal transcription": "kpo",
    "content development and publishing": "kpo",
    "equity research": "kpo",
    "portfolio pricing": "kpo",
    "customer analytics": "kpo",
    "product engineering": "kpo",
    "marketing analytics": "kpo",
}
#: Options that run from "leans BPO" to "leans KPO" (the file marks them `ordered`).
ORDERED = ("expertise", "complexity", "codification", "objective")


def test_the_ids_scripts_rely_on_are_kept(shipped: Criteria) -> None:
    assert [m.id for m in shipped.models] == ["bpo", "kpo"]
    for question_id, options in IDS.items():
        question = shipped.question(question_id)
        assert question is not None, question_id
        assert {o.id for o in question.options} >= options, question_id
    for model, risks in RISKS.items():
        assert {r.id for r in shipped.risks if r.model == model} >= risks, model


def test_kpo_bills_about_twice_the_bpo_rate(shipped: Criteria) -> None:
    assert shipped.model("kpo").billing_index == pytest.approx(
        2 * shipped.model("bpo").billing_index
    )


def test_every_risk_has_a_mitigation_and_every_question_help(shipped: Criteria) -> None:
    assert all(r.mitigation and r.description for r in shipped.risks)
    assert all(q.help and q.prompt for q in shipped.questions)


def test_the_catalogue_offers_every_service_of_the_brief_with_its_model(
    shipped: Criteria,
) -> None:
    catalogue = {s.name.casefold(): s.model for s in shipped.services}
    assert {name: catalogue.get(name) for name in BRIEF_SERVICES} == BRIEF_SERVICES


def test_the_file_keeps_its_own_promises(shipped: Criteria) -> None:
    """Ordered questions run from one model to the other; every service gets its model."""
    assert [str(p) for p in audit(shipped)] == []


def test_the_ordered_questions_are_marked_and_run_from_bpo_to_kpo(shipped: Criteria) -> None:
    assert {q.id for q in shipped.questions if q.ordered} == set(ORDERED)
    for question_id in ORDERED:
        question = shipped.question(question_id)
        assert question is not None
        first, last = question.options[0].points, question.options[-1].points
        assert first["bpo"] > first["kpo"] and last["kpo"] > last["bpo"], question_id


def test_data_ip_core_and_licences_only_raise_risks(shipped: Criteria) -> None:
    unscored = {q.id for q in shipped.questions if not q.scored}
    assert unscored >= {"data_sensitivity", "ip_value", "core", "licensing"}


def test_clinicians_in_a_contact_centre_are_knowledge_work(shipped: Criteria) -> None:
    answers = {
        "process_type": "customer_contact",
        "expertise": "specialist",
        "complexity": "complex",
        "objective": "cost",
    }
    assert score(shipped, answers).recommendation == "kpo"
