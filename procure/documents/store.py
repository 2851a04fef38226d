"""Which Word template an organisation's documents are built on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.models import DocumentTemplate


def organisation_template(session: Session, organisation_id: int) -> bytes | None:
    """The organisation's active uploaded template, or None for procure's default one."""
    return session.scalar(
        select(DocumentTemplate.content).where(
            DocumentTemplate.organisation_id == organisation_id,
            DocumentTemplate.active.is_(True),
        )
    )
