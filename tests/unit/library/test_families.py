"""Purchase families from CPV codes and contract type, and the families a clause fits."""

from __future__ import annotations

import pytest

from procure.library.families import (
    WORKS_FAMILIES,
    PurchaseFamily,
    families_of,
    family_table,
    fits,
)
from procure.vocabulary import ContractType

F = PurchaseFamily
SERVICES, SUPPLIES, WORKS = ContractType.SERVICES, ContractType.SUPPLIES, ContractType.WORKS


def test_every_family_has_its_rule_in_the_data_file():
    assert {rule.family for rule in family_table().rules} == set(PurchaseFamily)


@pytest.mark.parametrize("code", ["55524000-9", "55523100-3", "55524000"])
def test_school_catering_codes_are_school_and_collective_catering(code):
    assert families_of(SERVICES, [code]) == {F.COLLECTIVE_CATERING, F.SCHOOL_CATERING}


def test_care_home_catering_is_collective_catering_but_not_school_catering():
    assert families_of(SERVICES, ["55523000-2"]) == {F.COLLECTIVE_CATERING}


def test_food_supplies_are_not_collective_catering():
    assert families_of(SUPPLIES, ["15000000-8"]) == {F.FOOD_SUPPLIES}


def test_animal_feed_is_not_food_for_people():
    assert families_of(SUPPLIES, ["15700000"]) == frozenset()
    assert families_of(SUPPLIES, ["15700000"], catering=True) == {F.COLLECTIVE_CATERING}


def test_food_bought_for_collective_catering_counts_as_collective_catering():
    assert families_of(SUPPLIES, ["15000000-8"], catering=True) == {F.COLLECTIVE_CATERING}


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("90919200-4", F.CLEANING),
        ("90911200-8", F.CLEANING),
        ("90922000", F.CLEANING),  # pest control
        ("77310000-6", F.GREEN_SPACES),
        ("77313000", F.GREEN_SPACES),  # parks maintenance
        ("90511000-2", F.WASTE),
        ("90514000-3", F.WASTE),
        ("80500000-9", F.TRAINING_SOCIAL),
        ("85311000", F.TRAINING_SOCIAL),
        ("72413000-8", F.DIGITAL_SERVICES),
        ("60112000-6", F.VEHICLES_TRANSPORT),
        ("92000000-1", F.EVENTS),
        ("79952000-2", F.EVENTS),
    ],
)
def test_services_codes_give_their_family(code, family):
    assert families_of(SERVICES, [code]) == {family}


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("30213100-6", F.IT_EQUIPMENT),
        ("30231000-7", F.IT_EQUIPMENT),
        ("32250000-0", F.IT_EQUIPMENT),
        ("39130000-2", F.FURNITURE),
        ("18000000", F.TEXTILES),
        ("34000000", F.VEHICLES_TRANSPORT),
        ("09000000", F.ENERGY),
        ("22000000", F.PRINTING_PAPER),
    ],
)
def test_supplies_codes_give_their_family(code, family):
    assert families_of(SUPPLIES, [code]) == {family}


def test_additional_codes_count_as_well_as_the_main_one():
    families = families_of(SERVICES, ["90919200-4", "77310000-6"])
    assert families == {F.CLEANING, F.GREEN_SPACES}


def test_a_code_outside_its_families_contract_types_gives_no_family():
    assert families_of(WORKS, ["90919200-4"]) == {F.BUILDING_NEW, F.BUILDING_RENOVATION}
    assert families_of(SERVICES, ["45453000-7"]) == frozenset()


def test_overhaul_and_refurbishment_work_is_a_renovation():
    families = families_of(WORKS, ["45453000-7", "45321000-3"])
    assert families == {F.BUILDING_RENOVATION}


def test_works_that_no_code_places_keep_new_building_and_renovation_open():
    assert families_of(WORKS, ["45000000-7"]) == {F.BUILDING_NEW, F.BUILDING_RENOVATION}


def test_the_buyers_answer_about_the_works_overrides_the_codes():
    assert families_of(WORKS, ["45453000-7"], works=[F.DEMOLITION]) == {F.DEMOLITION}
    assert families_of(WORKS, ["45000000-7"], works=["civil_engineering"]) == {F.CIVIL_ENGINEERING}


def test_the_works_answer_must_name_works_families():
    with pytest.raises(ValueError, match="cleaning is not a works family"):
        families_of(WORKS, ["45000000-7"], works=[F.CLEANING])


def test_works_families_are_the_four_kinds_of_works():
    assert {F.BUILDING_NEW, F.BUILDING_RENOVATION, F.DEMOLITION, F.CIVIL_ENGINEERING} == (
        WORKS_FAMILIES
    )


def test_a_clause_without_families_fits_everything_and_one_with_families_needs_one():
    assert fits([], {F.CLEANING})
    assert fits(["cleaning", "green_spaces"], {F.GREEN_SPACES})
    assert not fits(["school_catering"], {F.COLLECTIVE_CATERING})
    assert not fits(["collective_catering"], frozenset())
