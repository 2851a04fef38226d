"""The eForms strategic-procurement fields of the five example tenders, as JSON, as the
XML fragment, and as the justification note prints them."""

from __future__ import annotations

from functools import cache

import pytest
from lxml import etree

from procure.documents.builder import build_document
from procure.documents.parts import DocumentPart
from procure.exports.eforms import CAC_NS, CBC_NS, eforms_json, eforms_xml
from procure.snapshot import TenderSnapshot
from tests.unit.documents.helpers import example, open_docx

NS = {"cac": CAC_NS, "cbc": CBC_NS}
CODE_FIELDS = ("BT-06", "BT-774", "BT-775", "BT-805", "BT-71")


@cache
def snapshot(name: str) -> TenderSnapshot:
    return example(name)


def codes(fields: dict) -> dict[str, list[str]]:
    return {name: fields[name] for name in CODE_FIELDS}


# Expected per lot: (BT-06, BT-774, BT-775, BT-805, BT-71)
EXPECTED = {
    "nettoyage-bureaux.yaml": [
        (
            ["env-imp", "soc-obj"],
            ["circ-econ", "clim-mitig", "pollu-prev"],
            ["opp", "work-cond"],
            [],
            ["none"],
        )
    ],
    "site-internet.yaml": [
        (
            ["env-imp", "soc-obj"],
            ["circ-econ", "clim-mitig", "pollu-prev"],
            ["acc-all", "opp"],
            [],
            ["none"],
        )
    ],
    "restauration-scolaire.yaml": [
        (
            ["env-imp", "soc-obj"],
            ["biodiv-eco", "circ-econ", "clim-mitig", "pollu-prev", "water-mar", "other"],
            ["opp", "other"],
            [],
            ["none"],
        )
    ],
    "ordinateurs-portables.yaml": [
        (
            ["env-imp", "soc-obj"],
            ["circ-econ", "clim-mitig"],
            ["hum-right", "work-cond"],
            [],
            ["none"],
        ),
        (["env-imp", "soc-obj"], ["circ-econ"], ["hum-right", "opp", "work-cond"], [], ["res-ws"]),
    ],
    "renovation-ecole.yaml": [
        *[
            (
                ["env-imp", "soc-obj"],
                ["circ-econ", "clim-mitig", "pollu-prev"],
                ["opp"],
                [],
                ["none"],
            )
        ]
        * 2,
        *[(["env-imp"], ["circ-econ", "clim-mitig", "pollu-prev"], [], [], ["none"])] * 2,
        (
            ["env-imp", "soc-obj"],
            ["circ-econ", "clim-mitig", "pollu-prev"],
            ["opp"],
            [],
            ["res-ws"],
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_lot_declares_the_codes_its_clauses_call_for(name):
    data = eforms_json(snapshot(name))
    lots = [tuple(codes(lot).values()) for lot in data["lots"]]
    assert lots == EXPECTED[name]
    assert [lot["id"] for lot in data["lots"]] == [
        f"LOT-{n:04d}" for n in range(1, len(EXPECTED[name]) + 1)
    ]
    for lot in data["lots"]:
        assert set(lot["BT-777"]) == {"fr", "en"}
        assert all(0 < len(text) <= 6000 for text in lot["BT-777"].values())


def test_a_reserved_lot_gives_bt71_for_that_lot_only_and_the_tender_declares_it():
    data = eforms_json(snapshot("ordinateurs-portables.yaml"))
    assert {lot["number"]: lot["BT-71"] for lot in data["lots"]} == {1: ["none"], 2: ["res-ws"]}
    assert data["tender"]["BT-71"] == ["res-ws"]
    assert data["tender"]["BT-775"] == ["hum-right", "opp", "work-cond"]


def test_the_xml_fragment_uses_the_eforms_elements_for_each_field():
    root = etree.fromstring(eforms_xml(snapshot("ordinateurs-portables.yaml")))
    lots = root.findall("cac:ProcurementProjectLot", NS)
    assert [lot.findtext("cbc:ID", namespaces=NS) for lot in lots] == ["LOT-0001", "LOT-0002"]
    assert lots[1].find("cbc:ID", NS).get("schemeName") == "Lot"

    def listed(lot, list_name: str) -> list[str]:
        path = (
            "cac:ProcurementProject/cac:ProcurementAdditionalType/"
            f"cbc:ProcurementTypeCode[@listName='{list_name}']"
        )
        return [element.text for element in lot.findall(path, NS)]

    assert listed(lots[1], "strategic-procurement") == ["env-imp", "soc-obj"]
    assert listed(lots[1], "environmental-impact") == ["circ-econ"]
    assert listed(lots[1], "social-objective") == ["hum-right", "opp", "work-cond"]
    assert listed(lots[1], "gpp-criteria") == []
    reserved = lots[1].findall(
        "cac:TenderingTerms/cac:TendererQualificationRequest/cac:SpecificTendererRequirement/"
        "cbc:TendererRequirementTypeCode[@listName='reserved-procurement']",
        NS,
    )
    assert [element.text for element in reserved] == ["res-ws"]
    descriptions = lots[0].findall(
        "cac:ProcurementProject/cac:ProcurementAdditionalType/cbc:ProcurementType", NS
    )
    assert {element.get("languageID") for element in descriptions} == {"FRA", "ENG"}
    children = [etree.QName(child).localname for child in lots[0]]
    assert children == ["ID", "TenderingTerms", "ProcurementProject"]


def test_a_tender_without_strategic_clauses_declares_none_and_no_bt777():
    bare = snapshot("site-internet.yaml").__class__(
        purchase=snapshot("site-internet.yaml").purchase,
        context=snapshot("site-internet.yaml").context,
    )
    data = eforms_json(bare)
    assert codes(data["tender"]) == {
        "BT-06": ["none"],
        "BT-774": [],
        "BT-775": [],
        "BT-805": ["none"],
        "BT-71": ["none"],
    }
    assert data["tender"]["BT-777"] == {}
    root = etree.fromstring(eforms_xml(bare))
    assert root.find(".//cbc:ProcurementType", NS) is None


@pytest.mark.parametrize("name", ["ordinateurs-portables.yaml", "restauration-scolaire.yaml"])
def test_the_justification_note_prints_the_codes_of_the_export(name):
    note = open_docx(build_document(snapshot(name), language="en", parts=(DocumentPart.NOTE,)))
    printed: dict[str, list[str]] = {}
    field = ""
    for table in note.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if len(cells) != 3 or not (cells[0].startswith("BT-") or (field and not cells[0])):
                field = ""
                continue
            field = cells[0].split(" ")[0] if cells[0] else field
            if cells[1] != "no code":
                printed.setdefault(field, []).append(cells[1])
    expected = {
        name: values
        for name, values in codes(eforms_json(snapshot(name))["tender"]).items()
        if values
    }
    assert printed == expected
