"""The corrections the legal audit of the clause library asked for (issue 15), each
checked on the real clause files so that a later edit cannot undo it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from procure.library.content import ClauseContent
from procure.library.families import families_of
from procure.snapshot import Purchase
from procure.tenders.fit import LibraryEntry, is_applicable
from procure.vocabulary import ContractType
from tests.factories import make_purchase
from tests.unit.library import test_content

SELECTION_CLAUSES = (
    "insertion-capacity-selection",
    "environmental-management-capacity",
    "reuse-refurbishment-capacity-selection",
    "works-environmental-management-capacity",
)
LABEL_CLAUSES = (
    "ecolabel-or-equivalent",
    "recycled-paper-content",
    "circularity-award-criterion",
    "fair-trade-award-criterion",
    "fair-trade-specification",
    "fair-trade-coffee-tea-cocoa",
    "it-ecolabel-tco-epeat",
)


@pytest.fixture(scope="module")
def library() -> dict[str, ClauseContent]:
    return test_content.library()


def cited(content: ClauseContent) -> set[tuple[str, str | None]]:
    return {(basis.code, basis.article) for basis in content.legal_basis}


@pytest.mark.parametrize("clause_id", SELECTION_CLAUSES)
def test_a_selection_criterion_cites_the_selection_articles(
    library: dict[str, ClauseContent], clause_id: str
) -> None:
    references = cited(library[clause_id])

    assert {
        ("CCP", "L2142-1"),
        ("CCP", "R2142-1"),
        ("CCP", "R2142-2"),
        ("CCP", "R2142-13"),
        ("ARR-2019-03-22", "3"),
    } <= references
    assert ("CCP", "L2112-2-1") not in references


@pytest.mark.parametrize("clause_id", LABEL_CLAUSES)
def test_a_clause_requiring_a_label_cites_the_corrected_label_articles(
    library: dict[str, ClauseContent], clause_id: str
) -> None:
    """R2111-13 lets the buyer require a label, R2111-16 makes it accept equivalent
    labels and R2111-17 other proof (FACTS §10.3); R2111-12 only defines a label."""
    content = library[clause_id]

    assert {("CCP", "R2111-13"), ("CCP", "R2111-16"), ("CCP", "R2111-17")} <= cited(content)
    assert ("CCP", "R2111-12") not in cited(content)
    for language in ("fr", "en"):
        assert "R2111-12" not in content.guidance[language]


@pytest.mark.parametrize(
    "clause_id", ["energy-efficient-equipment", "hazardous-substances-restriction"]
)
def test_a_clause_requiring_no_label_does_not_cite_the_equivalent_labels_article(
    library: dict[str, ClauseContent], clause_id: str
) -> None:
    assert ("CCP", "R2111-16") not in cited(library[clause_id])


def test_the_energy_performance_guarantee_cites_the_global_performance_contract(
    library: dict[str, ClauseContent],
) -> None:
    content = library["building-energy-performance-guarantee"]

    assert ("CCP", "L2171-3") in cited(content)
    assert "L2171-3" in content.guidance["fr"]


def test_the_it_take_back_is_open_to_any_reuse_operator(
    library: dict[str, ClauseContent],
) -> None:
    text = library["it-takeback-reuse-sector"].text["fr"]

    assert "quel que soit leur statut" in text
    assert "structures équivalentes" in text
    assert "structures de l'économie sociale et solidaire" not in text


def test_the_insertion_clause_lists_the_eligible_publics_it_penalises_on(
    library: dict[str, ClauseContent],
) -> None:
    content = library["insertion-hours"]
    text = content.text["fr"]

    assert content.penalty is not None
    for public in (
        "demandeurs d'emploi de longue durée",
        "minima sociaux",
        "travailleurs reconnus handicapés",
        "moins de vingt-six ans",
        "plus de cinquante ans",
        "quartiers prioritaires de la politique de la ville",
        "insertion par l'activité économique",
        "groupement d'employeurs pour l'insertion et la qualification",
    ):
        assert public in text
    assert "confirmée par {{ facilitator }}" in text


def entry(library: dict[str, ClauseContent], clause_id: str) -> LibraryEntry:
    return LibraryEntry(slug=clause_id, version=1, content=library[clause_id])


def fits(library: dict[str, ClauseContent], clause_id: str, purchase: Purchase) -> bool:
    families = families_of(purchase.contract_type, purchase.cpv_codes)
    return is_applicable(entry(library, clause_id), purchase, families)


@pytest.mark.parametrize("cpv", ["39130000-2", "18110000-3"])
def test_furniture_and_textiles_get_the_articles_clause_not_the_cleaning_products_one(
    library: dict[str, ClauseContent], cpv: str
) -> None:
    buy = make_purchase(
        contract_type=ContractType.SUPPLIES, cpv_main=cpv, estimated_value=Decimal(200_000)
    )

    assert not fits(library, "hazardous-substances-restriction", buy)
    assert fits(library, "textile-furniture-hazardous-substances", buy)
    assert "doses" not in library["textile-furniture-hazardous-substances"].text["fr"]


def test_the_cleaning_products_clause_no_longer_speaks_of_minimum_doses(
    library: dict[str, ClauseContent],
) -> None:
    assert "doses minimales" not in library["hazardous-substances-restriction"].text["fr"]
