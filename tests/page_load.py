"""The main pages with the seeded demo data and a 40-clause tender, for counting their
SQL queries (tests/integration/test_query_counts.py) and timing them
(benchmarks/pages.py).

``seed(app)`` loads the clause library and the demo accounts (``flask demo``, then a
known password for each), and gives the demo buyer two tenders of 40 clauses: one
draft for the wizard's six steps, one sent for legal review for the review pages (with
two smaller tenders, also in review, in the queue).
``pages(seeded)`` lists every page as (who, label, URL).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from procure.cli import DEMO_ACCOUNTS
from procure.db import get_engine
from procure.library.loader import load_library
from procure.models import User
from procure.review.services import submit_tender
from procure.tenders.library import library_entries
from procure.tenders.selection import conflicts
from procure.vocabulary import Role
from procure.wizard.steps import STEPS
from tests.factories import DEFAULT_PASSWORD, make_tender

CLAUSES = Path(__file__).resolve().parent.parent / "clauses"
TENDER_CLAUSES = 40


@dataclass(frozen=True)
class Seeded:
    emails: dict[Role, str]
    draft_id: int
    in_review_id: int
    clause_slug: str
    theme: str


@dataclass(frozen=True)
class Page:
    role: Role
    label: str
    url: str


def _forty_clauses(session: Session, organisation_id: int) -> list[str]:
    """40 slugs of the approved library, none excluding another."""
    chosen: list[str] = []
    library = library_entries(session, organisation_id)
    for entry in sorted(library, key=lambda entry: entry.slug):
        if not conflicts([*chosen, entry.slug], library):
            chosen.append(entry.slug)
        if len(chosen) == TENDER_CLAUSES:
            return chosen
    raise RuntimeError(f"the library has fewer than {TENDER_CLAUSES} compatible clauses")


def seed(app: Flask) -> Seeded:
    result = app.test_cli_runner().invoke(args=["demo"])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    emails = {role: email for email, _, role in reversed(DEMO_ACCOUNTS)}
    with Session(get_engine(app), expire_on_commit=False) as session:
        load_library(session, CLAUSES)
        for user in session.scalars(select(User)):
            user.set_password(DEFAULT_PASSWORD)
        buyer = session.scalars(select(User).where(User.email == emails[Role.BUYER])).one()
        slugs = _forty_clauses(session, buyer.organisation_id)
        draft = make_tender(session, owner=buyer, clauses=slugs, title="Cantines")
        in_review = make_tender(session, owner=buyer, clauses=slugs, title="Nettoyage")
        # Two more in the review queue: its length must not change its query count.
        others = [
            make_tender(session, owner=buyer, clauses=slugs[:3], title=f"Travaux {n}")
            for n in (1, 2)
        ]
        session.flush()
        for tender in (in_review, *others):
            submit_tender(session, tender, actor=buyer, lock_version=None)
        session.commit()
        theme = draft.clauses[0].clause_version.clause_content.themes[0]
        return Seeded(emails, draft.id, in_review.id, slugs[0], str(theme))


def pages(seeded: Seeded) -> list[Page]:
    buyer, legal, admin = Role.BUYER, Role.LEGAL, Role.ADMIN
    draft = seeded.draft_id
    return [
        *(Page(role, f"home ({role.value})", "/") for role in (buyer, legal, admin)),
        Page(buyer, "library", "/library/"),
        Page(buyer, "library, a theme", f"/library/?theme={seeded.theme}"),
        Page(buyer, "library, a search", "/library/?q=d%C3%A9chets"),
        Page(legal, "library (legal staff)", "/library/?status=approved&kind=condition"),
        Page(buyer, "a clause", f"/library/{seeded.clause_slug}"),
        Page(buyer, "tender list", "/tenders/"),
        *(
            Page(buyer, f"wizard step {step.number}", f"/tenders/{draft}/step/{step.slug}")
            for step in STEPS
        ),
        Page(buyer, "tender review (buyer)", f"/review/tenders/{seeded.in_review_id}"),
        Page(legal, "tender review (legal)", f"/review/tenders/{seeded.in_review_id}"),
        Page(legal, "review queue", "/review/"),
        Page(admin, "admin", "/admin/"),
        Page(admin, "admin users", "/admin/users"),
        Page(admin, "admin organisation", "/admin/organisation"),
        Page(admin, "admin templates", "/admin/templates"),
        Page(admin, "audit log", "/admin/audit/"),
    ]


def sign_in(client: FlaskClient, email: str) -> None:
    response = client.post("/sign-in", data={"email": email, "password": DEFAULT_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"{email} could not sign in")


@contextlib.contextmanager
def counting_queries(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements ``engine`` runs inside the block, in order."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
