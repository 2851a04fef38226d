"""Who owns a clause: the reference library, read by every organisation and changed
only by ``load-clauses``, or one organisation, which alone sees and uses its own
clauses and its variants of reference clauses (a variant keeps the reference's slug).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from procure.library.versions import latest_approved
from procure.models import Clause, ClauseVersion


def visible_clauses(organisation_id: int | None) -> ColumnElement[bool]:
    """The clauses an organisation reads: the reference library and its own."""
    reference: ColumnElement[bool] = Clause.organisation_id.is_(None)
    if organisation_id is None:
        return reference
    return reference | (Clause.organisation_id == organisation_id)


def clause_for(session: Session, slug: str, organisation_id: int | None) -> Clause | None:
    """The clause an organisation means by ``slug``: its own (a variant included), else
    the reference library's."""
    found = {
        clause.organisation_id: clause
        for clause in session.scalars(
            select(Clause).where(Clause.slug == slug, visible_clauses(organisation_id))
        )
    }
    return found.get(organisation_id) or found.get(None)


def reference_clause(session: Session, slug: str) -> Clause | None:
    return session.scalar(
        select(Clause).where(Clause.slug == slug, Clause.organisation_id.is_(None))
    )


def newer_reference(session: Session, version: ClauseVersion) -> ClauseVersion | None:
    """For a version of an organisation's variant, the reference's approved version
    published after the one the variant was adapted from, if any."""
    base = version.derived_from
    if base is None:
        return None
    latest = latest_approved(session, base.clause_id)
    return latest if latest is not None and latest.number > base.number else None
