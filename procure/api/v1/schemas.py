"""Schemas shared by several endpoints of the API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields


class BilingualSchema(Schema):
    fr = fields.String(required=True)
    en = fields.String(required=True)


class LegalBasisSchema(Schema):
    code = fields.String(required=True, metadata={"description": "A code of legal_bases.yaml"})
    article = fields.String(allow_none=True, required=True)


class PageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class UtcDateTime(fields.DateTime):
    """An RFC 3339 time with its offset: SQLite gives naive times back, all in UTC."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)
