"""What a tender declares to publication platforms, as plain data: the eForms
strategic-procurement fields and an OCDS release. Pure functions from a
``TenderSnapshot`` to dicts and bytes, with no Flask and no database, so the
documents, the download pages, the CLI and the JSON API all say the same thing."""

from __future__ import annotations

import datetime as dt
import json

from procure.exports.eforms import eforms_json, eforms_xml
from procure.exports.ocds import ocds_release
from procure.snapshot import TenderSnapshot

# name -> extension -> media type: the files a publication platform reads
EXPORTS = {
    "eforms": {"xml": "application/xml", "json": "application/json"},
    "ocds": {"json": "application/json"},
}


def export_bytes(
    snapshot: TenderSnapshot,
    name: str,
    extension: str,
    *,
    ocid_prefix: str,
    tender_key: str,
    date: dt.datetime,
    language: str = "fr",
) -> bytes:
    """One of ``EXPORTS`` as the bytes of its file (JSON as UTF-8, indented)."""
    if extension not in EXPORTS.get(name, {}):
        raise ValueError(
            f"export: no {name}.{extension}; expected eforms.xml, eforms.json, ocds.json"
        )
    if name == "ocds":
        data = ocds_release(
            snapshot, ocid_prefix=ocid_prefix, tender_key=tender_key, date=date, language=language
        )
    elif extension == "xml":
        return eforms_xml(snapshot)
    else:
        data = eforms_json(snapshot)
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
