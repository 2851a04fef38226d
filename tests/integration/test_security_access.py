"""Every route declares who may use it, and nobody else gets its content.

The walk goes over ``app.url_map``: routes added later are checked without
changing this file, as long as their path parameters have a test value in
``path_value`` (a new parameter name makes the test fail until it has one).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter, Rule

from procure.apitokens.services import create_api_token
from procure.library.loader import load_library
from procure.models import (
    ApiToken,
    Clause,
    ClauseSet,
    ClauseSetVersion,
    DocumentTemplate,
    SearchSynonym,
    Tender,
    User,
)
from procure.vocabulary import Role
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_tender, make_user

CLAUSES = Path(__file__).parents[2] / "clauses"
SECRET_TITLE = "Marché confidentiel ZX-SECRET-42"
# Routes the application does not write: Flask's static files are public by nature.
BUILT_IN = {"static"}


@dataclass
class World:
    """Two organisations; A has one user per role, a tender, a template and a clause set."""

    app: Flask
    emails: dict[str, dict[Role, str]]
    tender_id: int
    template_id: int
    user_id: int
    clause_slug: str
    clause_set_slug: str
    synonym_id: int
    clause_id: int
    token_id: int

    def client(self, organisation: str | None, role: Role | None) -> FlaskClient:
        client = self.app.test_client()
        if organisation is not None and role is not None:
            response = client.post(
                "/sign-in",
                data={"email": self.emails[organisation][role], "password": DEFAULT_PASSWORD},
            )
            assert response.status_code == 302, f"{role} of {organisation} cannot sign in"
        return client


def word_file() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(app, session: Session) -> World:
    load_library(session, CLAUSES)
    organisation_a, organisation_b = make_organisation(session), make_organisation(session)
    users = {
        name: {role: make_user(session, role=role, organisation=org) for role in Role}
        for name, org in (("A", organisation_a), ("B", organisation_b))
    }
    emails = {
        name: {role: user.email for role, user in by_role.items()}
        for name, by_role in users.items()
    }
    colleague = make_user(session, role=Role.BUYER, organisation=organisation_a)
    template = DocumentTemplate(
        organisation_id=organisation_a.id,
        name="Modèle A",
        filename="modele-a.docx",
        content=word_file(),
        sha256="0" * 64,
    )
    clause_set = ClauseSet(slug="ensemble-test")
    session.add_all([template, clause_set])
    session.flush()
    session.add(
        ClauseSetVersion(clause_set_id=clause_set.id, number=1, title_fr="Ensemble", title_en="Set")
    )
    tender = make_tender(session, owner=users["A"][Role.BUYER], title=SECRET_TITLE)
    synonym = SearchSynonym(
        organisation_id=organisation_a.id, language="fr", terms=["cantine", "restauration"]
    )
    session.add(synonym)
    token = create_api_token(session, admin=users["A"][Role.ADMIN], name="Plateforme A")
    clause_id = session.scalar(select(Clause.id).where(Clause.slug == "insertion-hours"))
    session.commit()
    return World(
        app=app,
        emails=emails,
        tender_id=tender.id,
        template_id=template.id,
        user_id=colleague.id,
        clause_slug="insertion-hours",
        clause_set_slug="ensemble-test",
        synonym_id=synonym.id,
        clause_id=clause_id,
        token_id=token.token.id,
    )


def path_value(rule: Rule, name: str, world: World) -> object:
    """A value for the path parameter ``name`` naming an object of organisation A."""
    if name == "slug":
        if rule.endpoint == "wizard.step":
            return "purchase"
        if "/clause-sets/" in rule.rule:
            return world.clause_set_slug
        return world.clause_slug
    if rule.endpoint == "documents.export" and name in ("name", "extension"):
        return {"name": "eforms", "extension": "json"}[name]
    values = {
        "tender_id": world.tender_id,
        "template_id": world.template_id,
        "user_id": world.user_id,
        "synonym_id": world.synonym_id,
        "clause_id": world.clause_id,
        "token_id": world.token_id,
        "number": 1,
        "event_id": 1,  # a deviation report: none is kept, so the page is not found
        "token": "not-a-valid-token",
        "what": "all",
        "extension": "docx",
    }
    if name not in values:
        pytest.fail(
            f"{rule.rule}: no test value for <{name}>; add one to path_value() so that the "
            "access walk can reach this route"
        )
    return values[name]


def url_for_rule(rule: Rule, world: World) -> str:
    values = {name: path_value(rule, name, world) for name in rule.arguments}
    with world.app.test_request_context():
        _, path = rule.build(values, append_unknown=False)
    return path


def routes(app: Flask) -> list[Rule]:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint not in BUILT_IN),
        key=lambda rule: rule.rule,
    )


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods & {"GET", "POST"})


def test_every_view_declares_who_may_use_it(app):
    undeclared = [
        f"{rule.rule} ({rule.endpoint})"
        for rule in routes(app)
        if not hasattr(app.view_functions[rule.endpoint], "allowed_roles")
    ]
    assert undeclared == [], "decorate these views with @public, @signed_in or @roles_required"


def denials(client: FlaskClient, who: str, method: str, url: str, expected: int) -> list[str]:
    """What is wrong with ``who``'s ``method`` on ``url``, expected to be refused."""
    response = client.open(url, method=method)
    problems = []
    if expected == 302 and url.startswith("/api/v1/"):
        expected = 401  # the JSON API answers a problem document, never the sign-in page
    if expected == 302:
        location = urlsplit(response.headers.get("Location", "")).path
        if response.status_code != 302 or location != "/sign-in":
            problems.append(f"{who} {method} {url}: {response.status_code} {location}")
    elif response.status_code != expected:
        problems.append(f"{who} {method} {url}: {response.status_code}, not {expected}")
    if SECRET_TITLE in response.text:
        problems.append(f"{who} {method} {url}: shows the tender")
    return problems


