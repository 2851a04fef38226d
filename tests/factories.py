"""Factories for test data: each call makes fresh, valid data; overrides set what matters.

Two kinds, from the purest to the fullest:

- ``make_snapshot(**overrides)`` (with ``make_purchase``, ``chosen`` and the
  ``school_catering`` preset): a plain ``procure.snapshot.TenderSnapshot`` for tests
  with no app and no database.
- ``make_user`` and ``make_organisation``: rows made through the application's own
  services.

Nothing here is shared between tests: every call returns new objects.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import itertools
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from procure.auth.services import create_user, get_or_create_organisation
from procure.documents.tender_file import library_index
from procure.library.schema import ClauseFile
from procure.models import Organisation, User
from procure.snapshot import (
    ChosenClause,
    Context,
    Criterion,
    Purchase,
    SubCriterion,
    TenderSnapshot,
)
from procure.vocabulary import (
    ClauseGrouping,
    ClauseKind,
    ContractType,
    CriterionKind,
    OrganisationCategory,
    Pillar,
    Procedure,
    Role,
    Theme,
)

CLAUSES = Path(__file__).resolve().parent.parent / "clauses"
DEFAULT_PASSWORD = "correct horse battery"
_counter = itertools.count(1)


# -- users and organisations -----------------------------------------------------------


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


# -- snapshots: plain data, no app, no database ------------------------------------------

_PURCHASE_FIELDS = {f.name for f in dataclasses.fields(Purchase)}
_CONTEXT_FIELDS = {f.name for f in dataclasses.fields(Context)}
_DECIMAL_FIELDS = {"estimated_value", "labour_share", "annual_purchases", "hourly_cost"}


def _decimals(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: Decimal(value) if name in _DECIMAL_FIELDS and value is not None else value
        for name, value in values.items()
    }


def make_purchase(**overrides: Any) -> Purchase:
    """A sub-central office-supplies purchase below the EU threshold, launched after the
    climate law took effect (21 August 2026)."""
    values: dict[str, Any] = {
        "title": "Fournitures de bureau",
        "organisation_name": "Commune de Test",
        "buyer_category": OrganisationCategory.SUB_CENTRAL,
        "subject": "Fourniture de petites fournitures de bureau",
        "contract_type": ContractType.SUPPLIES,
        "defence_or_security": False,
        "cpv_main": "30192000-1",
        "cpv_additional": (),
        "estimated_value": Decimal(100_000),
        "duration_months": 48,
        "lots": 1,
        "procedure": Procedure.ADAPTED,
        "launch_date": dt.date(2026, 10, 1),
    }
    values.update(overrides)
    return Purchase(**_decimals(values))


def make_snapshot(**overrides: Any) -> TenderSnapshot:
    """A tender snapshot: ``make_purchase()``'s purchase, an empty context, no clause.

    Each override goes to the purchase, the context or the snapshot by its name
    (``estimated_value=…``, ``catering=True``, ``clauses=(…)``); amounts may be given as
    ints or strings. ``make_snapshot(**school_catering())`` is the catering tender of the
    document tests.
    """
    purchase = {k: v for k, v in overrides.items() if k in _PURCHASE_FIELDS}
    context = {k: v for k, v in overrides.items() if k in _CONTEXT_FIELDS}
    rest = {k: v for k, v in overrides.items() if k not in purchase and k not in context}
    return TenderSnapshot(
        purchase=make_purchase(**purchase), context=Context(**_decimals(context)), **rest
    )


@cache
def clause_library() -> dict[str, ClauseFile]:
    """The real clause library by clause id, read once per test session (do not change it:
    ``chosen`` hands out copies)."""
    return library_index(CLAUSES)


def chosen(clause_id: str, *, reason: str = "", **values: Any) -> ChosenClause:
    """A clause of the real library, as the wizard would pin it, with the buyer's values
    and, if given, the French reason it was recommended."""
    clause = clause_library()[clause_id]
    content = copy.deepcopy(clause.content)
    return ChosenClause(
        clause_id=clause_id,
        version=clause.version or 1,
        kind=ClauseKind(content["kind"]),
        pillars=frozenset(Pillar(p) for p in content["pillars"]),
        themes=frozenset(Theme(t) for t in content["themes"]),
        grouping=ClauseGrouping.RECOMMENDED,
        content=content,
        values=dict(values),
        reason={"fr": reason} if reason else {},
    )


def school_catering(**overrides: Any) -> dict[str, Any]:
    """Overrides for ``make_snapshot``: a 1.2 M€ school-catering tender above the EU
    threshold, with seven clauses (insertion hours sized) and price, technical merit and
    a clause criterion weighted 40/40/20."""
    values: dict[str, Any] = {
        "title": "Restauration scolaire",
        "organisation_name": "Commune d'Essai",
        "subject": "Repas livrés",
        "contract_type": ContractType.SERVICES,
        "cpv_main": "55524000-9",
        "cpv_additional": ("55523100-3",),
        "estimated_value": Decimal(1_200_000),
        "launch_date": dt.date(2026, 12, 1),
        "reference": "2026-RS-01",
        "labour_share": Decimal(40),
        "catering": True,
        "clauses": (
            chosen(
                "insertion-hours",
                reason="Au-dessus du seuil européen.",
                insertion_hours=857,
                insertion_rate=5,
                hourly_cost=28,
            ),
            chosen("egalim-quality-share", organic_share=25),
            chosen("vegetarian-menu"),
            chosen("food-direct-supply-award", criterion_weight=20),
            chosen("circularity-award-criterion"),
            chosen("reserved-insertion"),
            chosen("egalim-shares-reporting"),
        ),
        "criteria": (
            Criterion(CriterionKind.PRICE, "Prix", Decimal(40)),
            Criterion(
                CriterionKind.TECHNICAL,
                "Valeur technique",
                Decimal(40),
                subcriteria=(
                    SubCriterion("Qualité des repas", Decimal(60)),
                    SubCriterion("Organisation", Decimal(40)),
                ),
            ),
            Criterion(CriterionKind.CLAUSE, "", Decimal(20), clause_id="food-direct-supply-award"),
        ),
    }
    values.update(overrides)
    return values
