"""Clauses cite the article that carries the duty they restate (legal audit, issue 15).

Articles come from shared/FACTS.md only: §10.8 (code rural), §10.9 (code de
l'environnement, PEMD, RE2020); where FACTS gives no article (§10.15: illegal work and
the carte BTP), the clause cites the text as a whole and the reference stays unverified.
"""

from __future__ import annotations

import pytest

from procure.library.content import ClauseContent
from procure.library.legal import find_reference
from tests.factories import clause_library

SEVEN_STREAMS = {
    "fr": [
        "papier et carton",
        "métal",
        "plastique",
        "verre",
        "bois",
        "fraction minérale",
        "plâtre",
    ],
    "en": [
        "paper and cardboard",
        "metal",
        "plastic",
        "glass",
        "wood",
        "mineral fraction",
        "plaster",
    ],
}


def cites(slug: str) -> set[tuple[str, str | None]]:
    content = ClauseContent.from_mapping(clause_library()[slug].content)
    return {(basis.code, basis.article) for basis in content.legal_basis}


def test_the_diner_information_clause_cites_l230_5_3_not_l230_5_1() -> None:
    found = cites("egalim-diner-information")

    assert ("CRPM", "L230-5-3") in found
    assert ("CRPM", "L230-5-1") not in found


def test_the_diner_information_follows_the_version_in_force_since_2022() -> None:
    text = clause_library()["egalim-diner-information"].content["text"]["fr"]

    assert "à l'entrée du restaurant" in text
    assert "projets alimentaires territoriaux" in text


def test_the_protein_plan_cites_l230_5_4() -> None:
    assert ("CRPM", "L230-5-4") in cites("catering-protein-diversification-plan")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_site_waste_plan_sorts_the_seven_streams_of_the_environment_code(
    language: str,
) -> None:
    text = clause_library()["worksite-waste-management-plan"].content["text"][language]

    assert [stream for stream in SEVEN_STREAMS[language] if stream not in text] == []
    assert {("CENV", "L541-21-2"), ("CENV", "D543-278")} <= cites("worksite-waste-management-plan")


@pytest.mark.parametrize(
    ("slug", "reference"),
    [
        ("green-spaces-zero-pesticide", ("CRPM", "L253-7")),
        ("catering-food-donation-agreement", ("CENV", "L541-15-6")),
        ("school-drinking-water-no-plastic-bottles", ("CENV", "L541-15-10")),
        ("re2020-new-building-compliance", ("D-2021-1004", None)),
        ("re2020-new-building-compliance", ("CCONSTR", "R171-1")),
        ("pemd-diagnosis-follow-through", ("CCONSTR", "L126-34")),
        ("pemd-diagnosis-follow-through", ("CCONSTR", "R126-10")),
        ("pemd-diagnosis-follow-through", ("AGEC", "51")),
        ("waste-collection-low-emission-vehicles", ("CENV", "L224-7")),
        ("works-illegal-work-btp-card", ("CTRAV", None)),
    ],
)
def test_a_clause_for_an_audit_gap_cites_the_text_that_carries_the_duty(
    slug: str, reference: tuple[str, str | None]
) -> None:
    assert reference in cites(slug)


def test_a_text_cited_as_a_whole_for_want_of_an_article_stays_unverified() -> None:
    labour_code = find_reference("CTRAV", None)
    zero_pesticide = find_reference("CRPM", "L253-7")

    assert labour_code is not None
    assert labour_code.verified is False
    assert zero_pesticide is not None
    assert zero_pesticide.verified is True
