"""Accounts: finding, creating and authenticating users."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procure.models import Organisation, User
from procure.vocabulary import OrganisationCategory, Role

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user_by_email(session, email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


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
) -> User:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if find_user_by_email(session, email) is not None:
        raise AccountError(f"a user with the email {normalise_email(email)} already exists")
    user = User(organisation=organisation, email=normalise_email(email), name=name, role=role.value)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user
