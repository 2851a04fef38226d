"""Recommendations for eight realistic purchases: which clauses come first, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from procure.library.content import ClauseContent
from procure.library.files import read_library
from procure.snapshot import Context, Purchase
from procure.tenders.fit import LibraryEntry
from procure.tenders.recommend import propose_ambition, recommend
from procure.vocabulary import (
    Ambition,
    ClauseGrouping,
    ContractType,
    Objective,
    OrganisationCategory,
    Procedure,
)
from tests.factories import make_lots

CLAUSES = Path(__file__).parents[3] / "clauses"
AFTER_THE_LAW = dt.date(2026, 12, 1)


@cache
def library() -> tuple[LibraryEntry, ...]:
    return tuple(
        LibraryEntry(c.id, 1, ClauseContent.from_mapping(c.content)) for c in read_library(CLAUSES)
    )


def purchase(**overrides) -> Purchase:
    values = {
        "title": "Achat",
        "organisation_name": "Ville",
        "buyer_category": OrganisationCategory.SUB_CENTRAL,
        "subject": "",
        "contract_type": ContractType.SERVICES,
        "defence_or_security": False,
        "cpv_main": "79000000-4",
        "cpv_additional": (),
        "estimated_value": Decimal(100_000),
        "duration_months": 12,
        "lots": (),
        "procedure": Procedure.ADAPTED,
        "launch_date": AFTER_THE_LAW,
    }
    values.update(overrides)
    return Purchase(**values)


def grouped(recommendations, grouping):
    return [r.entry.slug for r in recommendations if r.grouping is grouping]


def find(recommendations, slug):
    return next(r for r in recommendations if r.entry.slug == slug)


def test_school_catering_above_threshold():
    buy = purchase(
        cpv_main="55524000-9",
        cpv_additional=("55523100-3",),
        estimated_value=Decimal(1_200_000),
        duration_months=48,
    )
    result = recommend(
        buy, Context(catering=True, labour_share=Decimal(40)), Ambition.COMPREHENSIVE, library()
    )
    mandatory = grouped(result, ClauseGrouping.MANDATORY)  # the only clause meeting a rule
    assert set(mandatory) == {
        "egalim-quality-share",
        "egalim-meat-fish-share",
        "vegetarian-menu",
        "catering-plastic-free-containers",
    }
    assert "EGalim" in find(result, "egalim-quality-share").reason("fr")
    recommended = grouped(result, ClauseGrouping.RECOMMENDED)
    assert "L2112-2-1" in find(result, "insertion-hours").reason("en")
    assert "insertion-hours" in recommended
    reusable = find(result, "catering-reusable-containers")  # written for catering
    assert reusable.grouping is ClauseGrouping.RECOMMENDED
    assert "satisfait l'obligation" in reusable.reason("fr").lower()
    generic = find(result, "environmental-execution-condition")
    assert generic.grouping is ClauseGrouping.POSSIBLE  # one clause per need
    assert "peut aussi satisfaire" in generic.reason("fr").lower()
    assert "catering-food-waste-plan" in recommended
    assert "catering contract" in find(result, "catering-food-waste-plan").reason("en")
    assert not any(r.entry.content.cpv_prefixes == ("45",) for r in result)


def test_office_it_equipment():
    buy = purchase(
        contract_type=ContractType.SUPPLIES,
        cpv_main="30213100-6",
        cpv_additional=("30231000-7",),
        estimated_value=Decimal(600_000),
        duration_months=48,
        procedure=Procedure.FRAMEWORK,
    )
    result = recommend(buy, Context(digital=True), Ambition.CORE, library())
    assert "insertion-hours" not in grouped(result, ClauseGrouping.MANDATORY)  # works/services only
    recommended = grouped(result, ClauseGrouping.RECOMMENDED)
    assert "it-refurbished-equipment-share" in recommended[:6]
    assert "it-ecolabel-tco-epeat" in recommended
    assert "numériques" in find(result, "it-refurbished-equipment-share").reason("fr")
    assert "it-refurbishment-reserved-lot" not in all_ids(result)  # a single-lot contract
    in_lots = recommend(
        replace(buy, lots=make_lots(3, buy.cpv_main, buy.estimated_value)),
        Context(digital=True),
        Ambition.CORE,
        library(),
    )
    assert find(in_lots, "it-refurbishment-reserved-lot").grouping is ClauseGrouping.POSSIBLE


def test_building_renovation_below_works_threshold():
    buy = purchase(
        contract_type=ContractType.WORKS,
        cpv_main="45453000-7",
        cpv_additional=("45321000-3",),
        estimated_value=Decimal(3_500_000),
        duration_months=18,
        lots=make_lots(8, "45453000-7", Decimal(3_500_000)),
    )
    result = recommend(
        buy, Context(building=True, labour_share=Decimal(40)), Ambition.COMPREHENSIVE, library()
    )
    assert "L2112-2-1" not in find(result, "insertion-hours").reason("en")  # 3.5 M€ < 5.4 M€
    recommended = grouped(result, ClauseGrouping.RECOMMENDED)
    assert "worksite-waste-management-plan" in recommended
    assert "insertion-hours" in recommended
    assert "forte main-d'œuvre" in find(result, "insertion-hours").reason("fr")


def test_office_cleaning_above_threshold_uses_the_services_insertion_clause():
    buy = purchase(
        cpv_main="90919200-4",
        cpv_additional=("90911200-8",),
        estimated_value=Decimal(900_000),
        duration_months=48,
        procedure=Procedure.OPEN,
    )
    result = recommend(buy, Context(labour_share=Decimal(80)), Ambition.CORE, library())
    services = find(result, "insertion-hours-cleaning-green-spaces")
    assert services.grouping is ClauseGrouping.RECOMMENDED
    assert "L2112-2-1" in services.reason("en")
    assert "could also meet" in find(result, "insertion-hours").reason("en").lower()
    assert "ecolabel-or-equivalent" in [r.entry.slug for r in result]


def test_website_development_below_threshold():
    buy = purchase(
        cpv_main="72413000-8",
        cpv_additional=("72415000-2",),
        estimated_value=Decimal(180_000),
        duration_months=36,
    )
    result = recommend(
        buy,
        Context(digital=True, objectives=frozenset({Objective.ACCESSIBILITY})),
        Ambition.COMPREHENSIVE,
        library(),
    )
    assert "insertion-hours" not in grouped(result, ClauseGrouping.MANDATORY)
    recommended = grouped(result, ClauseGrouping.RECOMMENDED)
    assert {
        "digital-service-ecodesign-rgesn",
        "green-hosting-data-centre",
        "rgaa-accessibility-conformance",
    } <= set(recommended)
    first = recommended[0]
    assert len(find(result, first).reasons) >= 2  # the best-fitting clause comes first


def test_furniture_points_to_circular_economy():
    buy = purchase(
        contract_type=ContractType.SUPPLIES, cpv_main="39130000-2", estimated_value=Decimal(150_000)
    )
    result = recommend(buy, Context(packaging_waste=True), Ambition.COMPREHENSIVE, library())
    recommended = grouped(result, ClauseGrouping.RECOMMENDED)
    assert "refurbished-furniture-supply" in recommended
    assert "AGEC" in find(result, "agec-reuse-recycled-share").reason("fr")


def test_waste_collection_with_town_deliveries_and_insertion():
    buy = purchase(
        cpv_main="90511000-2",
        estimated_value=Decimal(2_000_000),
        duration_months=60,
        procedure=Procedure.OPEN,
    )
    context = Context(
        urban_deliveries=True,
        labour_share=Decimal(60),
        objectives=frozenset({Objective.INSERTION, Objective.CLIMATE}),
    )
    result = recommend(buy, context, Ambition.COMPREHENSIVE, library())
    assert "L2112-2-1" in find(result, "insertion-hours").reason("en")
    assert find(result, "low-emission-deliveries").grouping is ClauseGrouping.RECOMMENDED
    assert "livraisons en ville" in find(result, "low-emission-deliveries").reason("fr")


def test_green_space_maintenance_before_the_climate_law():
    buy = purchase(
        cpv_main="77310000-6", estimated_value=Decimal(300_000), launch_date=dt.date(2026, 8, 20)
    )
    result = recommend(
        buy,
        Context(labour_share=Decimal(70), objectives=frozenset({Objective.BIODIVERSITY})),
        Ambition.CORE,
        library(),
    )
    assert grouped(result, ClauseGrouping.MANDATORY) == []
    assert not any("obligation" in r.reason("fr") for r in result)  # not in force yet
    assert "insertion-hours-cleaning-green-spaces" in [r.entry.slug for r in result]


def test_the_same_purchase_on_the_day_of_entry_into_force_makes_them_mandatory():
    buy = purchase(
        cpv_main="77310000-6", estimated_value=Decimal(300_000), launch_date=dt.date(2026, 8, 21)
    )
    result = recommend(buy, Context(), Ambition.CORE, library())
    # The condition written for green spaces (zero pesticide) is the best candidate; the
    # generic environmental condition stays offered as an alternative.
    condition = find(result, "green-spaces-zero-pesticide")
    assert condition.grouping is ClauseGrouping.RECOMMENDED
    assert "CCP, art. L. 2112-2 ;" in condition.reason("fr")
    generic = find(result, "environmental-execution-condition")
    assert generic.grouping is ClauseGrouping.POSSIBLE
    assert "CCP, art. L. 2112-2 ;" in generic.reason("fr")


def test_defence_contracts_are_not_bound():
    buy = purchase(defence_or_security=True, estimated_value=Decimal(1_000_000))
    result = recommend(buy, Context(), Ambition.CORE, library())
    assert grouped(result, ClauseGrouping.MANDATORY) == []
    assert not any("obligation" in r.reason("fr") for r in result)


@pytest.mark.parametrize(
    ("value", "context", "cpv", "expected"),
    [
        (Decimal(900_000), Context(), "90919200-4", Ambition.CORE),  # no capacity declared
        (Decimal(100_000), Context(has_spaser=True), "90919200-4", Ambition.CORE),  # small
        (Decimal(900_000), Context(has_spaser=True), "79000000-4", Ambition.COMPREHENSIVE),
        (
            Decimal(900_000),
            Context(annual_purchases=Decimal(60_000_000)),
            "90919200-4",
            Ambition.COMPREHENSIVE,  # capacity, a mature market, but no objective stated
        ),
        (
            Decimal(900_000),
            Context(
                has_spaser=True,
                objectives=frozenset({Objective.INSERTION, Objective.CLIMATE}),
            ),
            "90919200-4",
            Ambition.EXEMPLARY,
        ),
    ],
)
def test_proposed_ambition_follows_capacity_and_market_not_value_alone(
    value, context, cpv, expected
):
    proposal = propose_ambition(purchase(estimated_value=value, cpv_main=cpv), context)
    assert proposal.level is expected
    assert proposal.reason["fr"]
    assert proposal.reason["en"]


def test_every_clause_id_the_wizard_names_exists_in_the_library():
    from procure.tenders import recommend as module

    ids = {entry.slug for entry in library()}
    assert set(module.DELIVERY_CLAUSES) <= ids


def test_recommendation_does_not_depend_on_library_order():
    buy = purchase(cpv_main="55524000-9", estimated_value=Decimal(1_200_000))
    forward = recommend(buy, Context(catering=True), Ambition.CORE, library())
    backward = recommend(buy, Context(catering=True), Ambition.CORE, library()[::-1])
    assert [r.entry.slug for r in forward] == [r.entry.slug for r in backward]
    assert replace(buy) == buy


def all_ids(recommendations):
    return {r.entry.slug for r in recommendations}


EGALIM = {"egalim-quality-share", "egalim-meat-fish-share"}
SCHOOL_ONLY = {"vegetarian-menu", "catering-plastic-free-containers"}


@pytest.mark.parametrize("code", ["55524000-9", "55523100-3"])
def test_school_catering_codes_bring_the_school_rules(code):
    result = recommend(purchase(cpv_main=code), Context(), Ambition.CORE, library())
    assert set(grouped(result, ClauseGrouping.MANDATORY)) >= EGALIM | SCHOOL_ONLY


def test_care_home_catering_has_egalim_but_no_school_only_rule():
    buy = purchase(cpv_main="55523000-2", estimated_value=Decimal(500_000))
    result = recommend(buy, Context(), Ambition.CORE, library())
    mandatory = set(grouped(result, ClauseGrouping.MANDATORY))
    assert mandatory >= EGALIM
    assert not mandatory & SCHOOL_ONLY


def test_animal_feed_has_no_egalim():
    buy = purchase(contract_type=ContractType.SUPPLIES, cpv_main="15700000")
    result = recommend(buy, Context(), Ambition.EXEMPLARY, library())
    assert not all_ids(result) & EGALIM
    assert not any("sustainable_food" in r.entry.content.themes for r in result)


def test_food_supplies_need_egalim_only_when_bought_for_collective_catering():
    buy = purchase(contract_type=ContractType.SUPPLIES, cpv_main="15000000-8")
    plain = recommend(buy, Context(), Ambition.CORE, library())
    assert not set(grouped(plain, ClauseGrouping.MANDATORY)) & EGALIM
    for_canteens = recommend(buy, Context(catering=True), Ambition.CORE, library())
    assert set(grouped(for_canteens, ClauseGrouping.MANDATORY)) >= EGALIM


@pytest.mark.parametrize("code", ["77313000", "90922000", "77310000-6", "90919200-4"])
def test_parks_and_pest_control_get_the_services_social_condition(code):
    buy = purchase(cpv_main=code, estimated_value=Decimal(400_000), procedure=Procedure.OPEN)
    result = recommend(buy, Context(labour_share=Decimal(70)), Ambition.CORE, library())
    services = find(result, "insertion-hours-cleaning-green-spaces")
    assert services.grouping is ClauseGrouping.RECOMMENDED
    assert "L2112-2-1" in services.reason("en")


def test_training_below_the_social_services_threshold_needs_no_social_condition():
    buy = purchase(cpv_main="80500000-9", estimated_value=Decimal(400_000))
    result = recommend(buy, Context(), Ambition.CORE, library())
    assert not any("L2112-2-1" in r.reason("en") for r in result)
    assert "CCP art. L2112-2;" in find(result, "environmental-execution-condition").reason("en")


def test_a_clause_for_other_families_is_not_offered():
    buy = purchase(cpv_main="90511000-2", estimated_value=Decimal(100_000))
    result = recommend(buy, Context(), Ambition.EXEMPLARY, library())
    ids = all_ids(result)
    assert "insertion-hours-cleaning-green-spaces" not in ids  # waste is neither family
    assert "decent-work-conditions" not in ids
    assert "insertion-hours" in ids  # a generic clause fits every family


def test_the_clauses_the_law_asks_for_a_family_fit_every_code_of_that_family():
    from procure.library.families import PurchaseFamily, family_table
    from procure.tenders import fit as module

    asked = {
        PurchaseFamily.CLEANING: {"insertion-hours-cleaning-green-spaces"},
        PurchaseFamily.GREEN_SPACES: {"insertion-hours-cleaning-green-spaces"},
        PurchaseFamily.COLLECTIVE_CATERING: {"egalim-quality-share", "egalim-meat-fish-share"},
        PurchaseFamily.SCHOOL_CATERING: {"vegetarian-menu", "catering-plastic-free-containers"},
    }
    by_id = {entry.slug: entry for entry in library()}
    for rule in family_table().rules:
        for prefix in rule.cpv if rule.family in asked else ():
            buy = purchase(cpv_main=prefix.ljust(8, "0"))
            families = module.purchase_families(buy, Context())
            for slug in asked[rule.family]:
                assert module.is_applicable(by_id[slug], buy, families), (slug, prefix)
