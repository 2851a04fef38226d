"""The JSON API under /api/v1: tokens, organisation scoping, problem documents, and every
endpoint's real responses validated against the generated OpenAPI description."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from sqlalchemy import select

from procure.apitokens.services import create_api_token, revoke_api_token
from procure.library.loader import load_library
from procure.models import ApiToken, AuditEvent, Clause, User
from procure.vocabulary import Role
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_tender, make_user
from tests.integration.test_catalog import CLAUSES

SECRET_TITLE = "Marché confidentiel de la ville A"
PROBLEM = "application/problem+json"


@dataclass
class Towns:
    app: Flask
    token_a: str
    token_b: str
    revoked: str
    token_a_id: int
    tender_id: int
    own_clause_id: int
    reference_clause_id: int
    admin_a: str
    buyer_a: str

    def signed_in(self, email: str) -> FlaskClient:
        return sign_in(self.app, email)


@pytest.fixture
def towns(app, session) -> Towns:
    """Towns A and B with a token each (and a revoked one of A); A has a tender divided
    into two lots and a clause of its own."""
    load_library(session, CLAUSES)
    a, b = make_organisation(session, "Ville A"), make_organisation(session, "Ville B")
    admin_a = make_user(session, role=Role.ADMIN, organisation=a)
    admin_b = make_user(session, role=Role.ADMIN, organisation=b)
    buyer_a = make_user(session, role=Role.BUYER, organisation=a)
    tender = make_tender(
        session,
        owner=buyer_a,
        title=SECRET_TITLE,
        clauses=["insertion-hours", "vegetarian-menu"],
        lots=[
            {"title": "Repas", "cpv_main": "55524000-9", "estimated_value": "700000"},
            {"title": "Goûters", "cpv_main": "15800000-6", "estimated_value": "500000"},
        ],
    )
    own = session.scalar(select(Clause).where(Clause.slug == "catering-food-waste-plan"))
    own.organisation_id = a.id
    reference = session.scalar(select(Clause).where(Clause.slug == "insertion-hours"))
    token_a = create_api_token(session, admin=admin_a, name="Plateforme A")
    token_b = create_api_token(session, admin=admin_b, name="Plateforme B")
    revoked = create_api_token(session, admin=admin_a, name="Ancienne")
    revoke_api_token(session, admin=admin_a, token=revoked.token)
    session.commit()
    return Towns(
        app=app,
        token_a=token_a.secret,
        token_b=token_b.secret,
        revoked=revoked.secret,
        token_a_id=token_a.token.id,
        tender_id=tender.id,
        own_clause_id=own.id,
        reference_clause_id=reference.id,
        admin_a=admin_a.email,
        buyer_a=buyer_a.email,
    )


@dataclass
class Town:
    """One organisation with an administrator, a buyer and an API token; no library."""

    app: Flask
    token: str
    token_id: int
    admin: str
    buyer: str

    def signed_in(self, email: str) -> FlaskClient:
        return sign_in(self.app, email)


@pytest.fixture
def town(app, session) -> Town:
    organisation = make_organisation(session, "Ville A")
    admin = make_user(session, role=Role.ADMIN, organisation=organisation)
    buyer = make_user(session, role=Role.BUYER, organisation=organisation)
    issued = create_api_token(session, admin=admin, name="Plateforme A")
    session.commit()
    return Town(app, issued.secret, issued.token.id, admin.email, buyer.email)


def sign_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def validated(openapi: OpenAPI, response) -> dict:
    """The response's JSON, once openapi-core finds it matches the description."""
    openapi.validate_response(
        WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response)
    )
    return response.get_json()


@pytest.fixture
def openapi(client) -> OpenAPI:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    # Problem documents are JSON too (RFC 9457 §3).
    config = Config(extra_media_type_deserializers={PROBLEM: json.loads})
    return OpenAPI.from_dict(spec, config=config)


def test_the_description_is_generated_for_every_endpoint(openapi, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths) >= {
        "/api/v1/clauses",
        "/api/v1/clauses/{clause_id}",
        "/api/v1/tenders",
        "/api/v1/tenders/{tender_id}",
    }
    theme = next(p for p in paths["/api/v1/clauses"]["get"]["parameters"] if p["name"] == "theme")
    assert "sustainable_food" in theme["schema"]["items"]["enum"]


