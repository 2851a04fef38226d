"""The documents of a contract divided into lots: the RC lists the lots with their
reservation and criteria, clauses say which lots they apply to and are written once per
group of lots sharing their values, the grid has a sheet per lot, the note lists the
lots; an undivided contract's RC says why it is not divided."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import openpyxl
import pytest

from procure.documents.builder import build_document
from procure.documents.parts import DocumentPart
from procure.documents.scoring_grid import build_scoring_grid
from procure.snapshot import UNSPLIT_RULE, Criterion, TenderSnapshot
from procure.vocabulary import CriterionKind
from tests.factories import make_snapshot
from tests.unit.documents.helpers import CREATED, body_text, example, open_docx, shown

RESERVATION = "Réservation du marché et conditions de participation"
SIAE_TITLE = "Marché ou lot réservé aux structures d'insertion par l'activité économique"
INSERTION_TITLE = "Clause d'insertion sociale en heures de travail"


def read(snapshot: TenderSnapshot, part: DocumentPart, language: str = "fr") -> str:
    data = build_document(snapshot, parts=(part,), language=language, created=CREATED)
    return body_text(open_docx(data))


def body(snapshot: TenderSnapshot, part: DocumentPart, language: str = "fr") -> str:
    """The part's text after its table of contents."""
    data = build_document(snapshot, parts=(part,), language=language, created=CREATED)
    document = open_docx(data)
    paragraphs = [p.text for p in document.paragraphs if not p.style.name.lower().startswith("toc")]
    return "\n".join(paragraphs)


def between(text: str, start: str, end: str | None) -> str:
    begin = text.index(start)
    stop = text.index(end, begin + len(start)) if end else len(text)
    return text[begin:stop]


@pytest.fixture(scope="module")
def renovation() -> TenderSnapshot:
    return example("renovation-ecole.yaml")


@pytest.fixture(scope="module")
def renovation_rc(renovation: TenderSnapshot) -> str:
    return body(renovation, DocumentPart.RC)


def lot_section(rc: str, number: int, title: str, following: str) -> str:
    return between(rc, shown(f"Lot n° {number} : {title}"), following)


LOTS = [
    (1, "Gros œuvre et isolation", "1 400 000"),
    (2, "Menuiseries extérieures", "900 000"),
    (3, "Électricité", "500 000"),
    (4, "Plomberie et ventilation", "450 000"),
    (5, "Peinture", "250 000"),
]


def sections(rc: str) -> dict[int, str]:
    # the reservation's heading, not lot 5's reference to it
    ends = [shown(f"Lot n° {n} : {t}") for n, t, _ in LOTS[1:]] + ["\n" + RESERVATION]
    return {n: lot_section(rc, n, t, end) for (n, t, _), end in zip(LOTS, ends, strict=True)}


def test_the_rc_lists_each_lot_with_its_cpv_value_and_criteria(renovation_rc: str) -> None:
    assert shown("Allotissement") in renovation_rc
    assert "divisé en 5 lots" in renovation_rc
    parts = sections(renovation_rc)
    assert len(parts) == 5
    for number, _, value in LOTS:
        section = parts[number]
        assert shown(f"Montant estimé HT : {value} €") in section
        assert shown("Prix : 50 %") in section
        assert shown("Performance environnementale du chantier : 20 %") in section
    assert shown("Code CPV principal : 45442100-8") in parts[5]
    assert shown("Ventilation double flux et reprise des réseaux sanitaires.") in parts[4]
    # a duration only where it differs from the contract's 18 months
    assert shown("Durée : 12 mois") in parts[4]
    assert shown("Durée : 6 mois") in parts[5]
    assert "Durée" not in parts[1]


def test_the_rc_names_lot_5s_siae_reservation_for_lot_5_only(renovation_rc: str) -> None:
    parts = sections(renovation_rc)
    assert shown(f"Lot réservé : {SIAE_TITLE}") in parts[5]
    for number in (1, 2, 3, 4):
        assert "réservé" not in parts[number]
    reservation = between(renovation_rc, RESERVATION, shown("Publicité de la réservation"))
    assert shown("Lot concerné : lot 5") in reservation


