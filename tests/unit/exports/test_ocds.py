"""procure's OCDS release of each example tender validates against the official OCDS 1.1.5
release schema with the lots and sustainability extensions (tests/data/ocds)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from procure.exports.ocds import ocds_release, ocid
from tests.unit.documents.helpers import EXAMPLES, example

SCHEMAS = Path(__file__).parents[2] / "data" / "ocds"
DATE = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)
EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.yaml"))


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch, as OCDS applies extensions."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def validator() -> Draft4Validator:
    schema = json.loads((SCHEMAS / "release-schema.json").read_text(encoding="utf-8"))
    for extension in ("lots-release-schema.json", "sustainability-release-schema.json"):
        schema = merge_patch(schema, json.loads((SCHEMAS / extension).read_text("utf-8")))
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def release(name: str, **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {"ocid_prefix": "ocds-test01", "tender_key": "42", "date": DATE}
    return ocds_release(example(name), **{**arguments, **overrides})


def errors_of(data: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_gives_a_release_valid_against_ocds_and_its_extensions(name):
    data = release(name)
    assert errors_of(data) == []
    assert data["ocid"] == "ocds-test01-42"
    assert data["tender"]["hasSustainability"] is True


def test_the_checks_see_a_release_the_schema_refuses():
    data = release("site-internet.yaml")
    data["tender"]["lots"][0]["sustainability"] = [{"goal": "environmental", "strategies": []}]
    data["tender"]["value"]["amount"] = "lots"
    assert len(errors_of(data)) == 2


def test_a_divided_tender_gives_one_lot_and_one_cpv_item_per_lot():
    tender = release("renovation-ecole.yaml")["tender"]
    assert [lot["id"] for lot in tender["lots"]] == [f"LOT-000{n}" for n in range(1, 6)]
    assert {item["relatedLot"] for item in tender["items"]} == {lot["id"] for lot in tender["lots"]}
    assert all(item["classification"]["scheme"] == "CPV" for item in tender["items"])
    assert sum(lot["value"]["amount"] for lot in tender["lots"]) == tender["value"]["amount"]


def test_only_the_reserved_lot_pursues_sustainability_by_reserved_participation():
    lots = release("ordinateurs-portables.yaml")["tender"]["lots"]
    reserved = [
        lot["id"]
        for lot in lots
        if any("reservedParticipation" in s.get("strategies", ()) for s in lot["sustainability"])
    ]
    assert reserved == ["LOT-0002"]


def test_the_catering_tender_declares_its_goals_with_the_extension_codes():
    data = release("restauration-scolaire.yaml", language="en")
    goals = {entry["goal"] for entry in data["tender"]["sustainability"]}
    assert {
        "environmental.biodiversityProtectionRestoration",
        "environmental.waterResourcesProtection",
        "social.disadvantagedEmploymentOpportunities",
    } <= goals
    assert data["language"] == "en"
    assert data["tender"]["items"][0]["classification"]["id"] == "55524000"
    assert data["tender"]["value"] == {"amount": 1200000, "currency": "EUR"}


@pytest.mark.parametrize("prefix", ["", "ocds prefix", "ocds/1"])
def test_a_bad_ocid_prefix_is_refused_naming_the_setting(prefix):
    with pytest.raises(ValueError, match="OCDS_OCID_PREFIX"):
        ocid(prefix, "42")


def test_a_release_date_without_timezone_is_refused():
    with pytest.raises(ValueError, match="date"):
        release("site-internet.yaml", date=dt.datetime(2026, 12, 3))
