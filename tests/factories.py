"""Factories for test data: each call makes fresh, valid rows; overrides set what matters."""

from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from procure.auth.services import create_user, get_or_create_organisation
from procure.models import Organisation, User
from procure.vocabulary import Role

DEFAULT_PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_organisation(session: Session, name: str | None = None) -> Organisation:
    return get_or_create_organisation(session, name or f"Organisation {next(_counter)}")


def make_user(
    session: Session,
    *,
    role: Role = Role.BUYER,
    organisation: Organisation | None = None,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
) -> User:
    number = next(_counter)
    return create_user(
        session,
        organisation=organisation or make_organisation(session),
        email=email or f"user{number}@example.org",
        name=f"User {number}",
        role=role,
        password=password,
    )