def test_a_lot_with_its_own_criteria_lists_them_in_the_rc_and_its_grid_sheet(
    renovation: TenderSnapshot,
) -> None:
    own = (
        Criterion(kind=CriterionKind.PRICE, label="Prix", weight=Decimal(70)),
        Criterion(kind=CriterionKind.TECHNICAL, label="Valeur technique", weight=Decimal(30)),
    )
    snapshot = dataclasses.replace(renovation, lot_criteria={3: own})
    parts = sections(body(snapshot, DocumentPart.RC))
    assert shown("Prix : 70 %") in parts[3]
    assert "Performance environnementale" not in parts[3]
    assert shown("Prix : 50 %") in parts[2]

    workbook = openpyxl.load_workbook(io.BytesIO(build_scoring_grid(snapshot)))
    assert workbook.sheetnames == ["Lot 1", "Lot 2", "Lot 3", "Lot 4", "Lot 5"]
    assert workbook["Lot 3"]["B5"].value == "Prix (70\u202f%)"
    assert workbook["Lot 3"]["A1"].value.endswith("lot n° 3 : Électricité")
    headers = [cell.value for cell in workbook["Lot 1"][5] if cell.value]
    assert "Performance environnementale du chantier (20\u202f%)" in headers
    assert not any("Performance" in str(c.value) for c in workbook["Lot 3"][5])


def test_lots_with_their_own_criteria_get_their_own_table_and_assessment_in_the_rc(
    renovation: TenderSnapshot,
) -> None:
    own = (
        Criterion(kind=CriterionKind.PRICE, label="", weight=Decimal(70)),
        Criterion(kind=CriterionKind.TECHNICAL, label="", weight=Decimal(30)),
    )
    snapshot = dataclasses.replace(
        renovation, lot_criteria={3: own, 4: own}, lot_price_formulas={3: "linear", 4: "linear"}
    )
    rc = read(snapshot, DocumentPart.RC)  # with the tables
    rc = rc[rc.rindex(shown("Critères d'attribution et pondération")) :]  # after the contents
    criteria = between(
        rc, shown("Critères d'attribution et pondération"), "Appréciation des critères"
    )
    assert "Chaque lot est attribué séparément, selon les critères" in criteria
    # lots 1, 2 and 5 share the contract's criteria, lots 3 and 4 their own
    assert between(criteria, shown("Lots 1, 2 et 5"), "Lots 3 et 4").count(shown("50 %")) == 1
    assert shown("70 %") in between(criteria, "Lots 3 et 4", None)
    assessment = between(rc, "Appréciation des critères", shown("Vérification des engagements"))
    assert shown("Lots 1, 2 et 5 — Prix (50 %)") in assessment
    assert shown("Lots 3 et 4 — Prix (70 %)") in assessment
    assert shown("Lots 1, 2 et 5 — Performance environnementale du chantier (20 %)") in assessment
    assert "Lots 3 et 4 — Performance" not in assessment
    # each group's price is scored with its own formula
    linear = between(assessment, shown("Lots 3 et 4 — Prix (70 %)"), "Lots 3 et 4 — Valeur")
    assert shown("2 − montant de l'offre examinée") in linear
    proportional = between(assessment, shown("Lots 1, 2 et 5 — Prix"), "Lots 1, 2 et 5 — Valeur")
    assert (
        shown("montant de l'offre la moins disante ÷ montant de l'offre examinée") in proportional
    )


def test_lots_judged_alike_share_one_criteria_table(renovation_rc: str) -> None:
    criteria = between(
        renovation_rc, shown("Critères d'attribution et pondération"), "Appréciation des critères"
    )
    assert "selon les mêmes critères et la même pondération" in criteria
    assert "Lots 1" not in criteria


def test_a_lot_scored_with_the_linear_price_formula_gets_it_in_its_grid_sheet(
    renovation: TenderSnapshot,
) -> None:
    snapshot = dataclasses.replace(renovation, lot_price_formulas={2: "linear"})
    workbook = openpyxl.load_workbook(io.BytesIO(build_scoring_grid(snapshot)))
    assert workbook["Lot 2"]["C9"].value == '=IF(N(B9)>0,MAX(0,2-B9/MIN($B$9:$B$13))*C$8,"")'
    assert workbook["Lot 1"]["C9"].value == '=IF(N(B9)>0,MIN($B$9:$B$13)/B9*C$8,"")'
    notes = [str(c.value) for c in workbook["Lot 2"]["A"] if c.value]
    assert any("zéro à partir du double du montant le plus bas" in n for n in notes)


def test_the_grid_of_a_divided_contract_has_a_sheet_per_lot(renovation: TenderSnapshot) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(build_scoring_grid(renovation, language="en")))
    assert len(workbook.sheetnames) == 5
    assert workbook["Lot 2"]["B5"].value == "Prix (50%)"


def test_an_undivided_grid_keeps_one_sheet() -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(build_scoring_grid(example("restauration-scolaire.yaml")))
    )
    assert workbook.sheetnames == ["Grille"]


