"""The default dossier of each purchase of ``tests/data/purchases.yaml``, as a lawyer
reviews it.

Each purchase is read as a tender file with ``clauses: auto`` would be: its step-1 and
step-2 answers, the clauses the guided form ticks by default with their default values,
and the default award criteria, all from the real clause library. A careful buyer who
keeps these defaults must get a dossier that blocks nothing, holds no two clauses that
exclude each other, reserves the contract only if asked to, stays short, and leaves
open only the warnings that the buyer alone can settle: the purchase's
``accepted_warnings`` in the table, each with its reason.
"""

from __future__ import annotations

from typing import Any

import pytest

from procure.compliance import Outcome, RuleResult, Severity, check
from procure.documents.tender_file import library_entries, parse_tender
from procure.snapshot import TenderSnapshot
from procure.tenders.selection import conflicts
from procure.vocabulary import ClauseKind, Objective, Pillar
from tests.factories import clause_library, make_purchase
from tests.unit.compliance.test_purchase_table import PURCHASES

MAX_DEFAULT_CLAUSES = 12
# The answers of step 2 that ask for a contract reserved to some operators.
RESERVATION_OBJECTIVES = {Objective.INSERTION, Objective.DISABILITY, Objective.LOCAL_SSE}


def tender_file_of(entry: dict[str, Any]) -> dict[str, Any]:
    """The tender file of a table entry, as parsed YAML: its answers and ``clauses: auto``.

    A purchase field the table leaves out takes ``make_purchase``'s value, as in the
    table's own test."""
    defaults = make_purchase()
    purchase = {
        "organisation": defaults.organisation_name,
        "subject": defaults.subject,
        **entry["purchase"],
    }
    return {"purchase": purchase, "context": entry.get("context") or {}, "clauses": "auto"}


def default_dossier(entry: dict[str, Any]) -> TenderSnapshot:
    return parse_tender(tender_file_of(entry), clause_library(), source=entry["id"])


def failed(results: list[RuleResult], severity: Severity) -> set[str]:
    return {r.rule_id for r in results if r.severity is severity and r.outcome is Outcome.FAILED}


PARAMS = [pytest.param(entry, id=entry["id"]) for entry in PURCHASES]


@pytest.mark.parametrize("entry", PARAMS)
def test_the_default_dossier_blocks_nothing(entry: dict[str, Any]) -> None:
    results = check(default_dossier(entry))

    assert failed(results, Severity.BLOCKING) == set(), entry["why"]


@pytest.mark.parametrize("entry", PARAMS)
def test_the_default_dossier_fails_only_the_warnings_the_buyer_alone_can_settle(
    entry: dict[str, Any],
) -> None:
    results = check(default_dossier(entry))

    assert failed(results, Severity.WARNING) <= set(entry.get("accepted_warnings") or ()), entry[
        "why"
    ]


@pytest.mark.parametrize("entry", PARAMS)
def test_the_default_dossier_holds_no_two_clauses_that_exclude_each_other(
    entry: dict[str, Any],
) -> None:
    slugs = [clause.slug for clause in default_dossier(entry).clauses]

    assert conflicts(slugs, library_entries(clause_library().values())) == []


@pytest.mark.parametrize("entry", PARAMS)
def test_the_default_dossier_reserves_the_contract_only_when_asked(
    entry: dict[str, Any],
) -> None:
    dossier = default_dossier(entry)
    reserved = [c.slug for c in dossier.clauses if c.kind is ClauseKind.RESERVED_CONTRACT]
    asks_for_one = bool(dossier.context.objectives & RESERVATION_OBJECTIVES)

    assert len(reserved) <= 1
    assert asks_for_one or reserved == []


@pytest.mark.parametrize("entry", PARAMS)
def test_the_default_selection_stays_small(entry: dict[str, Any]) -> None:
    assert len(default_dossier(entry).clauses) <= MAX_DEFAULT_CLAUSES


def test_accepted_warnings_name_warning_rules_that_apply() -> None:
    """An accepted warning is a warning rule that applies to the purchase: the table
    cannot excuse a blocking rule, nor one it does not expect."""
    for entry in PURCHASES:
        accepted = set(entry.get("accepted_warnings") or ())
        results = {r.rule_id: r for r in check(default_dossier(entry))}
        for rule_id in accepted:
            assert results[rule_id].severity is Severity.WARNING, (entry["id"], rule_id)
            assert rule_id in entry["expected_obligations"], (entry["id"], rule_id)


TRADE_PURCHASES = {
    "office-cleaning-500k": "cleaning",
    "park-maintenance-400k": "green_spaces",
    "waste-collection-2-4m": "waste",
    "food-not-for-catering": "food_supplies",
}
ENVIRONMENTAL_DUTIES = (
    ClauseKind.EXECUTION_CONDITION,
    ClauseKind.AWARD_CRITERION,
    ClauseKind.TECHNICAL_SPECIFICATION,
)


@pytest.mark.parametrize(("purchase_id", "family"), TRADE_PURCHASES.items())
def test_a_trade_s_default_dossier_meets_the_environmental_duties_with_its_own_clauses(
    purchase_id: str, family: str
) -> None:
    """A cleaning, green-space, waste or food purchase gets the condition, criterion and
    specification written for its trade, not the generic ones beside them."""
    entry = next(entry for entry in PURCHASES if entry["id"] == purchase_id)
    dossier = default_dossier(entry)
    for kind in ENVIRONMENTAL_DUTIES:
        environmental = [
            clause
            for clause in dossier.clauses_of_kind(kind)
            if Pillar.ENVIRONMENTAL in clause.pillars
        ]
        assert environmental, (purchase_id, kind)
        assert all(family in clause.content.families for clause in environmental), (
            purchase_id,
            kind,
            [clause.slug for clause in environmental],
        )
