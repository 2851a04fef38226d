"""Creating, revoking and checking API tokens; no Flask request code.

A token is ``procure_`` followed by 256 random bits. Only its SHA-256 is stored: a
secret that random needs no slow hash, and a lookup by hash finds it in one indexed
query. The stored and the computed hashes are then compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from procure import clock
from procure.audit import record_event
from procure.models import ApiToken, AuditEvent, User

TOKEN_PREFIX = "procure_"
MAX_TOKEN_LENGTH = 200
# ``last_used_at`` moves at most once a minute: one UPDATE per request would double the
# writes of a busy client, and the audit log has every use anyway.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists only in this object: show it once."""

    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tokens_of(session: Session, organisation_id: int) -> list[ApiToken]:
    """The organisation's tokens, newest first, revoked ones included."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.organisation_id == organisation_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def token_in(session: Session, organisation_id: int, token_id: int) -> ApiToken | None:
    token = session.get(ApiToken, token_id)
    return token if token is not None and token.organisation_id == organisation_id else None


def create_api_token(session: Session, *, admin: User, name: str) -> IssuedToken:
    """A read-only token to the admin's organisation."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation_id=admin.organisation_id,
        name=name.strip(),
        token_hash=hash_secret(secret),
        created_by_id=admin.id,
        created_at=clock.now(),
    )
    session.add(token)
    session.flush()
    record_event(
        session,
        actor=admin,
        action="api_token.created",
        subject_type="api_token",
        subject_id=token.id,
        after={"name": token.name},
    )
    return IssuedToken(token=token, secret=secret)


def revoke_api_token(session: Session, *, admin: User, token: ApiToken) -> None:
    """Stop ``token`` working at once; revoking a revoked token changes nothing."""
    if token.is_revoked:
        return
    token.revoked_at = clock.now()
    session.flush()
    record_event(
        session,
        actor=admin,
        action="api_token.revoked",
        subject_type="api_token",
        subject_id=token.id,
        before={"name": token.name},
    )


def authenticate(session: Session, secret: str) -> ApiToken | None:
    """The live token whose secret is ``secret``, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_TOKEN_LENGTH:
        return None
    presented = hash_secret(secret)
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == presented))
    if token is None or token.is_revoked:
        return None
    if not hmac.compare_digest(token.token_hash, presented):
        return None
    return token


def record_use(session: Session, token: ApiToken, *, method: str, path: str, status: int) -> None:
    """One audit row for one request made with ``token``: a single INSERT (and, at most
    once a minute, the token's ``last_used_at``)."""
    now = clock.now()
    if token.last_used_at is None or now - _aware(token.last_used_at) >= LAST_USED_PRECISION:
        token.last_used_at = now
    session.add(
        AuditEvent(
            created_at=now,
            actor_id=None,
            organisation_id=token.organisation_id,
            action="api_token.used",
            subject_type="api_token",
            subject_id=str(token.id),
            after={"method": method, "path": path[:500], "status": status},
        )
    )


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; they are in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
