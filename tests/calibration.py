"""The calibration table: real services, the model the sources give them, and
the answers a careful sourcing manager running each one would give.

A label is `bpo` or `kpo` when the sources agree, and `ambiguous` when
public sources file the same service under both models. The answers are the
honest ones for a typical engagement, chosen from the service's description
before looking at what the tool says; never tuned to make a test pass.

Sources, cited by key in the comment above each service:

[brief]       The domain brief the product is built on (restating an industry article
              comparing KPO with BPO): its lists of typical BPO and KPO services.
[sage]        Sage, "What is business process outsourcing?" (glossary),
              https://www.sage.com/en-za/blog/glossary/bpo-business-process-outsourcing/
[greenledge]  GreenLedge, "Business Process Outsourcing (BPO)" (service catalogue),
              http://greenledge.com/greenledge/service/bpo.htm
[woic]        WOIC Tech, "BPO & KPO services", https://woictech.com/bpo-kpo-services/
[techsynergy] Tech-Synergy, "BPO vs. KPO: Understanding the Key Differences",
              https://tech-synergy.com/bpo-vs-kpo-understanding-the-key-differences/
[rsw]         Remote Staffing Wiki, "Knowledge Process Outsourcing (KPO)" (glossary),
              https://www.remotestaffingwiki.com/glossary/knowledge-process-outsourcing
[tutorials]   Tutorialspoint, "Difference between BPO and KPO",
              https://www.tutorialspoint.com/difference-between-bpo-and-kpo
[longbridge]  Longbridge, "Knowledge Process Outsourcing KPO Guide: Value and Use Cases",
              https://longbridge.com/en/learn/knowledge-process-outsourcing--102224
[climb]       Climb the Ladder, "What Is Knowledge Process Outsourcing (KPO)?",
              https://climbtheladder.com/what-is-knowledge-process-outsourcing-kpo/
[positive]    Positive Articles, "Knowledge Process Outsourcing: The Next Wave of
              Outsourcing", https://positivearticles.com/knowledge-process-outsourcing-the-next-wave-of-outsourcing/
[findict]     Finance Dictionary Pro, "Knowledge Process Outsourcing (KPO)",
              https://financedictionarypro.com/definitions/k/knowledge-process-outsourcing-kpo
[viawork]     Viawork, "What is Knowledge Process Outsourcing (KPO)?", https://viawork.co/?p=1164
[actuary]     The Actuary (Institute and Faculty of Actuaries), "Actuarial KPO in India",
              http://www.theactuary.com/archive/old-articles/part-3/actuarial-kpo-in-india/
[mint]        Mint, "Patni shows the way with actuarial strategy" (25 April 2008),
              http://www.livemint.com/Home-Page/vshJmtt6wFNbXDlQ2K7zlM/Patni-shows-the-way-with-actuarial-strategy.html
[selectsys]   Selectsys, "Insurance Services Outsourcing: Keep vs Delegate",
              https://www.selectsys.com/blog/insurance-services-outsourcing-keep-vs-delegate
[techsurance] Techsurance, "BPO vs KPO in Insurance",
              https://techsurance.in/blog/bpo-vs-kpo-in-insurance-why-techsurances-kpo-expertise-makes-the-difference/
[procizo]     Procizo, "Commercial Underwriting Outsourcing",
              https://procizo.com/commercial-underwriting-outsourcing/
[freec]       freeC, "Business Process Outsourcing" (HR glossary),
              https://employer.freec.asia/hr-glossary/business-process-outsourcing
[rpo]         Australian Trades, "Recruitment Process Outsourcing (RPO) - Business Process
              Outsourcing (BPO)", https://www.australiantrades.com/recruitment-process-outsourcing-business-process-outsourcing/page/4
[transcosmos] transcosmos, "Insights into Content Moderation: Pros and Cons of Outsourcing to
              a BPO Vendor Explained", https://transcosmos.com/blogs/customer-support/insights-into-content-moderation-pros-and-cons-of-outsourcing-to-a-bpo-vendor-explained
[elysiate]    Elysiate, "Content Moderation and Trust and Safety BPO",
              https://www.elysiate.com/blog/content-moderation-and-trust-and-safety-bpo
[lpo]         Karthick's, "Legal Process Outsources",
              http://karthicks.com/legal%20process%20outsources.html
[esoutlook]   Enterprise Services Outlook, "Technology advancement boosting offshore legal
              process outsourcing providers", https://www.esoutlook.com/cxoinsights/kamlani-technology-advancement-boosting-offshore-legal-process-outsourcing-providers-nwid-535.html
[medkpo]      wiseGEEK, "What Is Medical KPO?" (T. Masters),
              https://www.wisegeek.com/what-is-medical-kpo.htm
[staffingly]  Staffingly, "Medical coding process: BPO outsourcing to India and the
              Philippines", https://staffingly.com/insights/blog/medical-coding-process-bpo-outsourcing-india-philippines/
[mortgagebpo] wiseGEEK, "What Is Mortgage BPO?" (K. Lorette),
              https://wise-geek.com/what-is-mortgage-bpo.htm
[capstone]    CapStonePlanet, "Financial Underwriting KPO Services",
              https://capstoneplanet.com/financial-underwriting-kpo-services/
[madras]      Madras Accountancy, "Month-end close workflow for offshore teams",
              https://madrasaccountancy.com/blog-posts/month-end-close-workflow-offshore-teams
[cpaj2005]    J. Robertson, D. Stone et al., "Offshore Outsourcing of Tax-Return
              Preparation", The CPA Journal (NYSSCPA), June 2005,
              http://www.nysscpa.org/cpajournal/2005/605/essentials/p54.htm
[cpaj2004]    R. Brody, M. Miller, M. Rolleri, "Outsourcing Income Tax Returns to India:
              Legal, Ethical, and Professional Issues", The CPA Journal, December 2004,
              http://www.nysscpa.org/cpajournal/2004/1204/perspectives/p12.htm
[equaterra]   V. Tauscher Phelan and C. Arnold (EquaTerra), "Pharmacovigilance and Clinical
              Data Management", reposted at https://sinobpo.blogspot.com/2007/05/pharmaceutical-outsourcings-new.html
[icon]        ICON plc, "Pharmacovigilance outsourcing" (5 December 2022),
              https://www.iconplc.com/insights/blog/2022/12/05/pharmacovigilance-outsourcing/
[unity]       Unity Communications, "KPO for legal document review",
              https://unity-connect.com/our-resources/bpo-learning-center/kpo-for-legal-document-review
[findlaw]     FindLaw, "Case for Legal Process Outsourcing to the Right Shore",
              https://www.findlaw.com/legal/practice/practice-guide/case-for-legal-process-outsourcing-to-the-right-shore.html
[techsadj]    Techsurance, "How KPO models are changing US claims adjudication",
              https://techsurance.in/blog/how-kpo-models-are-changing-us-claims-adjudication/
[cci]         Call Centers India, "Claims adjudication",
              http://www.call-centers-india.com/claims-adjudication.html
[123out]      123outsource.net, "What is a BPO and what do such companies specialize in?",
              http://bpo.123outsource.net/tag/business-process-outsourcing/
[michbar]     R. Jackson, "Outsourcing Your Legal Document Transcription", Michigan Bar
              Journal, August 2013 (document production as an administrative function)
[venables]    S. Radia, "Outsourcing and Off-shoring for Lawyers using the Internet",
              Internet Newsletter for Lawyers, May/June 2004,
              http://www.venables.co.uk/n0405outsourcing.htm
"""