def test_anonymous_users_and_wrong_roles_never_get_the_content(world):
    app = world.app
    anonymous = world.client(None, None)
    signed_in = {role: world.client("A", role) for role in Role}
    problems: list[str] = []
    allowed_gets: list[tuple[str, Role]] = []
    for rule in routes(app):
        allowed = app.view_functions[rule.endpoint].allowed_roles
        url = url_for_rule(rule, world)
        for method in methods(rule):
            if allowed is None:
                status = anonymous.open(url, method=method).status_code
                if status not in (200, 302, 404, 405):
                    problems.append(f"anonymous {method} {url}: {status} on a public page")
                continue
            problems += denials(anonymous, "anonymous", method, url, 302)
            for role in Role:
                if role not in allowed:
                    problems += denials(signed_in[role], role, method, url, 403)
                elif method == "GET":
                    allowed_gets.append((url, role))
    # Last, because some pages change state when read (a download finishes a tender).
    for url, role in allowed_gets:
        status = signed_in[role].get(url).status_code
        if status == 403 or status >= 500:
            problems.append(f"{role} GET {url}: {status} for a role the view allows")
    assert problems == []


def test_the_walk_reaches_every_kind_of_route(world):
    """The substitutions name real objects: allowed users get pages, not 404s."""
    admin = world.client("A", Role.ADMIN)
    buyer = world.client("A", Role.BUYER)
    assert SECRET_TITLE in buyer.get(f"/tenders/{world.tender_id}/step/purchase").text
    assert admin.get(f"/admin/templates/{world.template_id}/download").status_code == 200
    assert admin.get(f"/library/{world.clause_slug}").status_code == 200


def org_scoped(rule: Rule) -> bool:
    return bool(
        {"tender_id", "template_id", "user_id", "synonym_id", "token_id"} & set(rule.arguments)
    )


