"""Factories and readers shared by the document tests (no app, no database)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from lxml import etree

from procure.documents.fields import field_results
from procure.documents.ooxml import W_NS, w
from procure.documents.tender_file import library_index, read_tender_file
from procure.library.schema import ClauseFile
from procure.snapshot import (
    ChosenClause,
    Context,
    Criterion,
    Purchase,
    SubCriterion,
    TenderSnapshot,
)
from procure.vocabulary import (
    ClauseGrouping,
    ClauseKind,
    ContractType,
    CriterionKind,
    OrganisationCategory,
    Pillar,
    Procedure,
    Theme,
)

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
CREATED = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)
NS = {"w": W_NS}


@cache
def library() -> dict[str, ClauseFile]:
    """The real clause library, read once per test session."""
    return library_index(ROOT / "clauses")


def example(name: str) -> TenderSnapshot:
    return read_tender_file(EXAMPLES / name, library())


def chosen(clause_id: str, *, reason: str = "", **values: Any) -> ChosenClause:
    clause = library()[clause_id]
    content = clause.content
    return ChosenClause(
        clause_id=clause_id,
        version=clause.version or 1,
        kind=ClauseKind(content["kind"]),
        pillars=frozenset(Pillar(p) for p in content["pillars"]),
        themes=frozenset(Theme(t) for t in content["themes"]),
        grouping=ClauseGrouping.RECOMMENDED,
        content=content,
        values=dict(values),
        reason={"fr": reason} if reason else {},
    )


def make_snapshot(**overrides: Any) -> TenderSnapshot:
    """A small catering tender; ``purchase``/``context`` overrides replace fields."""
    purchase_fields = {
        "title": "Restauration scolaire",
        "organisation_name": "Commune d'Essai",
        "buyer_category": OrganisationCategory.SUB_CENTRAL,
        "subject": "Repas livrés",
        "contract_type": ContractType.SERVICES,
        "defence_or_security": False,
        "cpv_main": "55524000-9",
        "cpv_additional": ("55523100-3",),
        "estimated_value": Decimal(1_200_000),
        "duration_months": 48,
        "lots": 1,
        "procedure": Procedure.ADAPTED,
        "launch_date": dt.date(2026, 12, 1),
        "reference": "2026-RS-01",
        **overrides.pop("purchase", {}),
    }
    context_fields = {"labour_share": Decimal(40), "catering": True, **overrides.pop("context", {})}
    defaults: dict[str, Any] = {
        "clauses": (
            chosen(
                "insertion-hours",
                reason="Au-dessus du seuil européen.",
                insertion_hours=857,
                insertion_rate=5,
                hourly_cost=28,
            ),
            chosen("egalim-quality-share", organic_share=25),
            chosen("vegetarian-menu"),
            chosen("food-direct-supply-award", criterion_weight=20),
            chosen("circularity-award-criterion"),
            chosen("reserved-insertion"),
            chosen("egalim-shares-reporting"),
        ),
        "criteria": (
            Criterion(CriterionKind.PRICE, "Prix", Decimal(40)),
            Criterion(
                CriterionKind.TECHNICAL,
                "Valeur technique",
                Decimal(40),
                subcriteria=(
                    SubCriterion("Qualité des repas", Decimal(60)),
                    SubCriterion("Organisation", Decimal(40)),
                ),
            ),
            Criterion(CriterionKind.CLAUSE, "", Decimal(20), clause_id="food-direct-supply-award"),
        ),
    }
    defaults.update(overrides)
    return TenderSnapshot(
        purchase=Purchase(**purchase_fields), context=Context(**context_fields), **defaults
    )


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def all_parts_parse(data: bytes) -> None:
    """Every XML part of the package is well-formed (raises otherwise)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


def body_text(document: DocxDocument) -> str:
    """All text of the body, paragraphs and table cells, in document order."""
    return "\n".join(
        "".join(t.text or "" for t in p.iter(w("t"))) for p in document.element.body.iter(w("p"))
    )


def headings(document: DocxDocument) -> list[tuple[str, str]]:
    """(style id, text) of every paragraph whose style is a heading style."""
    result = []
    for paragraph in document.element.body.iter(w("p")):
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        if style is not None and style.get(w("val")).startswith("Heading"):
            result.append(
                (style.get(w("val")), "".join(t.text or "" for t in paragraph.iter(w("t"))))
            )
    return result


def contents_entries(data: bytes) -> list[str]:
    """The text of each table-of-contents entry, a tab shown as ``\\t``."""
    [toc] = field_results(part_xml(data, "word/document.xml"), "TOC")
    return [
        "".join(
            "\t" if element.tag == w("tab") else element.text or ""
            for element in paragraph.iter(w("t"), w("tab"))
            if element.getparent().tag == w("r")
        )
        for paragraph in toc.paragraphs
    ]


def paged_entries(data: bytes) -> list[tuple[str, int]]:
    """(entry, page) of each contents entry; fails on an entry without a page number."""
    entries = []
    for entry in contents_entries(data):
        text, tab, page = entry.rpartition("\t")
        assert tab, f"contents entry without a page number: {entry!r}"
        assert page.isdigit(), f"contents entry without a page number: {entry!r}"
        entries.append((text, int(page)))
    return entries


def is_refreshed(data: bytes) -> bool:
    """Whether the fields were refreshed on the server (Word is no longer asked to)."""
    return part_xml(data, "word/settings.xml").find(w("updateFields")) is None
