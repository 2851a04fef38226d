"""The organisation's tenders: the list, and one tender with its lots, its chosen
clauses with their values and its compliance results, as the wizard's pages compute
them (``snapshot_of`` and ``procure.compliance.check``)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields, validate

from procure.api.v1.access import api_reader, reads_api
from procure.api.v1.core import ApiBlueprint
from procure.api.v1.schemas import BilingualSchema, LegalBasisSchema, PageSchema, UtcDateTime
from procure.compliance import check, summary
from procure.compliance.results import RuleResult
from procure.db import get_session
from procure.models import Tender
from procure.snapshot import ChosenClause, Lot
from procure.tenders.access import organisation_tenders, tender_in
from procure.tenders.library import library_titles
from procure.tenders.snapshots import snapshot_of

bp = ApiBlueprint("api_tenders", __name__, url_prefix="/api/v1", description="Tenders")
MAX_PER_PAGE = 100


class TenderQuerySchema(Schema):
    page = fields.Integer(validate=validate.Range(min=1, max=100_000), load_default=1)
    per_page = fields.Integer(validate=validate.Range(min=1, max=MAX_PER_PAGE), load_default=20)


class TenderSummarySchema(Schema):
    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    current_step = fields.Integer(required=True)
    ambition = fields.String(allow_none=True, required=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)


class TenderPageSchema(PageSchema):
    items = fields.List(fields.Nested(TenderSummarySchema), required=True)


class LotSchema(Schema):
    number = fields.Integer(required=True)
    key = fields.String(required=True)
    title = fields.String(required=True)
    cpv_main = fields.String(required=True)
    cpv_additional = fields.List(fields.String(), required=True)
    estimated_value = fields.String(
        required=True, metadata={"description": "EUR excl. VAT, as a decimal string"}
    )
    duration_months = fields.Integer(allow_none=True, required=True)


class PurchaseSchema(Schema):
    subject = fields.String(required=True)
    contract_type = fields.String(required=True)
    procedure = fields.String(required=True)
    cpv_main = fields.String(required=True)
    cpv_additional = fields.List(fields.String(), required=True)
    estimated_value = fields.String(
        required=True, metadata={"description": "EUR excl. VAT, as a decimal string"}
    )
    duration_months = fields.Integer(required=True)
    launch_date = fields.Date(required=True)


class ChosenClauseSchema(Schema):
    slug = fields.String(required=True)
    version = fields.Integer(required=True)
    kind = fields.String(required=True)
    grouping = fields.String(required=True)
    title = fields.Nested(BilingualSchema, required=True)
    lots = fields.List(fields.Integer(), required=True, metadata={"description": "Empty: all"})
    values = fields.Dict(keys=fields.String(), required=True)
    lot_values = fields.Dict(
        keys=fields.String(), values=fields.Dict(keys=fields.String()), required=True
    )
    adapted = fields.Boolean(required=True, metadata={"description": "Wording rewritten"})
    approved_hash = fields.String(allow_none=True, required=True)


class RuleResultSchema(Schema):
    rule_id = fields.String(required=True)
    title = fields.Nested(BilingualSchema, required=True)
    severity = fields.String(required=True)
    outcome = fields.String(required=True)
    why = fields.Nested(BilingualSchema, required=True)
    action = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    lots = fields.List(fields.Integer(), required=True)
    legal_basis = fields.List(fields.Nested(LegalBasisSchema), required=True)
    justification = fields.String(required=True)


class ComplianceSchema(Schema):
    blocks_download = fields.Boolean(required=True)
    by_outcome = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    results = fields.List(fields.Nested(RuleResultSchema), required=True)


class TenderSchema(TenderSummarySchema):
    purchase = fields.Nested(PurchaseSchema, allow_none=True, required=True)
    lots = fields.List(fields.Nested(LotSchema), required=True)
    clauses = fields.List(fields.Nested(ChosenClauseSchema), required=True)
    compliance = fields.Nested(
        ComplianceSchema,
        allow_none=True,
        required=True,
        metadata={"description": "null until the wizard's first two steps are saved"},
    )


@bp.get("/tenders")
@reads_api
@bp.arguments(TenderQuerySchema, location="query", as_kwargs=True)
@bp.response(200, TenderPageSchema)
def list_tenders(page: int, per_page: int) -> dict[str, Any]:
    """The organisation's tenders, most recently changed first."""
    tenders, total = organisation_tenders(
        get_session(), api_reader().organisation_id, page=page, per_page=per_page
    )
    return {
        "items": [_summary(tender) for tender in tenders],
        "total": total,
        "page": page,
        "pages": max(1, math.ceil(total / per_page)),
        "per_page": per_page,
    }


