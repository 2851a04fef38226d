"""The clause library: the list with the filters and search of ``/library``, and one
clause with its versions and legal bases in both languages."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from marshmallow import Schema, fields, validate

from procure.api.v1.access import ApiReader, api_reader, reads_api
from procure.api.v1.core import ApiBlueprint
from procure.api.v1.schemas import BilingualSchema, LegalBasisSchema, PageSchema, UtcDateTime
from procure.catalog.queries import library_query
from procure.db import get_session
from procure.library.search import search_library
from procure.models import Clause, ClauseVersion
from procure.models.base import MAX_ID
from procure.vocabulary import LANGUAGES, ClauseKind, ClauseStatus, ContractType, Pillar, Theme

bp = ApiBlueprint("api_clauses", __name__, url_prefix="/api/v1", description="Clause library")
MAX_PER_PAGE = 100


def _one_of(values: Any) -> validate.OneOf:
    return validate.OneOf([str(value) for value in values])


class ClauseQuerySchema(Schema):
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "Words"})
    theme = fields.List(fields.String(validate=_one_of(Theme)))
    pillar = fields.List(fields.String(validate=_one_of(Pillar)))
    kind = fields.List(fields.String(validate=_one_of(ClauseKind)))
    contract_type = fields.List(fields.String(validate=_one_of(ContractType)))
    status = fields.List(fields.String(validate=_one_of(ClauseStatus)))
    cpv = fields.String(
        validate=validate.Regexp(r"^\d{2,8}(-\d)?$", error="Give a CPV code such as 55524000."),
        metadata={"description": "Clauses that fit this CPV code"},
    )
    language = fields.String(
        validate=_one_of(LANGUAGES), metadata={"description": "Language of the search"}
    )
    page = fields.Integer(validate=validate.Range(min=1, max=10_000), load_default=1)
    per_page = fields.Integer(validate=validate.Range(min=1, max=MAX_PER_PAGE), load_default=20)


class ClauseSummarySchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    own = fields.Boolean(required=True, metadata={"description": "The organisation's own"})
    version = fields.Integer(required=True)
    status = fields.String(required=True)
    kind = fields.String(required=True)
    ambition = fields.String(required=True)
    title = fields.Nested(BilingualSchema, required=True)
    themes = fields.List(fields.String(), required=True)
    pillars = fields.List(fields.String(), required=True)
    contract_types = fields.List(fields.String(), required=True)


class ClausePageSchema(PageSchema):
    items = fields.List(fields.Nested(ClauseSummarySchema), required=True)
    facets = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Integer()),
        required=True,
        metadata={"description": "For each filter, how many clauses have each value"},
    )


class ClauseVersionSchema(Schema):
    number = fields.Integer(required=True)
    status = fields.String(required=True)
    kind = fields.String(required=True)
    ambition = fields.String(required=True)
    title = fields.Nested(BilingualSchema, required=True)
    text = fields.Nested(BilingualSchema, required=True)
    guidance = fields.Nested(BilingualSchema, required=True)
    verification = fields.Nested(BilingualSchema, required=True)
    penalty = fields.Nested(BilingualSchema, allow_none=True, required=True)
    legal_basis = fields.List(fields.Nested(LegalBasisSchema), required=True)
    themes = fields.List(fields.String(), required=True)
    pillars = fields.List(fields.String(), required=True)
    contract_types = fields.List(fields.String(), required=True)
    cpv_prefixes = fields.List(fields.String(), required=True)
    variables = fields.List(fields.String(), required=True)
    content_hash = fields.String(required=True)
    approved_hash = fields.String(allow_none=True, required=True)
    created_at = UtcDateTime(required=True)


class ClauseSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    folder = fields.String(required=True)
    own = fields.Boolean(required=True)
    versions = fields.List(fields.Nested(ClauseVersionSchema), required=True)


@bp.get("/clauses")
@reads_api
@bp.arguments(ClauseQuerySchema, location="query", as_kwargs=True)
@bp.response(200, ClausePageSchema)
def list_clauses(**arguments: Any) -> dict[str, Any]:
    """The library as ``/library`` lists it, with its filters and search."""
    reader = api_reader()
    query = library_query(
        request.args,
        reader,
        language=arguments.get("language") or "fr",
        page_size=arguments["per_page"],
    )
    found = search_library(get_session(), query)
    return {
        "items": [_summary(version) for version in found.items],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "per_page": query.page_size,
        "facets": {name: dict(counts) for name, counts in found.facets.items()},
    }


@bp.get("/clauses/<int:clause_id>")
@reads_api
@bp.response(200, ClauseSchema)
def get_clause(clause_id: int) -> dict[str, Any]:
    """One clause of the library or of the organisation, with the versions the reader
    may read."""
    reader = api_reader()
    clause = _visible_clause(reader, clause_id)
    versions = [v for v in clause.versions if reader.is_legal_staff or _approved(v)]
    if not versions:
        abort(404)
    return {
        "id": clause.id,
        "slug": clause.slug,
        "folder": clause.folder,
        "own": clause.organisation_id is not None,
        "versions": [_version(version) for version in versions],
    }


def _visible_clause(reader: ApiReader, clause_id: int) -> Clause:
    """Reference clauses and the reader's organisation's own; others do not exist."""
    clause = get_session().get(Clause, clause_id) if 0 < clause_id <= MAX_ID else None
    if clause is None or clause.organisation_id not in (None, reader.organisation_id):
        abort(404)
    return clause


def _approved(version: ClauseVersion) -> bool:
    return version.status == ClauseStatus.APPROVED


def _summary(version: ClauseVersion) -> dict[str, Any]:
    content = version.clause_content
    return {
        "id": version.clause_id,
        "slug": version.clause.slug,
        "own": version.clause.organisation_id is not None,
        "version": version.number,
        "status": version.status,
        "kind": version.kind,
        "ambition": version.ambition,
        "title": {"fr": version.title_fr, "en": version.title_en},
        "themes": list(content.themes),
        "pillars": list(content.pillars),
        "contract_types": list(content.contract_types),
    }


def _version(version: ClauseVersion) -> dict[str, Any]:
    content = version.clause_content
    return {
        **_summary(version),
        "number": version.number,
        "text": content.text,
        "guidance": content.guidance,
        "verification": content.verification,
        "penalty": content.penalty,
        "legal_basis": [
            {"code": basis.code, "article": basis.article} for basis in content.legal_basis
        ],
        "cpv_prefixes": list(content.cpv_prefixes),
        "variables": list(content.variable_names),
        "content_hash": version.content_hash,
        "approved_hash": version.approved_hash,
        "created_at": version.created_at,
    }
