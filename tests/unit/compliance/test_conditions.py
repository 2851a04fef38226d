"""The applies_when vocabulary, test by test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from procure.compliance.conditions import Facts, Verdict, parse_condition
from procure.compliance.fields import FieldChecker
from procure.compliance.thresholds import ThresholdError
from procure.formatting import NNBSP
from procure.snapshot import TenderSnapshot
from procure.vocabulary import ClauseKind, ContractType, OrganisationCategory, Procedure
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import price


def applies(condition: dict[str, Any], snapshot: TenderSnapshot) -> Verdict:
    checker = FieldChecker("test.yaml")
    node = parse_condition(checker, "applies_when", condition)
    assert checker.problems == []
    assert node is not None
    return node.check(Facts(snapshot, snapshot.purchase.launch_date))


def test_empty_condition_applies_to_every_tender() -> None:
    assert applies({}, make_snapshot()).holds


def test_contract_types_match_the_purchase_type() -> None:
    works = make_snapshot(contract_type=ContractType.WORKS)

    assert applies({"contract_types": ["works", "services"]}, works).holds
    verdict = applies({"contract_types": ["supplies"]}, works)
    assert not verdict.holds
    assert verdict.why == {
        "fr": "La règle vise les marchés de fournitures ; celui-ci est un marché de travaux.",
        "en": "The rule covers supplies contracts; this one is a works contract.",
    }


def test_buyer_categories_and_procedures_match() -> None:
    snapshot = make_snapshot(buyer_category=OrganisationCategory.CENTRAL, procedure=Procedure.OPEN)

    assert applies({"buyer_categories": ["central"]}, snapshot).holds
    assert not applies({"buyer_categories": ["sub_central"]}, snapshot).holds
    assert applies({"procedures": ["open", "restricted"]}, snapshot).holds
    assert not applies({"procedures": ["adapted"]}, snapshot).holds


def test_cpv_prefixes_match_main_or_additional_codes() -> None:
    snapshot = make_snapshot(cpv_main="90919200-4", cpv_additional=("55524000-9",))

    assert applies({"cpv_prefixes": ["555"]}, snapshot).holds
    assert applies({"cpv_prefixes": ["9091"]}, snapshot).holds
    assert not applies({"cpv_prefixes": ["45", "15"]}, snapshot).holds


def test_defence_flag_is_compared_with_the_expected_value() -> None:
    defence = make_snapshot(defence_or_security=True)

    assert not applies({"defence_or_security": False}, defence).holds
    assert applies({"defence_or_security": True}, defence).holds
    assert applies({"defence_or_security": False}, make_snapshot()).holds


@pytest.mark.parametrize(
    ("value", "at_or_above"),
    [(215_999, False), (216_000, True), (216_001, True)],
)
def test_eu_threshold_is_reached_at_exactly_the_threshold(value: int, at_or_above: bool) -> None:
    snapshot = make_snapshot(contract_type=ContractType.SERVICES, estimated_value=value)

    assert applies({"eu_threshold": "at_or_above"}, snapshot).holds is at_or_above
    assert applies({"eu_threshold": "below"}, snapshot).holds is not at_or_above


def test_eu_threshold_explains_the_comparison() -> None:
    snapshot = make_snapshot(contract_type=ContractType.SERVICES, estimated_value=215_999)

    why = applies({"eu_threshold": "at_or_above"}, snapshot).why

    assert why["fr"] == (
        f"La valeur estimée (215{NNBSP}999{NNBSP}€ HT) n'atteint pas le seuil européen de "
        f"216{NNBSP}000{NNBSP}€ HT (fournitures et services, acheteur sous-central, 2026-2027)."
    )
    assert why["en"].startswith("The estimated value (€215,999 excl. VAT) is below")


def test_eu_threshold_says_when_it_rests_on_the_annex_xiv_list_as_recalled() -> None:
    snapshot = make_snapshot(
        contract_type=ContractType.SERVICES, cpv_main="80500000-9", estimated_value=400_000
    )

    verdict = applies({"eu_threshold": "below"}, snapshot)

    assert verdict.holds
    assert verdict.why["fr"] == (
        f"La valeur estimée (400{NNBSP}000{NNBSP}€ HT) n'atteint pas le seuil européen de "
        f"750{NNBSP}000{NNBSP}€ HT "
        "(services sociaux et spécifiques, acheteur sous-central, 2026-2027 ; liste de "
        "l'annexe XIV de la directive 2014/24/UE telle que rappelée au 2026-12-03, à confirmer)."
    )


def test_value_bounds() -> None:
    snapshot = make_snapshot(estimated_value=1_000_000)

    assert applies({"value_at_least": 1_000_000}, snapshot).holds
    assert not applies({"value_at_least": 1_000_001}, snapshot).holds
    assert applies({"value_below": 1_000_001}, snapshot).holds
    assert not applies({"value_below": 1_000_000}, snapshot).holds


def test_context_flags_must_all_be_set() -> None:
    snapshot = make_snapshot(catering=True)

    assert applies({"context_flags": ["catering"]}, snapshot).holds
    verdict = applies({"context_flags": ["catering", "building"]}, snapshot)
    assert not verdict.holds
    assert verdict.why["en"] == "The contract's context does not include: building."


def test_annual_purchases_unknown_does_not_apply() -> None:
    condition = {"annual_purchases_above": 50_000_000}

    assert not applies(condition, make_snapshot()).holds
    assert not applies(condition, make_snapshot(annual_purchases=49_999_999)).holds
    assert applies(condition, make_snapshot(annual_purchases=50_000_001)).holds


def test_annual_purchases_above_is_strict() -> None:
    # L2111-3 says "supérieur à" (FACTS §10.6): exactly the amount does not exceed it.
    verdict = applies(
        {"annual_purchases_above": 50_000_000}, make_snapshot(annual_purchases=50_000_000)
    )

    assert not verdict.holds
    assert "ne dépasse pas" in verdict.why["fr"]


def test_families_hold_when_the_purchase_is_of_one_of_them() -> None:
    school = make_snapshot(contract_type=ContractType.SERVICES, cpv_main="55524000-9")

    assert applies({"families": ["school_catering"]}, school).holds
    assert applies({"families": ["collective_catering"]}, school).holds
    verdict = applies({"families": ["cleaning", "green_spaces"]}, school)
    assert not verdict.holds
    assert verdict.why["en"] == (
        "The rule covers: cleaning and hygiene or green spaces; "
        "the purchase is: collective catering, school catering."
    )


def test_families_read_the_catering_answer() -> None:
    food = {"contract_type": ContractType.SUPPLIES, "cpv_main": "15800000-6"}

    assert not applies({"families": ["collective_catering"]}, make_snapshot(**food)).holds
    assert applies({"families": ["food_supplies"]}, make_snapshot(**food)).holds
    assert applies(
        {"families": ["collective_catering"]}, make_snapshot(**food, catering=True)
    ).holds


def test_families_say_when_the_purchase_has_none() -> None:
    verdict = applies({"families": ["cleaning"]}, make_snapshot(cpv_main="30192000-1"))

    assert not verdict.holds
    assert "no family" in verdict.why["en"]


def test_families_reject_an_unknown_family() -> None:
    checker = FieldChecker("test.yaml")

    assert parse_condition(checker, "applies_when", {"families": ["canteens"]}) is None
    assert checker.problems[0].field == "applies_when.families[0]"


def test_labour_share_given() -> None:
    assert applies({"labour_share_given": True}, make_snapshot(labour_share=40)).holds
    assert not applies({"labour_share_given": True}, make_snapshot()).holds


def test_chosen_clauses_and_kinds() -> None:
    snapshot = make_snapshot(clauses=(chosen("environmental-execution-condition"),))

    assert applies({"has_any_clause": ["environmental-execution-condition"]}, snapshot).holds
    assert not applies({"has_any_clause": ["insertion-hours"]}, snapshot).holds
    assert applies({"has_clause_kinds": ["execution_condition"]}, snapshot).holds
    verdict = applies({"has_clause_kinds": ["execution_condition", "award_criterion"]}, snapshot)
    assert not verdict.holds
    assert (
        verdict.why["fr"] == "Le dossier ne comporte aucune clause de type critère d'attribution."
    )


def test_has_criteria() -> None:
    assert applies({"has_criteria": True}, make_snapshot(criteria=(price(100),))).holds
    assert not applies({"has_criteria": True}, make_snapshot()).holds
    assert applies({"has_criteria": False}, make_snapshot()).holds


def test_any_of_needs_one_branch() -> None:
    condition = {
        "any_of": [
            {"cpv_prefixes": ["555"]},
            {"cpv_prefixes": ["15"], "context_flags": ["catering"]},
        ]
    }

    assert applies(condition, make_snapshot(cpv_main="55524000-9")).holds
    assert applies(condition, make_snapshot(cpv_main="15800000-6", catering=True)).holds
    assert not applies(condition, make_snapshot(cpv_main="15800000-6")).holds


def test_tests_run_in_written_order_and_stop_at_the_first_that_fails() -> None:
    # No threshold is recorded for 2030, but the defence test fails first.
    snapshot = make_snapshot(defence_or_security=True, launch_date=dt.date(2030, 1, 1))
    condition = {"defence_or_security": False, "eu_threshold": "at_or_above"}

    verdict = applies(condition, snapshot)

    assert not verdict.holds
    assert verdict.why["en"] == "The contract is a defence or security contract."
    with pytest.raises(ThresholdError):
        applies({"eu_threshold": "at_or_above"}, snapshot)


def test_kinds_in_conditions_are_the_library_kinds() -> None:
    kinds = [kind.value for kind in ClauseKind]
    checker = FieldChecker("test.yaml")

    parse_condition(checker, "applies_when", {"has_clause_kinds": ["condition"]})

    assert checker.problems[0].message == (
        f"unknown value 'condition'; expected one of {', '.join(kinds)}"
    )