@bp.get("/tenders/<int:tender_id>")
@reads_api
@bp.response(200, TenderSchema)
def get_tender(tender_id: int) -> dict[str, Any]:
    """One tender of the organisation with its lots, chosen clauses and compliance."""
    session = get_session()
    tender = tender_in(session, api_reader().organisation_id, tender_id)
    snapshot = snapshot_of(tender)
    if snapshot is None:
        return {**_summary(tender), "purchase": None, "lots": [], "clauses": [], "compliance": None}
    results = check(snapshot, library_titles(session, tender.organisation_id))
    overview = summary(results)
    purchase = snapshot.purchase
    return {
        **_summary(tender),
        "purchase": {
            "subject": purchase.subject,
            "contract_type": purchase.contract_type,
            "procedure": purchase.procedure,
            "cpv_main": purchase.cpv_main,
            "cpv_additional": list(purchase.cpv_additional),
            "estimated_value": _money(purchase.estimated_value),
            "duration_months": purchase.duration_months,
            "launch_date": purchase.launch_date,
        },
        "lots": [_lot(lot) for lot in purchase.lots],
        "clauses": [_clause(clause) for clause in snapshot.clauses],
        "compliance": {
            "blocks_download": overview.blocks_download,
            "by_outcome": {str(outcome): count for outcome, count in overview.by_outcome.items()},
            "results": [_result(result) for result in results],
        },
    }


def _summary(tender: Tender) -> dict[str, Any]:
    return {
        "id": tender.id,
        "reference": tender.reference,
        "title": tender.title,
        "status": tender.status,
        "current_step": tender.current_step,
        "ambition": tender.ambition,
        "created_at": tender.created_at,
        "updated_at": tender.updated_at,
    }


def _lot(lot: Lot) -> dict[str, Any]:
    return {
        "number": lot.number,
        "key": lot.key,
        "title": lot.title,
        "cpv_main": lot.cpv_main,
        "cpv_additional": list(lot.cpv_additional),
        "estimated_value": _money(lot.estimated_value),
        "duration_months": lot.duration_months,
    }


def _clause(clause: ChosenClause) -> dict[str, Any]:
    return {
        "slug": clause.slug,
        "version": clause.version,
        "kind": clause.kind,
        "grouping": clause.grouping,
        "title": clause.content.title,
        "lots": list(clause.lots),
        "values": _plain(clause.values),
        "lot_values": {str(lot): _plain(values) for lot, values in clause.lot_values.items()},
        "adapted": clause.is_adapted,
        "approved_hash": clause.approved_hash,
    }


def _result(result: RuleResult) -> dict[str, Any]:
    return {
        "rule_id": result.rule_id,
        "title": result.title,
        "severity": result.severity,
        "outcome": result.outcome,
        "why": result.why,
        "action": result.action,
        "lots": list(result.lots),
        "legal_basis": [{"code": code, "article": article} for code, article in result.legal_basis],
        "justification": result.justification,
    }


def _money(value: Decimal) -> str:
    return format(value, "f")


def _plain(value: Any) -> Any:
    """Clause values as JSON: decimals as strings, so that no cent is lost."""
    if isinstance(value, Decimal):
        return _money(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
