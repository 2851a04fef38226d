"""The eForms strategic-procurement fields a tender declares, per lot: the one source
for the justification note, the XML fragment and the JSON export.

Code lists (FACTS §5, eForms SDK 1.16): BT-06 ``strategic-procurement``, BT-774
``environmental-impact``, BT-775 ``social-objective``, BT-805 ``gpp-criteria``, BT-71
``reserved-procurement``; BT-777 is free text, mandatory whenever BT-06 holds a code
other than ``none``.

- BT-06, BT-774, BT-775 are the union of the chosen clauses' ``eforms`` codes, in the
  order of the official code lists.
- BT-805 is the union of the clauses' ``eforms.gpp`` codes. No clause of ours claims to
  follow a GPP criteria set unless its file says so: without any, a tender with no green
  code declares ``none`` and a tender with green codes leaves BT-805 to the buyer.
- BT-71 follows from reserved-contract clauses: a reservation under L2113-12, L2113-13
  or L2113-14 is ``res-ws``; one under L2113-15 is ``res-pub-ser``; otherwise ``none``.

The XML element names and paths are those of the eForms SDK's ``fields/fields.json``
(OP-TED/eForms-SDK, commit 3242fbf, sdkVersion eforms-sdk-1.16.0-SNAPSHOT), e.g. BT-06-Lot:
``cac:ProcurementProjectLot[cbc:ID/@schemeName='Lot']/cac:ProcurementProject/
cac:ProcurementAdditionalType[cbc:ProcurementTypeCode/@listName='strategic-procurement']
/cbc:ProcurementTypeCode``; BT-777-Lot is ``cbc:ProcurementType`` in that same element;
BT-71-Lot is ``cac:TenderingTerms/cac:TendererQualificationRequest/
cac:SpecificTendererRequirement/cbc:TendererRequirementTypeCode[@listName=
'reserved-procurement']``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from procure.snapshot import ChosenClause, TenderSnapshot
from procure.vocabulary import (
    EFORMS_ENVIRONMENTAL,
    EFORMS_GPP,
    EFORMS_SOCIAL,
    EFORMS_STRATEGIC,
    ClauseKind,
)

SDK_VERSION = "eforms-sdk-1.16"
RESERVED_CODES = ("res-ws", "res-pub-ser", "none")
SHELTERED_ARTICLES = frozenset({"L2113-12", "L2113-13", "L2113-14"})
PUBLIC_SERVICE_ARTICLES = frozenset({"L2113-15"})
BT777_MAX = 6000

# The fields in the order they are declared, with their code list (None: free text).
LIST_NAMES: dict[str, str] = {
    "BT-06": "strategic-procurement",
    "BT-774": "environmental-impact",
    "BT-775": "social-objective",
    "BT-805": "gpp-criteria",
    "BT-71": "reserved-procurement",
}
CODE_FIELDS = tuple(LIST_NAMES)

# The BT-777 draft, in the languages of the documents: the clause titles after a lead.
DESCRIPTION_TEMPLATES = {
    "fr": "Le marché intègre les considérations sociales et environnementales suivantes : "
    "{titles}.",
    "en": "The contract builds in the following social and environmental considerations: {titles}.",
}
DESCRIPTION_SEPARATORS = {"fr": "\u202f; ", "en": "; "}
# eForms names languages with ISO 639-3 codes in upper case.
EFORMS_LANGUAGES = {"fr": "FRA", "en": "ENG"}

CBC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
# The fragment's own wrapper: eForms has no element holding lots alone.
FRAGMENT_NS = "urn:procure:eforms-strategic-procurement:1"
NSMAP = {"cac": CAC_NS, "cbc": CBC_NS, None: FRAGMENT_NS}


@dataclass(frozen=True)
class EformsCodes:
    """The codes the clauses call for, before ``none`` fills the empty fields."""

    strategic: tuple[str, ...] = ()  # BT-06
    environmental: tuple[str, ...] = ()  # BT-774
    social: tuple[str, ...] = ()  # BT-775
    gpp: tuple[str, ...] = ()  # BT-805
    reserved: tuple[str, ...] = ()  # BT-71

    @property
    def needs_description(self) -> bool:
        """BT-777 is mandatory when BT-06 holds a code other than ``none``."""
        return any(code != "none" for code in self.strategic)

    def declared(self) -> dict[str, tuple[str, ...]]:
        """Field -> the codes to declare, ``none`` where the code list has it and no
        clause gives a code; a field with no code is left to the buyer."""
        gpp = self.gpp or (() if self.environmental else ("none",))
        return {
            "BT-06": self.strategic or ("none",),
            "BT-774": self.environmental,
            "BT-775": self.social,
            "BT-805": gpp,
            "BT-71": self.reserved or ("none",),
        }


@dataclass(frozen=True)
class LotFields:
    """The strategic-procurement fields of one eForms lot."""

    lot_id: str  # "LOT-0001", as eForms numbers lots
    number: int | None  # procure's lot number; None: the contract is not divided
    title: str
    codes: EformsCodes
    description: Mapping[str, str] = field(default_factory=dict)  # BT-777 by language


def _ordered(codes: Iterable[str], order: tuple[str, ...]) -> tuple[str, ...]:
    wanted = set(codes)
    known = [code for code in order if code in wanted]
    return (*known, *sorted(wanted - set(order)))


def reserved_codes(clause: ChosenClause) -> set[str]:
    codes = set(clause.eforms.get("reserved") or ())
    if clause.kind is ClauseKind.RESERVED_CONTRACT:
        for basis in clause.content.legal_basis:
            if basis.code != "CCP":
                continue
            article = str(basis.article)
            if article in SHELTERED_ARTICLES:
                codes.add("res-ws")
            elif article in PUBLIC_SERVICE_ARTICLES:
                codes.add("res-pub-ser")
    return codes


def collect_codes(clauses: Iterable[ChosenClause]) -> EformsCodes:
    strategic: set[str] = set()
    environmental: set[str] = set()
    social: set[str] = set()
    gpp: set[str] = set()
    reserved: set[str] = set()
    for clause in clauses:
        eforms = clause.eforms
        strategic.update(eforms.get("strategic") or ())
        environmental.update(eforms.get("environmental") or ())
        social.update(eforms.get("social") or ())
        gpp.update(eforms.get("gpp") or ())
        reserved.update(reserved_codes(clause))
    for codes in (strategic, gpp, reserved):
        if len(codes) > 1:
            codes.discard("none")
    return EformsCodes(
        strategic=_ordered(strategic, EFORMS_STRATEGIC),
        environmental=_ordered(environmental, EFORMS_ENVIRONMENTAL),
        social=_ordered(social, EFORMS_SOCIAL),
        gpp=_ordered(gpp, EFORMS_GPP),
        reserved=_ordered(reserved, RESERVED_CODES),
    )


def suggested_description(template: str, separator: str, titles: Iterable[str]) -> str:
    """A BT-777 draft from clause titles, cut to the field's 6,000 characters."""
    text = template.format(titles=separator.join(titles))
    return text if len(text) <= BT777_MAX else text[: BT777_MAX - 1] + "…"


