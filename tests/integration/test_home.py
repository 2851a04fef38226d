"""The home page after sign-in: a buyer's drafts, a legal reviewer's queue, an
administrator's organisation and library, each with its counts and links, and never
another organisation's data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from procure.admin.services import invite_user
from procure.db import get_engine
from procure.models import DocumentTemplate, ReviewDecision, User
from procure.review.services import queue_summary, review_queue
from procure.vocabulary import ClauseStatus, ReviewDecisionKind, Role, TenderStatus
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_tender, make_user
from tests.integration.test_review_workflow import home, make_clause, person


def sign_in(client, email: str) -> None:
    response = client.post("/sign-in", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def cards(page: str) -> list[str]:
    """The text of each card of the page, tags removed and spaces squeezed."""
    found = re.findall(r'<li class="card card--link[^"]*">(.*?)</li>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", card).split()) for card in found]


def links(page: str) -> set[str]:
    return set(re.findall(r'<a class="card__link" href="([^"]+)"', page))


@contextmanager
def counted_statements(app) -> Iterator[list[str]]:
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


# -- buyers ----------------------------------------------------------------------------------------


def test_visitors_still_see_the_presentation(client):
    page = client.get("/").text
    assert "Rédigez des clauses responsables pour vos consultations" in page
    assert "card__link" not in page


def test_buyer_home_offers_a_new_tender_and_lists_drafts_at_their_step(client, session):
    organisation = make_organisation(session, "Ville d’Accueil")
    buyer = make_user(session, organisation=organisation, email="acheteuse@example.org")
    colleague = make_user(session, organisation=organisation)
    stranger = make_user(session, organisation=make_organisation(session, "Ville Voisine"))
    at_step_3 = make_tender(session, owner=buyer, title="Restauration scolaire")
    sent_back = make_tender(session, owner=buyer, title="Nettoyage des écoles")
    sent_back.status = TenderStatus.CHANGES_REQUESTED
    approved = make_tender(session, owner=buyer, title="Fournitures approuvées")
    approved.status = TenderStatus.APPROVED
    make_tender(session, owner=colleague, title="Marché du collègue")
    make_tender(session, owner=stranger, title="Marché de la voisine")
    session.commit()

    sign_in(client, "acheteuse@example.org")
    page = client.get("/").text

    assert "<h1>Bonjour, " in page
    assert '<form method="post" action="/tenders/">' in page
    assert ">Nouvelle consultation</button>" in page
    shown = cards(page)
    (draft,) = [card for card in shown if "Restauration scolaire" in card]
    assert "Étape 3 sur 6 : Clauses recommandées" in draft
    assert at_step_3.reference in draft
    (changes,) = [card for card in shown if "Nettoyage des écoles" in card]
    assert "Modifications demandées" in changes
    assert f"/tenders/{at_step_3.id}" in links(page)
    assert f"/tenders/{sent_back.id}" in links(page)
    assert f"/tenders/{approved.id}" not in links(page)
    for other in ("Fournitures approuvées", "Marché du collègue", "Marché de la voisine"):
        assert other not in page
    assert '<a href="/tenders/">Voir toutes mes consultations</a>' in page


def test_buyer_home_speaks_english_too(client, session):
    buyer = make_user(session, email="buyer@example.org")
    make_tender(session, owner=buyer, title="School catering")
    session.commit()
    sign_in(client, "buyer@example.org")
    client.post("/language", data={"language": "en", "next": "/"})
    page = client.get("/").text
    assert ">New tender</button>" in page
    assert "Step 3 of 6: Recommended clauses" in page
    assert "Your tenders in progress" in page


def test_buyer_without_drafts_is_told_so(client, session):
    make_user(session, email="nouvelle@example.org")
    session.commit()
    sign_in(client, "nouvelle@example.org")
    page = client.get("/").text
    assert "Vous n’avez aucune consultation en cours." in page
    assert ">Nouvelle consultation</button>" in page


def test_buyer_home_reads_drafts_in_the_same_queries_however_many(app, client, session):
    buyer = make_user(session, email="compteuse@example.org")
    make_tender(session, owner=buyer)
    session.commit()
    sign_in(client, "compteuse@example.org")
    with counted_statements(app) as one_draft:
        client.get("/")
    for _ in range(4):
        make_tender(session, owner=buyer)
    session.commit()
    with counted_statements(app) as five_drafts:
        page = client.get("/").text
    assert len(cards(page)) == 6  # "New tender" and five drafts
    assert len(five_drafts) == len(one_draft)


# -- legal reviewers -------------------------------------------------------------------------------


def test_legal_home_shows_the_queue_size_and_the_item_waiting_longest(
    client, session, frozen_clock
):
    now = frozen_clock.now
    reviewer = person(session, Role.LEGAL, email="juriste@example.org")
    waiting = make_clause(session, "vegetarian-menu", folder="sustainable-food")
    waiting.status = ClauseStatus.IN_REVIEW
    waiting.status_changed_at = now - dt.timedelta(days=5)
    buyer = person(session, Role.BUYER)
    tender = make_tender(session, owner=buyer, title="Entretien des espaces verts")
    tender.status = TenderStatus.IN_REVIEW
    session.flush()
    session.add(
        ReviewDecision(
            decision=ReviewDecisionKind.SUBMITTED.value,
            actor_id=buyer.id,
            tender_id=tender.id,
            created_at=now - dt.timedelta(days=2),
        )
    )
    elsewhere = make_clause(session, organisation=make_organisation(session, "Ville Voisine"))
    elsewhere.status = ClauseStatus.IN_REVIEW
    elsewhere.status_changed_at = now - dt.timedelta(days=40)
    session.commit()

    sign_in(client, "juriste@example.org")
    page = client.get("/").text

    shown = cards(page)
    assert shown[0].startswith("2 éléments en attente")
    assert "/review/" in links(page)
    (oldest,) = [card for card in shown if "En attente depuis le plus longtemps" in card]
    assert waiting.title_fr in oldest
    assert "En attente depuis 5 jours" in oldest
    assert "vegetarian-menu v1" in oldest
    assert f"/review/clauses/vegetarian-menu/versions/{waiting.number}" in links(page)
    assert "Entretien des espaces verts" not in page  # waits less long
    assert "Nouvelle consultation" not in page  # a legal reviewer drafts no tender

    queue = review_queue(session, session.get(User, reviewer.id))
    summary = queue_summary(session, session.get(User, reviewer.id))
    assert summary.size == len(queue) == 2
    assert summary.oldest is not None
    assert summary.oldest.label == queue[0].label


def test_legal_home_reads_the_queue_in_the_same_queries_however_long(app, client, session):
    person(session, Role.LEGAL, email="juriste@example.org")
    first = make_clause(session, "vegetarian-menu", folder="sustainable-food")
    first.status = ClauseStatus.IN_REVIEW
    session.commit()
    sign_in(client, "juriste@example.org")
    with counted_statements(app) as one_item:
        client.get("/")
    for slug in ("insertion-hours", "reserved-insertion"):
        make_clause(session, slug, status=ClauseStatus.IN_REVIEW)
    buyer = person(session, Role.BUYER)
    tender = make_tender(session, owner=buyer)
    tender.status = TenderStatus.IN_REVIEW
    session.commit()
    with counted_statements(app) as four_items:
        page = client.get("/").text
    assert cards(page)[0].startswith("4 éléments en attente")
    assert len(four_items) == len(one_item)


def test_legal_home_with_an_empty_queue(client, session):
    person(session, Role.LEGAL, email="juriste@example.org")
    session.commit()
    sign_in(client, "juriste@example.org")
    page = client.get("/").text
    assert cards(page)[0].startswith("0 élément en attente")
    assert "En attente depuis le plus longtemps" not in page


# -- administrators --------------------------------------------------------------------------------


def test_admin_home_shows_users_invitations_template_and_library(client, session):
    organisation = home(session)
    admin = person(session, Role.ADMIN, email="admin@example.org")
    person(session, Role.BUYER)
    invite_user(session, admin=admin, name="Invitée", email="invitee@example.org", role=Role.BUYER)
    session.add(
        DocumentTemplate(
            organisation_id=organisation.id,
            name="Modèle de la ville",
            filename="ville.docx",
            content=b"PK",
            sha256="0" * 64,
            active=True,
        )
    )
    make_clause(session, "vegetarian-menu", folder="sustainable-food")
    make_clause(session, "insertion-hours", status=ClauseStatus.IN_REVIEW)
    make_clause(session, "reserved-insertion", folder="social", status=ClauseStatus.DRAFT)
    neighbour = make_organisation(session, "Ville Voisine")
    neighbour_admin = make_user(session, role=Role.ADMIN, organisation=neighbour)
    invite_user(
        session,
        admin=neighbour_admin,
        name="Autre",
        email="autre@example.org",
        role=Role.BUYER,
    )
    make_clause(
        session, "fair-trade-coffee-tea-cocoa", folder="sustainable-food", organisation=neighbour
    )
    session.commit()

    sign_in(client, "admin@example.org")
    page = client.get("/").text

    shown = cards(page)
    assert "2 utilisateurs actifs 1 invitation en attente" in shown
    assert "Modèle Word utilisé Modèle de la ville" in shown
    assert "1 clause approuvée" in shown
    assert "1 clause en relecture" in shown
    assert "1 clause en brouillon" in shown
    assert {
        "/admin/users",
        "/admin/templates",
        "/library/?status=approved",
        "/library/?status=in_review",
        "/library/?status=draft",
    } <= links(page)
    # An administrator may draft tenders too.
    assert ">Nouvelle consultation</button>" in page


def test_admin_home_names_procures_template_when_the_organisation_has_none(client, session):
    make_user(session, role=Role.ADMIN, email="admin@example.org")
    session.commit()
    sign_in(client, "admin@example.org")
    assert "Modèle Word utilisé Modèle par défaut de procure" in cards(client.get("/").text)


def test_admin_home_counts_the_library_as_its_status_filter_does(client, session):
    """The reference library's clauses count too, and an organisation's variant counts
    once, at its own status."""
    organisation = home(session)
    make_user(session, role=Role.ADMIN, organisation=organisation, email="admin@example.org")
    make_clause(session, "vegetarian-menu", folder="sustainable-food", reference=True)
    make_clause(session, "insertion-hours", reference=True)
    make_clause(session, "insertion-hours", status=ClauseStatus.DRAFT)  # its variant
    session.commit()
    sign_in(client, "admin@example.org")
    shown = cards(client.get("/").text)
    assert "1 clause approuvée" in shown
    assert "1 clause en brouillon" in shown
    assert "0 clause en relecture" in shown
