"""Accounts: finding, creating and authenticating users; passwords and one-time links."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from procure.audit import record_event
from procure.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordProblem,
    password_problem,
)
from procure.models import AccountToken, Organisation, User
from procure.models.base import utcnow
from procure.vocabulary import LANGUAGES, OrganisationCategory, Role

__all__ = ["MIN_PASSWORD_LENGTH", "AccountError", "TokenPurpose"]

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
    PasswordProblem.TOO_LONG: f"the password must have at most {MAX_PASSWORD_LENGTH} characters",
    PasswordProblem.TOO_SIMPLE: "the password repeats too few different characters",
    PasswordProblem.LIKE_EMAIL: "the password must not be the email address",
    PasswordProblem.COMMON: "the password is one of the most common passwords",
}


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


class WrongPasswordError(AccountError):
    """The current password given to confirm a change is not the right one."""


class TokenUsedError(AccountError):
    """A one-time link was used meanwhile, by another request."""


class TokenPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


TOKEN_LIFETIMES = {
    TokenPurpose.INVITATION: timedelta(hours=72),
    TokenPurpose.RESET: timedelta(hours=24),
}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user_by_email(session, email)
    if user is None:
        # As long as a wrong password, so that timing does not tell which emails exist.
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def check_new_password(password: str, email: str | None = None) -> None:
    problem = password_problem(password, email)
    if problem is not None:
        raise AccountError(PASSWORD_MESSAGES[problem])


def get_or_create_organisation(
    session: Session, name: str, category: OrganisationCategory = OrganisationCategory.SUB_CENTRAL
) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name, category=category)
        session.add(organisation)
        session.flush()
    return organisation


def create_user(
    session: Session,
    *,
    organisation: Organisation,
    email: str,
    name: str,
    role: Role,
    password: str,
    active: bool = True,
) -> User:
    check_new_password(password, email)
    if find_user_by_email(session, email) is not None:
        raise AccountError(f"a user with the email {normalise_email(email)} already exists")
    user = User(
        organisation=organisation,
        email=normalise_email(email),
        name=name,
        role=role.value,
        active=active,
    )
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def end_sessions(session: Session, user: User) -> None:
    """Sign ``user`` out everywhere: every session cookie issued so far stops working."""
    user.end_sessions()
    session.flush()


def reset_password_from_cli(session: Session, user: User, password: str, *, via: str) -> None:
    """Give ``user`` a new password from the command line (no one signed in), end their
    sessions and drop their open links; audited in their organisation's log."""
    check_new_password(password, user.email)
    user.set_password(password)
    user.end_sessions()
    session.execute(
        delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
    )
    record_event(
        session,
        actor=None,
        action="user.password_reset",
        subject_type="user",
        subject_id=user.id,
        after={"via": via},
        organisation_id=user.organisation_id,
    )


def change_password(session: Session, user: User, *, current: str, new: str) -> None:
    """Replace ``user``'s password after checking the current one; drop their open links."""
    if not user.check_password(current):
        raise WrongPasswordError("the current password is not correct")
    check_new_password(new, user.email)
    user.set_password(new)
    user.end_sessions()
    drop_open_tokens(session, user)
    record_event(
        session, actor=user, action="user.password_changed", subject_type="user", subject_id=user.id
    )


def set_notifications(session: Session, user: User, *, enabled: bool) -> None:
    """Turn ``user``'s review mails on or off."""
    user.notify_by_email = enabled
    session.flush()


def remember_user_language(session: Session, user: User, language: str) -> None:
    """Keep the language ``user`` chose: their mails are written in it."""
    if language not in LANGUAGES:
        raise ValueError(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
    user.language = language
    session.flush()


# -- One-time links ------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    session: Session,
    user: User,
    purpose: TokenPurpose,
    *,
    created_by: User | None,
    now: datetime | None = None,
) -> str:
    """A new one-time link's secret for ``user``; only its sha256 is stored.

    Any link the user had and did not use stops working: one account, one open link.
    """
    now = now or utcnow()
    drop_open_tokens(session, user)
    token = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose.value,
            token_hash=token_hash(token),
            expires_at=now + TOKEN_LIFETIMES[purpose],
            created_by_id=created_by.id if created_by is not None else None,
            created_at=now,
        )
    )
    session.flush()
    return token


def find_usable_token(
    session: Session, token: str, now: datetime | None = None
) -> AccountToken | None:
    """The stored link for ``token`` if it was not used, has not expired and still applies."""
    if not token or len(token) > 200:
        return None
    stored = session.scalar(
        select(AccountToken).where(AccountToken.token_hash == token_hash(token))
    )
    if stored is None or stored.used_at is not None:
        return None
    if as_utc(stored.expires_at) <= (now or utcnow()):
        return None
    if stored.purpose == TokenPurpose.RESET and not stored.user.active:
        return None
    return stored


def use_token(
    session: Session, stored: AccountToken, password: str, now: datetime | None = None
) -> User:
    """Set the password the link's owner chose; an invitation also opens the account.

    The link is claimed first, by one conditional UPDATE: of two requests using it at
    once, only one changes a row (the other waits for its lock, then finds ``used_at``
    set) and the other gets ``TokenUsedError``. Every session of the user ends.
    """
    user = stored.user
    check_new_password(password, user.email)
    now = now or utcnow()
    claimed = session.execute(
        update(AccountToken)
        .where(AccountToken.id == stored.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise TokenUsedError("this link was already used")
    set_committed_value(stored, "used_at", now)
    user.set_password(password)
    user.end_sessions()
    if stored.purpose == TokenPurpose.INVITATION:
        user.active = True
    session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.used_at.is_(None),
            AccountToken.id != stored.id,
        )
    )
    session.flush()
    action = (
        "user.activated" if stored.purpose == TokenPurpose.INVITATION else "user.password_reset"
    )
    record_event(session, actor=user, action=action, subject_type="user", subject_id=user.id)
    return user


def has_open_invitation(session: Session, user: User) -> bool:
    """Whether ``user`` was invited and has not yet chosen a password."""
    return (
        session.scalar(
            select(func.count(AccountToken.id)).where(
                AccountToken.user_id == user.id,
                AccountToken.purpose == TokenPurpose.INVITATION.value,
                AccountToken.used_at.is_(None),
            )
        )
        > 0
    )


def drop_open_tokens(session: Session, user: User) -> None:
    """Make every link ``user`` has not used stop working."""
    session.execute(
        delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
    )
    session.flush()


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they are UTC, as procure writes them."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
