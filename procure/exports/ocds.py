"""An Open Contracting Data Standard release for a tender (OCDS 1.1, with the lots and
sustainability extensions): the tender, its lots, one item per CPV code, the estimated
value, and how each lot pursues sustainability goals.

Sustainability is read from the same eForms codes as the notice (``procure.exports.
eforms``), so the two exports cannot disagree: BT-06, BT-774 and BT-775 codes become
``sustainabilityGoal`` codes, the kinds of the clauses that give them become
``sustainabilityStrategy`` codes, BT-805 becomes the GPP-criteria strategies, and the
description names those clauses. The goal codes are those of the extension's own code
list; pairing each eForms code with the goal of the same wording is our reading.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from procure.exports.eforms import (
    DESCRIPTION_SEPARATORS,
    LotFields,
    lot_fields,
    lot_id,
    tender_fields,
)
from procure.snapshot import ChosenClause, TenderSnapshot
from procure.vocabulary import STRATEGY_OF_KIND, ContractType

# (eForms code list, code) -> OCDS sustainabilityGoal code
GOALS: dict[tuple[str, str], str] = {
    ("strategic", "inn-pur"): "economic.innovativePurchase",
    ("environmental", "biodiv-eco"): "environmental.biodiversityProtectionRestoration",
    ("environmental", "circ-econ"): "environmental.circularEconomy",
    ("environmental", "clim-adapt"): "environmental.climateChangeAdaptation",
    ("environmental", "clim-mitig"): "environmental.climateChangeMitigation",
    ("environmental", "pollu-prev"): "environmental.pollutionPrevention",
    ("environmental", "water-mar"): "environmental.waterResourcesProtection",
    ("environmental", "other"): "environmental",
    ("social", "acc-all"): "social.accessibility",
    ("social", "et-eq"): "social.ethnicEquality",
    ("social", "gen-eq"): "social.genderEquality",
    ("social", "hum-right"): "social.humanRightsInSupplyChains",
    ("social", "opp"): "social.disadvantagedEmploymentOpportunities",
    ("social", "work-cond"): "social.laborRightsPromotion",
    ("social", "other"): "social",
}
# BT-805 code -> OCDS sustainabilityStrategy code, for environmental goals
GPP_STRATEGIES = {
    "eu": "euGPPCriteria",
    "national": "nationalGPPCriteria",
    "other": "otherGPPCriteria",
}
CATEGORIES = {
    ContractType.WORKS: "works",
    ContractType.SUPPLIES: "goods",
    ContractType.SERVICES: "services",
}
# A placeholder until the publisher registers its own ocds-xxxxxx prefix with the Open
# Contracting Partnership (setting OCDS_OCID_PREFIX, build-tender --ocid-prefix).
DEFAULT_OCID_PREFIX = "ocds-procure"
PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9-]+$")


def _amount(value: Decimal) -> dict[str, Any]:
    number = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": "EUR"}


def _sustainability(
    fields: LotFields, clauses: Sequence[ChosenClause], language: str
) -> list[dict[str, Any]]:
    """One entry per goal, with the strategies and the titles of the clauses that pursue
    it."""
    strategies: dict[str, set[str]] = {}
    titles: dict[str, list[str]] = {}
    for clause in clauses:
        strategy = STRATEGY_OF_KIND.get(clause.kind)
        title = clause.content.title.get(language) or clause.slug
        for name, codes in clause.eforms.items():
            for code in codes:
                goal = GOALS.get((name, code))
                if goal is None:
                    continue
                strategies.setdefault(goal, set()).update({strategy} if strategy else set())
                if title not in titles.setdefault(goal, []):
                    titles[goal].append(title)
    gpp = {GPP_STRATEGIES[code] for code in fields.codes.gpp if code in GPP_STRATEGIES}
    result = []
    for goal in sorted(strategies):
        used = strategies[goal] | (gpp if goal.startswith("environmental") else set())
        entry: dict[str, Any] = {
            "goal": goal,
            "description": DESCRIPTION_SEPARATORS[language].join(titles[goal]),
        }
        if used:
            entry["strategies"] = sorted(used)
        result.append(entry)
    return result


def _with_sustainability(
    data: dict[str, Any], fields: LotFields, clauses: Sequence[ChosenClause], language: str
) -> dict[str, Any]:
    sustainability = _sustainability(fields, clauses, language)
    data["hasSustainability"] = bool(sustainability)
    if sustainability:
        data["sustainability"] = sustainability
    return data


def _items(snapshot: TenderSnapshot) -> list[dict[str, Any]]:
    """One item per lot (or for the contract), classified by its main CPV code, the
    additional codes as additional classifications."""
    purchase = snapshot.purchase
    rows = (
        [(lot_id(i), lot.title, lot.cpv_codes) for i, lot in enumerate(purchase.lots, start=1)]
        if purchase.is_divided
        else [(lot_id(1), purchase.title, purchase.cpv_codes)]
    )
    items = []
    for index, (related_lot, title, codes) in enumerate(rows, start=1):
        item: dict[str, Any] = {
            "id": str(index),
            "description": title,
            "classification": {"scheme": "CPV", "id": codes[0]},
            "relatedLot": related_lot,
        }
        if codes[1:]:
            item["additionalClassifications"] = [
                {"scheme": "CPV", "id": code} for code in codes[1:]
            ]
        items.append(item)
    return items


def _lots(snapshot: TenderSnapshot, language: str) -> list[dict[str, Any]]:
    purchase = snapshot.purchase
    if not purchase.is_divided:
        (fields,) = lot_fields(snapshot)
        lot = {
            "id": fields.lot_id,
            "title": purchase.title,
            "value": _amount(purchase.estimated_value),
        }
        return [_with_sustainability(lot, fields, snapshot.clauses, language)]
    lots = []
    for fields in lot_fields(snapshot):
        assert fields.number is not None
        own = purchase.lot(fields.number)
        lot = {"id": fields.lot_id, "title": own.title, "value": _amount(own.estimated_value)}
        if own.description:
            lot["description"] = own.description
        view = snapshot.for_lot(fields.number)
        lots.append(_with_sustainability(lot, fields, view.clauses, language))
    return lots


def ocid(prefix: str, tender_key: str) -> str:
    """The contracting process's identifier: the publisher's prefix, then the tender's
    own key."""
    if not prefix or not PREFIX_PATTERN.match(prefix):
        raise ValueError(
            f"OCDS_OCID_PREFIX (build-tender --ocid-prefix): '{prefix}' is not an ocid "
            "prefix; use letters, digits and hyphens, such as the ocds-xxxxxx prefix "
            "registered for the publisher"
        )
    if not tender_key.strip():
        raise ValueError("tender: an OCDS release needs the tender's identifier")
    return f"{prefix}-{tender_key.strip()}"


def ocds_release(
    snapshot: TenderSnapshot,
    *,
    ocid_prefix: str,
    tender_key: str,
    date: dt.datetime,
    language: str = "fr",
) -> dict[str, Any]:
    """The tender as an OCDS release, at ``date`` (timezone-aware)."""
    if date.tzinfo is None:
        raise ValueError("date: the release date needs a timezone")
    purchase = snapshot.purchase
    identifier = ocid(ocid_prefix, tender_key)
    stamp = date.astimezone(dt.UTC)
    buyer = {"id": "buyer", "name": purchase.organisation_name}
    tender: dict[str, Any] = {
        "id": purchase.reference or tender_key,
        "title": purchase.title,
        "description": purchase.subject,
        "status": "planning",
        "mainProcurementCategory": CATEGORIES[purchase.contract_type],
        "procurementMethodDetails": str(purchase.procedure),
        "value": _amount(purchase.estimated_value),
        "items": _items(snapshot),
        "lots": _lots(snapshot, language),
    }
    _with_sustainability(tender, tender_fields(snapshot), snapshot.clauses, language)
    return {
        "ocid": identifier,
        "id": f"{identifier}-{stamp:%Y%m%dT%H%M%SZ}",
        "date": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tag": ["tender"],
        "initiationType": "tender",
        "language": language,
        "parties": [{**buyer, "roles": ["buyer"]}],
        "buyer": buyer,
        "tender": tender,
    }