def test_the_ccap_writes_insertion_hours_once_per_lot_with_its_own_hours(
    renovation: TenderSnapshot,
) -> None:
    ccap = body(renovation, DocumentPart.CCAP)
    clause = between(ccap, shown(INSERTION_TITLE), shown("Suivi et compte rendu"))
    assert shown("Lots concernés : lots 1 et 2") in clause
    lot_1 = between(clause, shown("Lot concerné : lot 1"), shown("Lot concerné : lot 2"))
    lot_2 = between(clause, shown("Lot concerné : lot 2"), None)
    assert shown("au moins 1 167 heures de travail") in lot_1
    assert shown("au moins 600 heures de travail") in lot_2
    assert shown("1 167") not in lot_2
    assert shown("600 heures") not in lot_1


def test_a_clause_on_every_lot_reads_as_for_an_undivided_contract(
    renovation: TenderSnapshot,
) -> None:
    ccap = body(renovation, DocumentPart.CCAP)
    plan = between(ccap, shown("Plan de gestion"), shown("Justificatifs et contrôle"))
    assert "concerné" not in plan
    assert "Tous les lots" not in plan


def test_the_cctp_says_which_lots_a_specification_applies_to_in_english(
    renovation: TenderSnapshot,
) -> None:
    cctp = body(renovation, DocumentPart.CCTP, "en")
    assert "Applies to lot 1" in cctp
    assert "Applies to lots 1, 2 and 5" in cctp  # indoor air: structure, windows, painting
    assert "Applies to lots 3 and 4" in cctp  # energy-efficient equipment


def test_the_note_lists_the_lots_and_each_clauses_lots(renovation: TenderSnapshot) -> None:
    note = read(renovation, DocumentPart.NOTE)
    assert "Nombre de lots" not in note
    for number, title, value in LOTS:
        assert shown(f"Lot n° {number} : {title} ({value} €)") in note
    assert shown("Lots concernés : lots 1 et 2") in note
    assert shown("Lot concerné : lot 5") in note
    assert "Tous les lots" in note


def test_an_undivided_rc_states_why_the_contract_is_not_divided() -> None:
    snapshot = example("site-internet.yaml")
    rc = body(snapshot, DocumentPart.RC)
    section = between(rc, shown("Absence d'allotissement"), shown("Critères d'attribution"))
    assert shown("article L. 2113-11") in section
    assert shown(snapshot.purchase.unsplit_reason.strip()[:80]) in section
    assert shown("Allotissement") not in rc.replace(shown("Absence d'allotissement"), "")


def test_an_undivided_rc_takes_the_lots_rule_justification_or_says_none_was_given() -> None:
    justified = make_snapshot(justifications={UNSPLIT_RULE: "Une seule prestation indivisible."})
    assert shown("Une seule prestation indivisible.") in body(justified, DocumentPart.RC)
    bare = body(make_snapshot(), DocumentPart.RC)
    assert shown("Aucun motif n'a été indiqué") in bare
    assert "Lot" not in bare.replace("lots", "")


def test_the_note_computes_insertion_hours_lot_by_lot(renovation: TenderSnapshot) -> None:
    note = read(renovation, DocumentPart.NOTE)
    computation = between(note, shown("Calcul des heures d'insertion\nLe volume"), "BT-06")
    lot_1 = between(computation, shown(f"{INSERTION_TITLE} — lot n° 1"), "lot n° 2")
    lot_2 = between(computation, shown(f"{INSERTION_TITLE} — lot n° 2"), None)
    # the lot's value and labour share (1 400 000 × 50 %), not the contract's 3 500 000 × 40 %
    assert shown("Montant estimé du lot HT") in lot_1
    assert shown("1 400 000 € × 50 %") in lot_1
    assert shown("Heures inscrites dans la clause : 1 167 h.") in lot_1
    assert shown("900 000 € × 40 %") in lot_2
    assert shown("Heures inscrites dans la clause : 600 h.") in lot_2
    assert "3 500 000" not in computation.replace("\u202f", " ").replace("\xa0", " ")
    assert "diffère" not in computation


def test_the_ccap_penalties_and_indicators_name_the_lots_of_a_clause(
    renovation: TenderSnapshot,
) -> None:
    ccap = body(renovation, DocumentPart.CCAP)
    penalties = between(ccap, "\nPénalités\n", None)
    # the same penalty for both lots (their hours differ, not the penalty): written once
    assert shown(f"{INSERTION_TITLE} (Lots concernés : lots 1 et 2). ") in penalties
    assert penalties.count(shown(INSERTION_TITLE)) == 1
    table = read(renovation, DocumentPart.CCAP)
    assert shown(f"{INSERTION_TITLE}\nLots concernés : lots 1 et 2") in table