def strategic_description(clauses: Iterable[ChosenClause], language: str) -> str:
    """The BT-777 draft in ``language``: the titles of the clauses that give a BT-06 code."""
    return suggested_description(
        DESCRIPTION_TEMPLATES[language],
        DESCRIPTION_SEPARATORS[language],
        (
            clause.content.title.get(language) or clause.slug
            for clause in clauses
            if clause.eforms.get("strategic")
        ),
    )


def _lot_fields(
    lot_id: str, number: int | None, title: str, clauses: Sequence[ChosenClause]
) -> LotFields:
    codes = collect_codes(clauses)
    description = (
        {language: strategic_description(clauses, language) for language in EFORMS_LANGUAGES}
        if codes.needs_description
        else {}
    )
    return LotFields(lot_id, number, title, codes, description)


def lot_id(index: int) -> str:
    return f"LOT-{index:04d}"


def lot_fields(snapshot: TenderSnapshot) -> tuple[LotFields, ...]:
    """One entry per lot in lot order; one ``LOT-0001`` for a contract not divided."""
    purchase = snapshot.purchase
    if not purchase.is_divided:
        return (_lot_fields(lot_id(1), None, purchase.title, snapshot.clauses),)
    return tuple(
        _lot_fields(
            lot_id(index), number, purchase.lot(number).title, snapshot.for_lot(number).clauses
        )
        for index, number in enumerate(purchase.lot_numbers, start=1)
    )


def tender_fields(snapshot: TenderSnapshot) -> LotFields:
    """The fields of the whole tender: every chosen clause, whatever lot it applies to
    (what the justification note declares)."""
    return _lot_fields("", None, snapshot.purchase.title, snapshot.clauses)


def _fields_json(fields: LotFields) -> dict[str, Any]:
    data: dict[str, Any] = {name: list(codes) for name, codes in fields.codes.declared().items()}
    data["BT-777"] = dict(fields.description)
    return data


def eforms_json(snapshot: TenderSnapshot) -> dict[str, Any]:
    """The fields as JSON: the whole tender's, then each lot's."""
    return {
        "sdk": SDK_VERSION,
        "reference": snapshot.purchase.reference,
        "title": snapshot.purchase.title,
        "tender": _fields_json(tender_fields(snapshot)),
        "lots": [
            {"id": lot.lot_id, "number": lot.number, "title": lot.title, **_fields_json(lot)}
            for lot in lot_fields(snapshot)
        ],
    }


def _cbc(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC_NS}}}{name}", attributes)
    element.text = text
    return element


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC_NS}}}{name}")


def _lot_element(parent: etree._Element, fields: LotFields) -> None:
    lot = _cac(parent, "ProcurementProjectLot")
    _cbc(lot, "ID", fields.lot_id, schemeName="Lot")
    declared = fields.codes.declared()
    # UBL order: TenderingTerms comes before ProcurementProject.
    terms = _cac(lot, "TenderingTerms")
    request = _cac(terms, "TendererQualificationRequest")
    for code in declared["BT-71"]:
        requirement = _cac(request, "SpecificTendererRequirement")
        _cbc(requirement, "TendererRequirementTypeCode", code, listName=LIST_NAMES["BT-71"])
    project = _cac(lot, "ProcurementProject")
    for name in ("BT-06", "BT-774", "BT-775", "BT-805"):
        for code in declared[name]:
            additional = _cac(project, "ProcurementAdditionalType")
            _cbc(additional, "ProcurementTypeCode", code, listName=LIST_NAMES[name])
            if name == "BT-06" and code != "none":
                for language, text in fields.description.items():
                    _cbc(additional, "ProcurementType", text, languageID=EFORMS_LANGUAGES[language])


def eforms_xml(snapshot: TenderSnapshot) -> bytes:
    """The fields as an XML fragment: one ``cac:ProcurementProjectLot`` per lot, with the
    eForms element names, inside a wrapper of ours."""
    root = etree.Element(f"{{{FRAGMENT_NS}}}StrategicProcurement", nsmap=NSMAP)
    root.set("sdkVersion", SDK_VERSION)
    for fields in lot_fields(snapshot):
        _lot_element(root, fields)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
