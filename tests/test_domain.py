"""Every service the domain brief names gets the model the brief gives it.

Each service is answered the way a sourcing manager running it would answer;
the expected model is the brief's, not whatever the scoring happens to say.
"""

from __future__ import annotations

import pytest

from kpobpo.model import Criteria
from kpobpo.score import score


def answers(
    process_type: str, expertise: str, complexity: str, codification: str, objective: str
) -> dict[str, str]:
    return {
        "process_type": process_type,
        "expertise": expertise,
        "complexity": complexity,
        "codification": codification,
        "objective": objective,
    }


SERVICES = {
    # The brief's BPO services.
    "call centre": ("bpo", answers("customer_contact", "basic", "routine", "documented", "cost")),
    "telemarketing": ("bpo", answers("customer_contact", "basic", "routine", "documented", "cost")),
    "credit-card processing": (
        "bpo",
        answers("transaction_processing", "basic", "routine", "documented", "cost"),
    ),
    "securities processing": (
        "bpo",
        answers("transaction_processing", "trained", "moderate", "documented", "cost"),
    ),
    "insurance underwriting": (
        "bpo",
        answers("transaction_processing", "trained", "moderate", "documented", "cost"),
    ),
    "claims management": (
        "bpo",
        answers("transaction_processing", "trained", "moderate", "partly", "capacity"),
    ),
    "payment processing": (
        "bpo",
        answers("transaction_processing", "basic", "routine", "documented", "cost"),
    ),
    "inbound contact centre": (
        "bpo",
        answers("customer_contact", "basic", "routine", "documented", "capacity"),
    ),
    "outbound contact centre": (
        "bpo",
        answers("customer_contact", "basic", "routine", "documented", "cost"),
    ),
    "finance and accounting": (
        "bpo",
        answers("finance_accounting", "trained", "routine", "documented", "cost"),
    ),
    # The brief's KPO services.
    "data mining": (
        "kpo",
        answers("research_analytics", "specialist", "complex", "judgement", "insight"),
    ),
    "legal transcription": (
        "kpo",
        answers("legal_ip", "trained", "moderate", "partly", "capacity"),
    ),
    "content development and publishing": (
        "kpo",
        answers("content_publishing", "trained", "moderate", "partly", "insight"),
    ),
    "equity research": (
        "kpo",
        answers("research_analytics", "specialist", "complex", "judgement", "insight"),
    ),
    "portfolio pricing": (
        "kpo",
        answers("research_analytics", "specialist", "complex", "partly", "insight"),
    ),
    "customer analytics": (
        "kpo",
        answers("research_analytics", "specialist", "complex", "partly", "insight"),
    ),
    "product engineering": (
        "kpo",
        answers("engineering_rd", "specialist", "complex", "judgement", "insight"),
    ),
    "marketing analytics": (
        "kpo",
        answers("research_analytics", "trained", "complex", "partly", "insight"),
    ),
}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_service_gets_the_model_the_brief_gives_it(criteria: Criteria, service: str) -> None:
    expected, given = SERVICES[service]
    result = score(criteria, given)
    assert result.recommendation == expected
    assert not result.borderline, (service, result.margin)