def test_every_endpoint_answers_a_token_as_its_description_says(towns, client, openapi):
    headers = bearer(towns.token_a)

    page = validated(openapi, client.get("/api/v1/clauses?q=insertion&per_page=5", headers=headers))
    assert 0 < len(page["items"]) <= 5
    assert any(item["slug"] == "insertion-hours" for item in page["items"])
    assert page["facets"]["theme"]

    clause = validated(
        openapi, client.get(f"/api/v1/clauses/{towns.reference_clause_id}", headers=headers)
    )
    assert clause["slug"] == "insertion-hours"
    latest = clause["versions"][-1]
    assert latest["title"]["fr"]
    assert latest["title"]["en"]
    assert latest["legal_basis"]
    assert all(basis["code"] for basis in latest["legal_basis"])
    assert {version["status"] for version in clause["versions"]} == {"approved"}

    food = validated(
        openapi, client.get("/api/v1/clauses?theme=sustainable_food&per_page=100", headers=headers)
    )
    assert food["items"]
    assert all("sustainable_food" in item["themes"] for item in food["items"])
    assert (
        food["total"] < validated(openapi, client.get("/api/v1/clauses", headers=headers))["total"]
    )

    tenders = validated(openapi, client.get("/api/v1/tenders", headers=headers))
    assert [item["title"] for item in tenders["items"]] == [SECRET_TITLE]
    assert tenders["total"] == 1

    tender = validated(openapi, client.get(f"/api/v1/tenders/{towns.tender_id}", headers=headers))
    assert [lot["title"] for lot in tender["lots"]] == ["Repas", "Goûters"]
    assert tender["lots"][0]["estimated_value"] == "700000"
    assert {c["slug"] for c in tender["clauses"]} == {"insertion-hours", "vegetarian-menu"}
    results = tender["compliance"]["results"]
    assert results
    assert {r["outcome"] for r in results} <= {
        "passed",
        "failed",
        "justified",
        "not_applicable",
    }
    assert sum(tender["compliance"]["by_outcome"].values()) == len(results)


def test_bad_query_parameters_are_problems_naming_the_field(town, client, openapi):
    for query, field in (
        ("theme=astrology", "theme"),
        ("per_page=1000", "per_page"),
        ("page=zero", "page"),
        ("cpv=abc", "cpv"),
        ("language=de", "language"),
    ):
        response = client.get(f"/api/v1/clauses?{query}", headers=bearer(town.token))
        problem = validated(openapi, response)
        assert response.status_code == 400, query
        assert response.content_type == PROBLEM
        assert problem["status"] == 400
        assert problem["title"] == "Bad Request"
        assert [error["field"] for error in problem["errors"]] == [field]
        assert field in problem["detail"]
    response = client.get("/api/v1/tenders?per_page=0", headers=bearer(town.token))
    assert [error["field"] for error in validated(openapi, response)["errors"]] == ["per_page"]


def test_no_valid_token_is_a_401_problem_before_the_parameters_are_read(town, client, openapi):
    for headers in (
        {},
        {"Authorization": "Bearer procure_not-a-real-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {town.token}x"},
    ):
        response = client.get("/api/v1/clauses?theme=astrology", headers=headers)
        assert response.status_code == 401, headers
        assert response.content_type == PROBLEM
        assert response.headers["WWW-Authenticate"].lower().startswith("bearer")
        assert validated(openapi, response)["status"] == 401