from __future__ import annotations

from typing import NamedTuple

BPO = "bpo"
KPO = "kpo"
AMBIGUOUS = "ambiguous"


class Service(NamedTuple):
    """One row of the calibration table."""

    name: str
    label: str
    answers: dict[str, str]
    #: Set where only the in-between rule (issue 9: confidence cannot be high when the
    #: defining questions sit in their middle options) keeps an ambiguous service from
    #: `high`: a cost goal and a transactional process type carry it past the high margin.
    needs_in_between_rule: bool = False


def answers(
    process_type: str,
    expertise: str,
    complexity: str,
    codification: str,
    objective: str,
    data_sensitivity: str,
    ip_value: str,
    core: str,
    licensing: str,
) -> dict[str, str]:
    """Every question answered, as a careful user answers them."""
    return {
        "process_type": process_type,
        "expertise": expertise,
        "complexity": complexity,
        "codification": codification,
        "objective": objective,
        "data_sensitivity": data_sensitivity,
        "ip_value": ip_value,
        "core": core,
        "licensing": licensing,
    }


# A table: one service per block, its answers in question order.
# fmt: off
SERVICES: tuple[Service, ...] = (
    # ---- Operations work: the sources agree it is BPO. ----
    # [brief] call centres; [sage] "call centres are a type of BPO".
    Service(
        "Customer-service call centre",
        BPO,
        answers(
            "customer_contact", "basic", "routine", "documented", "cost",
            "medium", "none", "supporting", "none",
        ),
    ),
    # [brief] telemarketing; [woic] telemarketing under front-office BPO.
    Service(
        "Telemarketing",
        BPO,
        answers(
            "customer_contact", "basic", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [brief] inbound contact centres; [techsynergy] phone, e-mail and chat support as BPO.
    Service(
        "E-mail and chat support",
        BPO,
        answers(
            "customer_contact", "basic", "routine", "documented", "capacity",
            "medium", "none", "supporting", "none",
        ),
    ),
    # [brief] outbound contact centres answering customer queries.
    Service(
        "Outbound renewal-reminder calls",
        BPO,
        answers(
            "customer_contact", "basic", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [woic] help desk under front-office BPO; [rsw] L1 support and ticket triage as BPO.
    Service(
        "First-line IT help desk",
        BPO,
        answers(
            "customer_contact", "trained", "routine", "documented", "capacity",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [brief] credit-card processing; [greenledge] credit/debit card services.
    Service(
        "Credit-card transaction processing",
        BPO,
        answers(
            "transaction_processing", "basic", "routine", "documented", "cost",
            "high", "none", "peripheral", "none",
        ),
    ),
    # [brief] payment processing; [greenledge] payment services and cheque processing.
    Service(
        "Payment processing",
        BPO,
        answers(
            "transaction_processing", "basic", "routine", "documented", "cost",
            "high", "none", "peripheral", "none",
        ),
    ),
    # [brief] securities processing.
    Service(
        "Trade settlement (securities processing)",
        BPO,
        answers(
            "transaction_processing", "trained", "routine", "documented", "cost",
            "high", "none", "peripheral", "none",
        ),
    ),
    # [selectsys] claims first notice of loss done by the BPO; [actuary] receipt of claims
    # and customer queries as the BPO part of a claims department.
    Service(
        "Insurance claims intake (first notice of loss)",
        BPO,
        answers(
            "transaction_processing", "basic", "routine", "documented", "capacity",
            "high", "none", "peripheral", "none",
        ),
    ),
    # Ambiguous. BPO: [brief] insurance claims management; [greenledge] claims
    # processing; [climb] "a BPO operation might process insurance claims according to
    # a rulebook"; [cci] claims adjudication by BPOs. KPO: [techsadj] claims
    # adjudication as KPO work needing insurance knowledge and claim logic.
    Service(
        "Insurance claims processing",
        AMBIGUOUS,
        answers(
            "transaction_processing", "trained", "moderate", "partly", "capacity",
            "medium", "none", "supporting", "none",
        ),
    ),
    # [selectsys] policy servicing done by the BPO; [techsurance] data entry and form
    # checks as insurance BPO.
    Service(
        "Insurance policy servicing (changes, renewals)",
        BPO,
        answers(
            "transaction_processing", "trained", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [sage] payroll; [freec] payroll and benefits processing; [greenledge] payroll.
    Service(
        "Payroll processing",
        BPO,
        answers(
            "finance_accounting", "trained", "routine", "documented", "cost",
            "high", "none", "peripheral", "none",
        ),
    ),
    # [greenledge] accounts payable; [rsw] accounts payable processing as BPO.
    Service(
        "Accounts payable",
        BPO,
        answers(
            "finance_accounting", "trained", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [greenledge] billings and accounts receivable; [techsynergy] receivables as BPO.
    Service(
        "Billing and accounts receivable",
        BPO,
        answers(
            "finance_accounting", "trained", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [woic] data entry as back-office BPO; [rsw] data entry as BPO.
    Service(
        "Data entry",
        BPO,
        answers(
            "back_office", "basic", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [greenledge] document management; [techsurance] document indexing as BPO.
    Service(
        "Document scanning and indexing",
        BPO,
        answers(
            "back_office", "basic", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [freec] benefits administration; [greenledge] payroll/benefits processing.
    Service(
        "Employee benefits administration",
        BPO,
        answers(
            "back_office", "trained", "routine", "documented", "cost",
            "high", "none", "peripheral", "none",
        ),
    ),
    # [rpo] recruitment process outsourcing as a form of BPO.
    Service(
        "CV screening for recruitment",
        BPO,
        answers(
            "back_office", "trained", "routine", "documented", "capacity",
            "medium", "none", "supporting", "none",
        ),
    ),
    # [greenledge] order fulfilment and procurement as BPO.
    Service(
        "Order entry and fulfilment tracking",
        BPO,
        answers(
            "back_office", "basic", "routine", "documented", "cost",
            "medium", "none", "peripheral", "none",
        ),
    ),
    # [transcosmos] content moderation as a BPO service; [elysiate] content moderation and
    # trust-and-safety BPO (judgement on edge cases, with written policies and escalation).
    Service(
        "User-content moderation",
        BPO,
        answers(
            "other", "basic", "moderate", "documented", "capacity",
            "medium", "none", "supporting", "none",
        ),
    ),
    # ---- Knowledge work: the sources agree it is KPO. ----
    # [brief] data mining; [longbridge] data analysis as KPO.
    Service(
        "Data mining",
        KPO,
        answers(
            "research_analytics", "specialist", "complex", "judgement", "insight",
            "medium", "some", "supporting", "none",
        ),
    ),
    # [brief] equity research; [rsw] equity research as KPO; [longbridge] investment research.
    Service(
        "Equity research",
        KPO,
        answers(
            "research_analytics", "specialist", "complex", "judgement", "insight",
            "low", "valuable", "core", "none",
        ),
    ),
    # [brief] portfolio pricing.
    Service(
        "Portfolio pricing and valuation",
        KPO,
        answers(
            "research_analytics", "specialist", "complex", "partly", "insight",
            "high", "some", "supporting", "none",
        ),
    ),
    # [brief] customer analytics.
    Service(
        "Customer analytics",
        KPO,
        answers(
            "research_analytics", "specialist", "complex", "partly", "insight",
            "high", "some", "supporting", "none",
        ),
    ),
    # [brief] marketing analytics.
    Service(
        "Marketing analytics",
        KPO,
        answers(
            "research_analytics", "trained", "complex", "partly", "insight",
            "medium", "some", "supporting", "none",
        ),
    ),
    # [tutorials] market research and competitive intelligence as a KPO segment;
    # [positive] market research and analytics as KPO.
    Service(
        "Market research and competitive intelligence",
        KPO,
        answers(
            "research_analytics", "trained", "complex", "partly", "insight",
            "low", "some", "supporting", "none",
        ),
    ),
    # [actuary] actuarial work as KPO; [rsw] actuarial modelling as KPO; [mint] actuarial
    # work as a BPO provider's move up into KPO.
    Service(
        "Actuarial modelling",
        KPO,
        answers(
            "research_analytics", "specialist", "complex", "partly", "capacity",
            "medium", "some", "supporting", "none",
        ),
    ),
    # [findict] credit analysis and risk management as KPO; [longbridge] risk management.
    Service(
        "Credit risk analysis",
        KPO,
        answers(
            "research_analytics", "specialist", "complex", "judgement", "insight",
            "high", "some", "supporting", "none",
        ),
    ),
    # [brief] product engineering; [tutorials] engineering services as KPO.
    Service(
        "Product engineering",
        KPO,
        answers(
            "engineering_rd", "specialist", "complex", "judgement", "insight",
            "medium", "valuable", "core", "none",
        ),
    ),
    # [rsw] MEP design as KPO; [climb] engineering design as KPO. Drawings are signed off by a
    # licensed engineer; the goal is usually cost.
    Service(
        "Building-services (MEP) engineering design",
        KPO,
        answers(
            "engineering_rd", "specialist", "complex", "partly", "cost",
            "low", "some", "supporting", "required",
        ),
    ),
    # [lpo] legal research and drafting of pleadings and briefs; [tutorials] legal process
    # outsourcing as KPO; [longbridge] legal research. Offshore lawyers, bought to save money.
    Service(
        "Legal research and drafting",
        KPO,
        answers(
            "legal_ip", "specialist", "complex", "judgement", "cost",
            "high", "some", "supporting", "none",
        ),
    ),
    # [esoutlook] patent analytics in legal process outsourcing; [longbridge] intellectual
    # property management as KPO.
    Service(
        "Patent search and analytics",
        KPO,
        answers(
            "legal_ip", "specialist", "complex", "judgement", "insight",
            "medium", "valuable", "supporting", "none",
        ),
    ),
    # Ambiguous. KPO: [brief] legal transcription (the brief's own example; the answers
    # are its preset's). BPO: [michbar] document transcription as an administrative
    # function of a law firm; [venables] transcription among "routine, repetitive" work.
    Service(
        "Legal transcription",
        AMBIGUOUS,
        answers(
            "legal_ip", "trained", "moderate", "partly", "capacity",
            "high", "none", "peripheral", "none",
        ),
    ),
    # Ambiguous. KPO: [brief] content development and publishing; [positive] writing and
    # content development. BPO: [123out] content writing among the most popular BPO tasks.
    Service(
        "Content development and publishing",
        AMBIGUOUS,
        answers(
            "content_publishing", "trained", "moderate", "partly", "insight",
            "low", "some", "supporting", "none",
        ),
    ),
    # [brief] "a contact centre that needs doctors to answer clinical questions is knowledge
    # work": the process type is overridden by expertise and complexity.
    Service(
        "Clinical advice line staffed by nurses and doctors",
        KPO,
        answers(
            "customer_contact", "specialist", "complex", "partly", "cost",
            "high", "none", "supporting", "required",
        ),
    ),
    # ---- In between: the sources file the same service under both models. ----
    # BPO: [staffingly] medical coding handed to a BPO team of certified coders.
    # KPO: [medkpo] coding as medical KPO; [viawork] medical coding as KPO.
    Service(
        "Medical coding",
        AMBIGUOUS,
        answers(
            "back_office", "trained", "moderate", "partly", "cost",
            "high", "none", "peripheral", "none",
        ),
        needs_in_between_rule=True,
    ),
    # BPO: [mortgagebpo] mortgage file processing as BPO.
    # KPO: [capstone] mortgage underwriting and verification as financial underwriting KPO.
    Service(
        "Mortgage back-office processing",
        AMBIGUOUS,
        answers(
            "transaction_processing", "trained", "moderate", "partly", "cost",
            "high", "none", "supporting", "none",
        ),
        needs_in_between_rule=True,
    ),
    # BPO: [madras] the close is "repetitive, detail-heavy, deadline-driven", ideal for an
    # offshore team. KPO: [rsw] KPO firms "run financial close cycles" for controllers.
    Service(
        "Month-end close",
        AMBIGUOUS,
        answers(
            "finance_accounting", "trained", "moderate", "partly", "cost",
            "medium", "none", "supporting", "none",
        ),
    ),
    # BPO: [woic] tax preparation under industry-specific BPO. KPO: [cpaj2005], [cpaj2004]
    # returns prepared offshore by chartered accountants trained in US tax law.
    Service(
        "Individual tax return preparation",
        AMBIGUOUS,
        answers(
            "finance_accounting", "trained", "moderate", "partly", "cost",
            "high", "none", "supporting", "required",
        ),
    ),
    # BPO: [brief] insurance underwriting as BPO; [selectsys] underwriting preparation done by
    # the BPO, risk selection kept in-house. KPO: [procizo] commercial underwriting by KPO teams.
    Service(
        "Commercial insurance underwriting support",
        AMBIGUOUS,
        answers(
            "transaction_processing", "trained", "moderate", "partly", "capacity",
            "medium", "none", "supporting", "none",
        ),
    ),
    # BPO: [equaterra] process-driven work, a candidate for BPO providers; [icon] global BPOs
    # among the providers. KPO: [climb] clinical data management as KPO. Case processing is
    # done by nurses and pharmacists to written procedures, mainly to save money.
    Service(
        "Pharmacovigilance case processing",
        AMBIGUOUS,
        answers(
            "other", "specialist", "moderate", "documented", "cost",
            "high", "none", "supporting", "required",
        ),
    ),
    # KPO: [unity] legal document review as KPO; [findlaw] relevance and privilege calls "can
    # be too subtle and nuanced" to offshore. BPO: [unity] a "high-volume, routine task",
    # bought on price; reviewers work to a written review protocol.
    Service(
        "First-level document review (e-discovery)",
        AMBIGUOUS,
        answers(
            "legal_ip", "trained", "moderate", "documented", "cost",
            "high", "none", "supporting", "none",
        ),
    ),
)
# fmt: on
