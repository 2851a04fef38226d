"""The right clause in the right document: what a lawyer finds in the RC, the CCAP, the
CCTP, and what never reaches the published dossier (issue 13, point 5)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest

from procure.documents.builder import build_document, build_zip
from procure.documents.parts import ALL_PARTS, DocumentPart
from procure.formatting import NNBSP
from procure.snapshot import Criterion, SubCriterion, TenderSnapshot
from procure.vocabulary import CriterionKind
from tests.factories import chosen, make_snapshot, school_catering
from tests.unit.documents.helpers import CREATED, body_text, headings, open_docx, shown

RESERVATION_HEADING = "Réservation du marché et conditions de participation"
RESERVED_INSERTION = shown(
    "Marché ou lot réservé aux structures d'insertion par l'activité économique"
)
SELECTION = shown("Capacité du candidat à mettre en œuvre une démarche d'insertion professionnelle")
CONDITION = shown(
    "Condition d'exécution environnementale : gestion environnementale des prestations"
)
SPECIFICATION = "Menu végétarien hebdomadaire et option végétarienne quotidienne"
R2113_7 = shown(
    "Conformément à l'article R. 2113-7 du code de la commande publique, la décision de "
    "procéder à cette réservation est mentionnée dans l'avis d'appel à la concurrence ou, "
    "en l'absence d'avis, dans le présent règlement de la consultation."
)


def tender(*clauses, criteria=None) -> TenderSnapshot:
    overrides = {"clauses": clauses}
    if criteria is not None:
        overrides["criteria"] = criteria
    return make_snapshot(**school_catering(**overrides))


def read(snapshot: TenderSnapshot, part: DocumentPart, language: str = "fr") -> str:
    return body_text(
        open_docx(build_document(snapshot, parts=(part,), language=language, created=CREATED))
    )


def titles(snapshot: TenderSnapshot, part: DocumentPart) -> list[str]:
    data = build_document(snapshot, parts=(part,), created=CREATED)
    return [text for _, text in headings(open_docx(data))]


def mixed() -> TenderSnapshot:
    """One clause of each kind, the award criterion weighted with sub-criteria."""
    return tender(
        chosen("reserved-insertion", reserved_scope="le présent marché"),
        chosen("insertion-capacity-selection"),
        chosen("food-direct-supply-award", criterion_weight=20),
        chosen("environmental-execution-condition"),
        chosen("vegetarian-menu"),
        criteria=(
            Criterion(CriterionKind.PRICE, "Prix", Decimal(80)),
            Criterion(
                CriterionKind.CLAUSE,
                "",
                Decimal(20),
                slug="food-direct-supply-award",
                subcriteria=(
                    SubCriterion("Part des produits en circuit court", Decimal(75)),
                    SubCriterion("Traçabilité", Decimal(25)),
                ),
            ),
        ),
    )


# -- 1. which document holds which kind of clause ------------------------------------
def test_a_reservation_and_its_conditions_of_participation_are_in_the_rc_not_the_ccap() -> None:
    snapshot = mixed()
    rc, ccap = read(snapshot, DocumentPart.RC), read(snapshot, DocumentPart.CCAP)
    assert RESERVATION_HEADING in titles(snapshot, DocumentPart.RC)
    assert RESERVED_INSERTION in titles(snapshot, DocumentPart.RC)
    assert shown("le présent marché est réservé aux structures d'insertion") in rc
    assert shown("À l'appui de sa candidature, chaque candidat produit :") in rc
    assert shown("Les candidatures qui n'y satisfont pas sont rejetées.") in rc
    assert shown("Contrôle des conditions : Lors de l'examen des candidatures") in rc
    assert RESERVED_INSERTION not in ccap
    assert "réservé" not in ccap


def test_the_rc_holds_the_reservation_then_the_selection_then_the_award_criteria() -> None:
    level_one = [
        text
        for style, text in headings(
            open_docx(build_document(mixed(), parts=(DocumentPart.RC,), created=CREATED))
        )
        if style == "Heading1"
    ]
    assert level_one == [
        shown("Absence d'allotissement"),
        RESERVATION_HEADING,
        "Capacités des candidats",
        shown("Critères d'attribution et pondération"),
        "Appréciation des critères",
        shown("Vérification des engagements pris dans l'offre"),
    ]


def test_selection_and_award_criteria_with_their_points_are_in_the_rc_only() -> None:
    snapshot = mixed()
    rc = read(snapshot, DocumentPart.RC)
    assert SELECTION in titles(snapshot, DocumentPart.RC)
    short_supply = "Part des produits en circuit court"
    assert shown(f"{short_supply} : 75{NNBSP}% de la note du critère (15 points)") in rc
    assert shown(f"Traçabilité : 25{NNBSP}% de la note du critère (5 points)") in rc
    assert shown("Ce critère est noté sur 20 points selon les modalités suivantes.") in rc
    for part in (DocumentPart.CCAP, DocumentPart.CCTP):
        text = read(snapshot, part)
        assert SELECTION not in text
        assert "circuit court" not in text
        assert "points" not in text


def test_execution_conditions_are_in_the_ccap_and_specifications_in_the_cctp() -> None:
    snapshot = mixed()
    assert CONDITION in titles(snapshot, DocumentPart.CCAP)
    assert SPECIFICATION in titles(snapshot, DocumentPart.CCTP)
    for part in (DocumentPart.RC, DocumentPart.CCTP):
        assert CONDITION not in titles(snapshot, part)
    for part in (DocumentPart.RC, DocumentPart.CCAP):
        assert SPECIFICATION not in titles(snapshot, part)


# -- 2. the reservation article and the notice -----------------------------------------
@pytest.mark.parametrize(
    ("slug", "basis"),
    [
        ("reserved-insertion", "article L. 2113-13 du code de la commande publique"),
        ("reserved-disability", "article L. 2113-12 du code de la commande publique"),
        (
            "reserved-disability-and-insertion",
            "articles L. 2113-12, L. 2113-13 et L. 2113-14 du code de la commande publique",
        ),
    ],
)
def test_the_rc_cites_the_reservation_article_and_r2113_7_for_the_notice(
    slug: str, basis: str
) -> None:
    rc = read(tender(chosen(slug)), DocumentPart.RC)
    assert shown(f"Fondement de la réservation : {basis}.") in rc
    assert "Publicité de la réservation" in rc
    assert R2113_7 in rc
    assert "déclarez la participation réservée (BT-71) avec le code res-ws." in rc


def test_an_ess_reservation_cites_l2113_15_and_its_notice_without_a_disputed_article() -> None:
    rc = read(tender(chosen("reserved-ess-services")), DocumentPart.RC)
    assert (
        shown("Fondement de la réservation : article L. 2113-15 du code de la commande publique.")
        in rc
    )
    assert (
        shown(
            "La réservation prévue à l'article L. 2113-15 du code de la commande publique est "
            "mentionnée dans l'avis d'appel à la concurrence ou, en l'absence d'avis, dans le "
            "présent règlement de la consultation."
        )
        in rc
    )
    for article in ("R2113-7", "R. 2113-7", "R2113-8", "R. 2113-8"):
        assert shown(article) not in rc
    assert "avec le code res-pub-ser." in rc


def test_the_english_rc_cites_the_reservation_article_and_the_notice() -> None:
    rc = read(tender(chosen("reserved-insertion")), DocumentPart.RC, language="en")
    assert "Legal basis: Article L2113-13 of the French Public Procurement Code." in rc
    assert (
        "In accordance with Article R2113-7 of the French Public Procurement Code, the "
        "decision to make this reservation is stated in the contract notice" in rc
    )


def test_an_rc_without_a_reservation_says_nothing_about_reservations() -> None:
    snapshot = tender(chosen("insertion-capacity-selection"), chosen("food-direct-supply-award"))
    rc = read(snapshot, DocumentPart.RC)
    for words in (
        "Réservation",
        "réservation",
        "réservé",
        # the reservation articles (L2113-11, on not dividing into lots, may be cited)
        *(f"L{a}" for a in ("2113-12", "2113-13", "2113-14", "2113-15")),
        *(f"L. {a}" for a in ("2113-12", "2113-13", "2113-14", "2113-15")),
        "R2113-7",
        "R. 2113-7",
        "BT-71",
    ):
        assert words not in rc


# -- 3. a CCTP never says that no specification was chosen -------------------------------
def test_a_cctp_without_a_specification_has_no_such_section_and_no_sentence_saying_so() -> None:
    snapshot = tender(chosen("environmental-execution-condition"))
    cctp = read(snapshot, DocumentPart.CCTP)
    assert "Spécifications techniques" not in cctp
    assert "Aucune spécification" not in cctp
    assert shown("n'a été retenue") not in cctp
    assert "Les spécifications qui suivent" not in cctp  # no introduction to nothing
    dossier = open_docx(build_document(snapshot, created=CREATED))
    assert "Cahier des clauses techniques particulières" not in [t for _, t in headings(dossier)]


def test_a_cctp_with_a_specification_keeps_its_section() -> None:
    cctp = read(tender(chosen("vegetarian-menu")), DocumentPart.CCTP)
    assert "Spécifications techniques" in cctp
    assert "Les spécifications qui suivent" in cctp


# -- 4. the published dossier never holds the internal note --------------------------
def test_the_combined_dossier_never_holds_the_justification_note() -> None:
    snapshot = make_snapshot(**school_catering())
    dossier = open_docx(build_document(snapshot, created=CREATED))
    level_one = [text for style, text in headings(dossier) if style == "Heading1"]
    assert level_one == [
        "Règlement de la consultation",
        "Cahier des clauses administratives particulières",
        "Cahier des clauses techniques particulières",
    ]
    text = body_text(dossier)
    assert "Note de justification" not in text
    assert "Cette note interne" not in text
    assert "Contrôle de conformité" not in text


def test_the_note_cannot_be_bound_with_the_published_parts() -> None:
    snapshot = make_snapshot(**school_catering())
    with pytest.raises(ValueError, match="justification note"):
        build_document(snapshot, parts=ALL_PARTS)
    with pytest.raises(ValueError, match="justification note"):
        build_document(snapshot, parts=(DocumentPart.RC, DocumentPart.NOTE))
    note = read(snapshot, DocumentPart.NOTE)
    assert "Cette note interne" in note


def test_the_zip_holds_the_published_documents_and_not_the_note() -> None:
    archive = zipfile.ZipFile(
        io.BytesIO(build_zip(make_snapshot(**school_catering()), created=CREATED))
    )
    assert archive.namelist() == [
        "2026-RS-01_RC_fr.docx",
        "2026-RS-01_CCAP_fr.docx",
        "2026-RS-01_CCTP_fr.docx",
        "2026-RS-01_grille_fr.xlsx",
    ]