def test_another_organisations_tenders_and_clauses_do_not_exist(towns, client, openapi):
    headers = bearer(towns.token_b)
    assert validated(openapi, client.get("/api/v1/tenders", headers=headers))["items"] == []
    for url in (
        f"/api/v1/tenders/{towns.tender_id}",
        f"/api/v1/clauses/{towns.own_clause_id}",
        "/api/v1/tenders/999999",
        f"/api/v1/tenders/{2**63}",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 404, url
        assert validated(openapi, response)["status"] == 404
        assert SECRET_TITLE not in response.text
    food = "/api/v1/clauses?per_page=100&theme=sustainable_food"
    listed = client.get(food, headers=headers).get_json()
    assert "catering-food-waste-plan" not in {item["slug"] for item in listed["items"]}
    listed = client.get(food, headers=bearer(towns.token_a)).get_json()
    assert "catering-food-waste-plan" in {item["slug"] for item in listed["items"]}
    own = client.get(f"/api/v1/clauses/{towns.own_clause_id}", headers=bearer(towns.token_a))
    assert own.status_code == 200
    assert own.get_json()["own"] is True
    assert client.get("/api/v1/tenders", headers=bearer(towns.revoked)).status_code == 401

    # A browser session reads its own organisation, and nothing once signed out.
    buyer = towns.signed_in(towns.buyer_a)
    response = buyer.get(f"/api/v1/tenders/{towns.tender_id}")
    assert validated(openapi, response)["title"] == SECRET_TITLE
    assert buyer.get(f"/api/v1/clauses/{towns.own_clause_id}").status_code == 200
    buyer.post("/sign-out")
    assert buyer.get(f"/api/v1/tenders/{towns.tender_id}").status_code == 401


def test_other_methods_and_html_pages_keep_their_own_errors(town, client):
    response = client.post("/api/v1/tenders", headers=bearer(town.token))
    assert response.status_code == 405
    assert response.content_type == "application/problem+json"
    assert "GET" in response.headers["Allow"]
    page = town.signed_in(town.buyer).get("/tenders/999999/step/purchase")
    assert page.status_code == 404
    assert page.content_type.startswith("text/html")


def test_each_use_of_a_token_is_audited_even_when_refused(town, client, session):
    client.get("/api/v1/tenders", headers=bearer(town.token))
    client.get("/api/v1/tenders/999999", headers=bearer(town.token))
    uses = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "api_token.used").order_by(AuditEvent.id)
    ).all()
    assert [(use.subject_id, use.after["path"], use.after["status"]) for use in uses] == [
        (str(town.token_id), "/api/v1/tenders", 200),
        (str(town.token_id), "/api/v1/tenders/999999", 404),
    ]
    token = session.get(ApiToken, town.token_id)
    session.refresh(token)
    assert token.last_used_at is not None
    log = town.signed_in(town.admin).get("/admin/audit/").text
    assert "Lecture de l’API avec un jeton" in log


def test_an_administrator_creates_a_token_shown_once_and_revokes_it(town, session):
    admin = town.signed_in(town.admin)
    page = admin.post("/admin/api-tokens/", data={"name": "Open data"})
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    secret = page.text.split("data-token-secret>")[1].split("<")[0]
    assert secret.startswith("procure_")
    token = session.scalars(select(ApiToken).where(ApiToken.name == "Open data")).one()
    assert token.token_hash != secret
    assert secret not in token.token_hash
    creator = session.get(User, token.created_by_id)
    assert creator.email == town.admin
    again = admin.get("/admin/api-tokens/").text
    assert "Open data" in again
    assert secret not in again

    client = town.app.test_client()
    assert client.get("/api/v1/tenders", headers=bearer(secret)).status_code == 200
    response = admin.post(f"/admin/api-tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert client.get("/api/v1/tenders", headers=bearer(secret)).status_code == 401
    actions = session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.subject_type == "api_token", AuditEvent.subject_id == str(token.id)
        )
    ).all()
    assert actions.count("api_token.created") == 1
    assert actions.count("api_token.revoked") == 1


def test_the_token_page_refuses_an_empty_name_and_other_roles(town, session):
    admin = town.signed_in(town.admin)
    page = admin.post("/admin/api-tokens/", data={"name": "  "})
    assert page.status_code == 200
    assert "data-token-secret" not in page.text
    assert 'id="name"' in page.text
    assert "field--error" in page.text
    assert town.signed_in(town.buyer).get("/admin/api-tokens/").status_code == 403
    admin_b = make_user(session, role=Role.ADMIN, organisation=make_organisation(session, "C"))
    session.commit()
    outsider = town.signed_in(admin_b.email)
    assert outsider.post(f"/admin/api-tokens/{town.token_id}/revoke").status_code == 404
    assert session.get(ApiToken, town.token_id).revoked_at is None
