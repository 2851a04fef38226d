"""Writing audit events in the same transaction as the change they record."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from procure.models import AuditEvent, User


def record_event(
    session: Session,
    *,
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditEvent:
    """Record ``action``; without an actor (the command line), ``organisation_id`` says
    whose log shows it."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        organisation_id=actor.organisation_id if actor is not None else organisation_id,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        before=before,
        after=after,
    )
    session.add(event)
    session.flush()
    return event
