"""The CCAP defines, before the clauses, each term the chosen clauses use, once, with its
legal source in the long form; a tender whose clauses use none has no such section
(procure/library/terms.yaml, issue 15)."""

from __future__ import annotations

from procure.documents.builder import build_document
from procure.documents.parts import DocumentPart
from procure.snapshot import TenderSnapshot
from tests.factories import chosen, make_snapshot, school_catering
from tests.unit.documents.helpers import CREATED, body_text, headings, open_docx, shown

SIAE = shown(
    "SIAE : structure d'insertion par l'activité économique, c'est-à-dire une entreprise "
    "d'insertion (EI), une entreprise de travail temporaire d'insertion (ETTI), une "
    "association intermédiaire (AI) ou un atelier et chantier d'insertion (ACI)."
)


def tender(*clauses) -> TenderSnapshot:
    return make_snapshot(**school_catering(clauses=clauses))


def read(snapshot: TenderSnapshot, part: DocumentPart, language: str = "fr") -> str:
    return body_text(
        open_docx(build_document(snapshot, parts=(part,), language=language, created=CREATED))
    )


def titles(snapshot: TenderSnapshot, part: DocumentPart) -> list[str]:
    document = open_docx(build_document(snapshot, parts=(part,), created=CREATED))
    return [text for _, text in headings(document)]


def test_a_reserved_insertion_tender_defines_siae_once_with_its_source() -> None:
    ccap = read(tender(chosen("reserved-insertion")), DocumentPart.CCAP)

    assert ccap.count(SIAE) == 1
    assert shown("Fondement : article L. 5132-4 du code du travail.") in ccap
    assert shown("EA :") not in ccap  # a term no chosen clause uses is not defined


def test_the_reservation_cites_its_article_in_the_long_form() -> None:
    rc = read(tender(chosen("reserved-insertion")), DocumentPart.RC)

    assert (
        shown("Fondement de la réservation : article L. 2113-13 du code de la commande publique.")
    ) in rc


def test_two_clauses_using_the_same_term_define_it_once() -> None:
    snapshot = tender(chosen("reserved-insertion"), chosen("insertion-award-criterion"))

    assert read(snapshot, DocumentPart.CCAP).count(SIAE) == 1


def test_the_definitions_come_before_the_clauses() -> None:
    snapshot = tender(chosen("reserved-insertion"), chosen("environmental-execution-condition"))
    found = titles(snapshot, DocumentPart.CCAP)

    assert found.index("Définitions") < found.index(
        shown("Conditions d'exécution sociales et environnementales")
    )


def test_a_tender_whose_clauses_use_no_term_has_no_definitions_section() -> None:
    snapshot = tender(chosen("environmental-execution-condition"))

    assert "Définitions" not in titles(snapshot, DocumentPart.CCAP)
    assert shown("Fondement :") not in read(snapshot, DocumentPart.CCAP)


def test_a_reservation_for_disability_and_insertion_defines_ea_esat_and_siae() -> None:
    ccap = read(tender(chosen("reserved-disability-and-insertion")), DocumentPart.CCAP)

    assert (
        ccap.count(shown("EA : entreprise adaptée, qui emploie des travailleurs handicapés.")) == 1
    )
    assert ccap.count(shown("ESAT : établissement ou service d'aide par le travail")) == 1
    assert ccap.count(SIAE) == 1
    assert (
        shown("Fondement : article L. 344-2 du code de l'action sociale et des familles.") in ccap
    )


def test_a_term_used_by_a_specification_is_defined_in_the_ccap() -> None:
    ccap = read(tender(chosen("fair-trade-specification")), DocumentPart.CCAP)

    assert shown("Commerce équitable : Au sens du présent marché") in ccap
    assert (
        shown(
            "Fondement : article 60 de la loi n° 2005-882 du 2 août 2005 en faveur des petites "
            "et moyennes entreprises."
        )
        in ccap
    )


def test_the_english_ccap_defines_the_terms_in_english() -> None:
    ccap = read(tender(chosen("reserved-insertion")), DocumentPart.CCAP, language="en")

    assert "Definitions" in ccap
    assert shown("SIAE: work-integration structure (structure d'insertion", "en") in ccap
    assert shown("Legal basis: Article L5132-4 of the Labour Code.", "en") in ccap
