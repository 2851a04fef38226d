"""Realistic tenders (FACTS §9 and a few more) and the checklist a buyer sees for each.

Each case lists every rule that applies, with its outcome; a rule left out must be
not applicable. Adding a rule therefore means saying what it does to each tender.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from procure.compliance import Outcome, evaluate, load_rules, summary
from procure.vocabulary import ContractType, OrganisationCategory, Procedure
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import clause_criterion, price, technical

P, F, J = Outcome.PASSED, Outcome.FAILED, Outcome.JUSTIFIED

SCHOOL_CATERING: dict[str, Any] = {
    "title": "Restauration scolaire en liaison froide",
    "contract_type": ContractType.SERVICES,
    "cpv_main": "55524000-9",
    "cpv_additional": ("55523100-3",),
    "estimated_value": 1_200_000,
    "duration_months": 48,
    "labour_share": 40,
    "catering": True,
    "clauses": (
        chosen("catering-reusable-containers"),
        chosen("catering-food-waste-plan"),
        chosen("egalim-quality-share"),
        chosen("egalim-meat-fish-share"),
        chosen("vegetarian-menu"),
        chosen("catering-plastic-free-containers"),
        chosen("insertion-hours", insertion_hours=857),
        chosen("social-clause-monitoring"),
        chosen("environmental-performance-criterion"),
    ),
    "criteria": (
        price(50),
        technical(30),
        clause_criterion("environmental-performance-criterion", 20),
    ),
}

LAPTOPS: dict[str, Any] = {
    "title": "Accord-cadre ordinateurs portables et écrans",
    "contract_type": ContractType.SUPPLIES,
    "cpv_main": "30213100-6",
    "cpv_additional": ("30231000-7",),
    "estimated_value": 600_000,
    "procedure": Procedure.FRAMEWORK,
    "lots": 2,
    "annual_purchases": 80_000_000,
    "has_spaser": True,
    "digital": True,
    "clauses": (
        chosen("it-ecolabel-tco-epeat"),
        chosen("it-refurbished-equipment-share"),
        chosen("it-takeback-reuse-sector"),
        chosen("electronics-supply-chain-labour-rights"),
        chosen("it-durability-software-support-award"),
    ),
    "criteria": (
        price(60),
        technical(25),
        clause_criterion("it-durability-software-support-award", 15),
    ),
}

SCHOOL_RENOVATION: dict[str, Any] = {
    "title": "Rénovation énergétique d'une école primaire",
    "contract_type": ContractType.WORKS,
    "cpv_main": "45453000-7",
    "cpv_additional": ("45321000-3",),
    "estimated_value": 3_500_000,
    "duration_months": 18,
    "lots": 8,
    "labour_share": 40,
    "building": True,
    "clauses": (
        chosen("worksite-waste-management-plan"),
        chosen("worksite-environmental-performance-award"),
        chosen("bio-based-insulation-specification"),
        chosen("insertion-hours", insertion_hours=2_333),
        chosen("social-clause-monitoring"),
    ),
    "criteria": (
        price(60),
        technical(25, 60, 40),
        clause_criterion("worksite-environmental-performance-award", 15),
    ),
}

OFFICE_CLEANING: dict[str, Any] = {
    "title": "Nettoyage des bâtiments administratifs",
    "contract_type": ContractType.SERVICES,
    "cpv_main": "90919200-4",
    "cpv_additional": ("90911200-8",),
    "estimated_value": 900_000,
    "procedure": Procedure.OPEN,
    "labour_share": 80,
    "clauses": (
        chosen("ecolabel-or-equivalent"),
        chosen("on-site-waste-sorting-services"),
        chosen("insertion-hours-cleaning-green-spaces"),
        chosen("decent-work-conditions"),
        chosen("social-clause-monitoring"),
        chosen("environmental-performance-criterion"),
    ),
    "criteria": (
        price(40),
        technical(40),
        clause_criterion("environmental-performance-criterion", 20),
    ),
    "justifications": {
        "lots-sme-access": "Bâtiments contigus : un seul prestataire évite les doublons "
        "d'encadrement et de matériel."
    },
}

WEBSITE: dict[str, Any] = {
    "title": "Refonte, hébergement et maintenance du site internet",
    "contract_type": ContractType.SERVICES,
    "cpv_main": "72413000-8",
    "cpv_additional": ("72415000-2",),
    "estimated_value": 180_000,
    "duration_months": 36,
    "digital": True,
    "clauses": (
        chosen("digital-service-ecodesign-rgesn"),
        chosen("green-hosting-data-centre"),
        chosen("digital-footprint-award-criterion"),
        chosen("rgaa-accessibility-conformance"),
        chosen("accessibility-testing-ea-esat"),
    ),
    "criteria": (
        price(40),
        technical(45),
        clause_criterion("digital-footprint-award-criterion", 15),
    ),
}

FURNITURE: dict[str, Any] = {
    "title": "Mobilier de bureau",
    "contract_type": ContractType.SUPPLIES,
    "cpv_main": "39130000-2",
    "estimated_value": 300_000,
    "clauses": (
        chosen("refurbished-furniture-supply"),
        chosen("environmental-execution-condition"),
        chosen("circularity-award-criterion"),
    ),
    "criteria": (price(50), technical(30), clause_criterion("circularity-award-criterion", 20)),
    "justifications": {
        "social-execution-condition": "Mobilier standard disponible sur catalogue : "
        "solution immédiatement disponible."
    },
}

WASTE_COLLECTION: dict[str, Any] = {
    "title": "Collecte des déchets ménagers",
    "contract_type": ContractType.SERVICES,
    "cpv_main": "90511000-2",
    "estimated_value": 2_400_000,
    "duration_months": 72,
    "procedure": Procedure.OPEN,
    "lots": 2,
    "labour_share": 50,
    "clauses": (
        chosen("environmental-execution-condition"),
        chosen("ghg-emissions-reporting"),
        chosen("ghg-reduction-plan-criterion"),
        chosen("insertion-hours", insertion_hours=2_000),
        chosen("social-clause-monitoring"),
    ),
    "criteria": (price(55), technical(30), clause_criterion("ghg-reduction-plan-criterion", 15)),
}

GREEN_SPACES_PRICE_ONLY: dict[str, Any] = {
    "title": "Entretien des espaces verts",
    "contract_type": ContractType.SERVICES,
    "cpv_main": "77310000-6",
    "estimated_value": 400_000,
    "duration_months": 36,
    "labour_share": 70,
    "clauses": (
        chosen("biodiversity-protection-measures"),
        chosen("water-saving-plan"),
        chosen("insertion-hours-cleaning-green-spaces", annual_insertion_hours=100),
    ),
    "criteria": (price(100),),
}

DEFENCE_UNIFORMS: dict[str, Any] = {
    "title": "Tenues de travail des personnels",
    "buyer_category": OrganisationCategory.CENTRAL,
    "contract_type": ContractType.SUPPLIES,
    "defence_or_security": True,
    "cpv_main": "18110000-3",
    "estimated_value": 2_000_000,
    "procedure": Procedure.OPEN,
    "lots": 2,
    "clauses": (chosen("textile-agec-reuse-recycled", reuse_share=10),),
    "criteria": (price(70), technical(30)),
}

CLEANING_BEFORE_THE_LAW: dict[str, Any] = {
    "title": "Nettoyage des écoles (consultation lancée en mai 2026)",
    "contract_type": ContractType.SERVICES,
    "cpv_main": "90919200-4",
    "estimated_value": 500_000,
    "launch_date": dt.date(2026, 5, 4),
    "criteria": (price(100),),
}

HOME_CARE_RESERVED: dict[str, Any] = {
    "title": "Aide à domicile réservée à l'ESS",
    "contract_type": ContractType.SERVICES,
    "cpv_main": "85312400-3",
    "estimated_value": 800_000,
    "duration_months": 48,
    "clauses": (
        chosen("reserved-ess-services"),
        chosen("environmental-execution-condition"),
        chosen("environmental-performance-criterion"),
    ),
    "criteria": (
        price(30),
        technical(50),
        clause_criterion("environmental-performance-criterion", 20),
    ),
}

STATE_CANTEEN_FOOD: dict[str, Any] = {
    "title": "Denrées pour le restaurant administratif d'un ministère",
    "buyer_category": OrganisationCategory.CENTRAL,
    "contract_type": ContractType.SUPPLIES,
    "cpv_main": "15110000-2",
    "estimated_value": 400_000,
    "catering": True,
    "clauses": (chosen("egalim-quality-share"), chosen("egalim-meat-fish-share")),
    "criteria": (price(60), technical(40)),
}

CASES = [
    pytest.param(
        SCHOOL_CATERING,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "sustainable-technical-specifications": P,
            "social-execution-condition": P,
            "criteria-weights-total": P,
            "labels-or-equivalent": P,
            "egalim-quality-organic-shares": P,
            "egalim-meat-fish-share": P,
            "school-vegetarian-menu": P,
            "school-catering-plastic-containers": P,
            "insertion-hours-sizing": P,
            "lots-sme-access": F,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "specification-not-scored-twice": P,
            "excluded-clauses-not-combined": P,
        },
        id="school-catering-1.2M",
    ),
    pytest.param(
        LAPTOPS,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "sustainable-technical-specifications": P,
            "social-execution-condition": P,
            "criteria-weights-total": P,
            "labels-or-equivalent": P,
            "agec-reuse-recycled-supplies": P,
            "spaser-adopted": P,
            "lots-sme-access": P,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "specification-not-scored-twice": F,
            "excluded-clauses-not-combined": P,
        },
        id="laptops-600k",
    ),
    pytest.param(
        SCHOOL_RENOVATION,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "lots-sme-access": P,
            "sustainable-technical-specifications": P,
            "criteria-weights-total": P,
            "labels-or-equivalent": P,
            "insertion-hours-sizing": P,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "specification-not-scored-twice": P,
            "excluded-clauses-not-combined": P,
        },
        id="school-renovation-works-3.5M",
    ),
    pytest.param(
        OFFICE_CLEANING,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "sustainable-technical-specifications": P,
            "social-execution-condition": P,
            "criteria-weights-total": P,
            "labels-or-equivalent": P,
            "insertion-hours-sizing-cleaning": P,
            "lots-sme-access": J,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "specification-not-scored-twice": P,
            "excluded-clauses-not-combined": P,
        },
        id="office-cleaning-900k",
    ),
    pytest.param(
        WEBSITE,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "lots-sme-access": F,
            "sustainable-technical-specifications": P,
            "criteria-weights-total": P,
            "labels-or-equivalent": P,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "specification-not-scored-twice": F,
            "excluded-clauses-not-combined": P,
        },
        id="website-180k",
    ),
    pytest.param(
        FURNITURE,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "sustainable-technical-specifications": P,
            "social-execution-condition": J,
            "criteria-weights-total": P,
            "labels-or-equivalent": P,
            "agec-reuse-recycled-supplies": P,
            "lots-sme-access": F,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "specification-not-scored-twice": P,
            "excluded-clauses-not-combined": P,
        },
        id="office-furniture-300k",
    ),
    pytest.param(
        WASTE_COLLECTION,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "labels-or-equivalent": P,
            "sustainable-technical-specifications": F,
            "social-execution-condition": P,
            "criteria-weights-total": P,
            "insertion-hours-sizing": P,
            "lots-sme-access": P,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "excluded-clauses-not-combined": P,
        },
        id="waste-collection-2.4M",
    ),
    pytest.param(
        GREEN_SPACES_PRICE_ONLY,
        {
            "env-execution-condition": P,
            "env-award-criterion": F,
            "no-price-only-award": F,
            "labels-or-equivalent": P,
            "sustainable-technical-specifications": F,
            "social-execution-condition": P,
            "criteria-weights-total": P,
            "insertion-hours-sizing-cleaning": F,
            "lots-sme-access": F,
            "execution-conditions-followed-up": P,
            "excluded-clauses-not-combined": P,
        },
        id="green-spaces-price-only-400k",
    ),
    pytest.param(
        DEFENCE_UNIFORMS,
        {
            "criteria-weights-total": P,
            "labels-or-equivalent": P,
            "agec-reuse-recycled-supplies": P,
            "agec-textile-rates": F,
            "excluded-clauses-not-combined": P,
        },
        id="defence-uniforms-2M",
    ),
    pytest.param(
        CLEANING_BEFORE_THE_LAW,
        {
            "criteria-weights-total": P,
            "lots-sme-access": F,
            "excluded-clauses-not-combined": P,
        },
        id="cleaning-launched-before-21-august-2026",
    ),
    pytest.param(
        HOME_CARE_RESERVED,
        {
            "env-execution-condition": P,
            "env-award-criterion": P,
            "no-price-only-award": P,
            "social-condition-by-reservation": F,
            "labels-or-equivalent": P,
            "sustainable-technical-specifications": F,
            "social-execution-condition": P,
            "reserved-ess-services-cpv": P,
            "reserved-ess-services-duration": F,
            "criteria-weights-total": P,
            "lots-sme-access": F,
            "award-criteria-verifiable": P,
            "execution-conditions-followed-up": P,
            "excluded-clauses-not-combined": P,
        },
        id="home-care-reserved-for-ess-800k",
    ),
    pytest.param(
        STATE_CANTEEN_FOOD,
        {
            "env-execution-condition": P,
            "env-award-criterion": F,
            "no-price-only-award": P,
            "labels-or-equivalent": P,
            "sustainable-technical-specifications": F,
            "social-execution-condition": F,
            "criteria-weights-total": P,
            "egalim-quality-organic-shares": P,
            "egalim-meat-fish-share": P,
            "egalim-meat-fish-share-state": F,
            "lots-sme-access": F,
            "execution-conditions-followed-up": P,
            "excluded-clauses-not-combined": P,
        },
        id="state-canteen-food-400k",
    ),
]


@pytest.mark.parametrize(("tender", "checklist"), CASES)
def test_realistic_tender_gets_its_expected_checklist(
    tender: dict[str, Any], checklist: dict[str, Outcome]
) -> None:
    results = evaluate(make_snapshot(**tender), load_rules())

    applicable = {r.rule_id: r.outcome for r in results if r.outcome is not Outcome.NOT_APPLICABLE}
    assert applicable == checklist


@pytest.mark.parametrize(
    ("tender", "blocks"),
    [
        (SCHOOL_CATERING, False),
        (FURNITURE, False),
        (GREEN_SPACES_PRICE_ONLY, True),
        (DEFENCE_UNIFORMS, False),
        (HOME_CARE_RESERVED, True),
        (STATE_CANTEEN_FOOD, True),
    ],
)
def test_only_failed_blocking_rules_stop_the_download(tender: dict[str, Any], blocks: bool) -> None:
    results = evaluate(make_snapshot(**tender), load_rules())

    assert summary(results).blocks_download is blocks


def test_every_result_explains_itself_in_both_languages() -> None:
    for tender in (SCHOOL_CATERING, GREEN_SPACES_PRICE_ONLY, DEFENCE_UNIFORMS):
        for result in evaluate(make_snapshot(**tender), load_rules()):
            assert result.why["fr"].strip()
            assert result.why["en"].strip()
            assert result.title["fr"]
            assert result.title["en"]
            if result.outcome is Outcome.FAILED:
                assert result.action["fr"]
                assert result.action["en"]