def test_another_organisations_users_get_404_for_every_scoped_url(world, session):
    """Tenders, their downloads, users, templates and synonym groups of A do not exist for
    B's users."""
    app = world.app
    outsiders = {role: world.client("B", role) for role in Role}
    problems: list[str] = []
    checked = 0
    for rule in routes(app):
        if not org_scoped(rule):
            continue
        allowed = app.view_functions[rule.endpoint].allowed_roles or frozenset(Role)
        url = url_for_rule(rule, world)
        for method in methods(rule):
            for role in allowed:
                response = outsiders[role].open(url, method=method)
                checked += 1
                if response.status_code != 404:
                    problems.append(f"{role} of B {method} {url}: {response.status_code}")
                if SECRET_TITLE in response.text:
                    problems.append(f"{role} of B {method} {url}: shows the tender")
    assert problems == []
    assert checked >= 20
    tender = session.scalar(select(Tender).where(Tender.id == world.tender_id))
    assert tender is not None
    assert tender.title == SECRET_TITLE  # B's posts (delete, steps…) changed nothing
    assert session.get(DocumentTemplate, world.template_id) is not None
    assert session.get(SearchSynonym, world.synonym_id) is not None
    assert session.get(ApiToken, world.token_id).revoked_at is None


def test_a_tender_id_that_does_not_exist_looks_the_same_as_another_organisations(world):
    buyer_b = world.client("B", Role.BUYER)
    buyer_b.get("/")  # shows the "signed in" message, so that both pages are alike
    other_path = f"/tenders/{world.tender_id}/step/purchase"
    missing_path = "/tenders/999999/step/purchase"
    other, missing = buyer_b.get(other_path), buyer_b.get(missing_path)
    assert other.status_code == missing.status_code == 404
    assert same_page(other.text, other_path) == same_page(missing.text, missing_path)


def same_page(text: str, path: str) -> str:
    """A page without what differs between two requests by design: the path asked for,
    and the CSRF token, which carries the second it was signed in."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "CSRF", text.replace(path, "PATH"))


def test_shared_clauses_are_for_everyone_and_own_clauses_for_their_organisation(world, session):
    own = session.scalar(select(Clause).where(Clause.slug == "vegetarian-menu"))
    own.organisation_id = session.scalar(
        select(User.organisation_id).where(User.email == world.emails["A"][Role.BUYER])
    )
    session.commit()
    for role in Role:
        inside, outside = world.client("A", role), world.client("B", role)
        assert inside.get("/library/insertion-hours").status_code == 200
        assert outside.get("/library/insertion-hours").status_code == 200
        assert inside.get("/library/vegetarian-menu").status_code == 200
        assert outside.get("/library/vegetarian-menu").status_code == 404
        assert "vegetarian-menu" not in outside.get("/library/?q=végétarien").text
        assert "vegetarian-menu" in inside.get("/library/?q=végétarien").text


def int_arguments(rule: Rule) -> list[str]:
    return sorted(
        name
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter)
    )


@pytest.mark.parametrize("huge", [2**63, 2**64, 10**40])
def test_an_id_beyond_64_bits_is_not_found_on_every_route(world, huge):
    """No ``<int:…>`` reaches the database with a number it cannot hold (a 500 before)."""
    app = world.app
    clients = {role: world.client("A", role) for role in Role}
    problems: list[str] = []
    checked: set[str] = set()
    for rule in routes(app):
        allowed = app.view_functions[rule.endpoint].allowed_roles
        client = clients[min(allowed)] if allowed else world.client(None, None)
        for name in int_arguments(rule):
            values = {other: path_value(rule, other, world) for other in rule.arguments}
            with app.test_request_context():
                _, url = rule.build({**values, name: huge}, append_unknown=False)
            for method in methods(rule):
                status = client.open(url, method=method).status_code
                checked.add(rule.rule)
                if status != 404:
                    problems.append(f"{method} {url}: {status}")
    assert problems == []
    assert len(checked) >= 15
