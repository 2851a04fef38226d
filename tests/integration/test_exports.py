"""The tender's eForms fields and OCDS release are downloaded from the links of its
documents, on both databases."""

from __future__ import annotations

import html
import json
import re

from lxml import etree

from procure.exports.eforms import CAC_NS, CBC_NS
from tests.integration.test_wizard import new_tender, walk_to_review


def export_links(page: str) -> list[str]:
    return [
        html.unescape(link) for link in re.findall(r'href="([^"]*/documents/exports/[^"]+)"', page)
    ]


def test_the_review_page_links_to_exports_that_agree_with_each_other(buyer, app):
    tender_id = new_tender(buyer)
    page = walk_to_review(buyer, tender_id)
    links = export_links(page)
    assert links == [
        f"/tenders/{tender_id}/documents/exports/eforms.xml",
        f"/tenders/{tender_id}/documents/exports/eforms.json",
        f"/tenders/{tender_id}/documents/exports/ocds.json?language=fr",
        f"/tenders/{tender_id}/documents/exports/ocds.json?language=en",
    ]
    assert "Champs eForms de l’achat stratégique, par lot (.xml)" in page
    xml, fields, release_fr, release_en = (buyer.get(link) for link in links)
    assert all(response.status_code == 200 for response in (xml, fields, release_fr, release_en))
    assert xml.mimetype == "application/xml"
    assert 'eforms_fr.xml"' in xml.headers["Content-Disposition"]
    assert 'ocds-release_en.json"' in release_en.headers["Content-Disposition"]
    data = json.loads(fields.data)
    root = etree.fromstring(xml.data)
    strategic = root.findall(
        "cac:ProcurementProjectLot/cac:ProcurementProject/cac:ProcurementAdditionalType/"
        "cbc:ProcurementTypeCode[@listName='strategic-procurement']",
        {"cac": CAC_NS, "cbc": CBC_NS},
    )
    assert [element.text for element in strategic] == data["lots"][0]["BT-06"]
    assert data["lots"][0]["BT-06"] != ["none"]
    release = json.loads(release_fr.data)
    assert release["ocid"] == f"ocds-procure-{tender_id}"
    assert release["language"] == "fr"
    assert json.loads(release_en.data)["language"] == "en"
    assert release["tender"]["hasSustainability"] is True


def test_an_unusable_ocid_prefix_is_named_and_unknown_exports_are_not_found(buyer, app):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    base = f"/tenders/{tender_id}/documents/exports"
    app.config["OCDS_OCID_PREFIX"] = "ocds prefix"
    response = buyer.get(f"{base}/ocds.json")
    assert response.status_code == 422
    assert "OCDS_OCID_PREFIX" in response.text
    assert buyer.get(f"{base}/ocds.xml").status_code == 404
    assert buyer.get(f"{base}/eforms.json?language=de").status_code == 404
