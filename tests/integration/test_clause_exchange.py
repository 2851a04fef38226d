"""Clause exchange between two installations: one exports its own clauses, the other
imports them as drafts for its legal review, after a preview that writes nothing."""

from __future__ import annotations

import copy
import gc
import html
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procure import create_app
from procure.db import get_engine
from procure.library.canonical import approved_hash
from procure.library.exchange import Outcome, import_clauses, plan_import
from procure.library.versions import add_version
from procure.models import AuditEvent, Clause, ClauseVersion
from procure.vocabulary import ClauseStatus, Role
from tests.conftest import ROOT, _database_numbers
from tests.factories import DEFAULT_PASSWORD, make_approved_set, make_organisation, make_user
from tests.integration.test_review_workflow import clause_content, make_clause
from tests.unit.library.test_exchange import exchange_document


@pytest.fixture
def other_app(request: pytest.FixtureRequest, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """A second installation with its own fresh database of the same kind."""
    if database_url.startswith("sqlite"):
        path = tmp_path / "other.sqlite3"
        path.write_bytes(Path(request.getfixturevalue("sqlite_template")).read_bytes())
        url = f"sqlite:///{path}"
    else:
        server = request.getfixturevalue("postgres_server")
        template = request.getfixturevalue("postgres_template")
        name = f"procure_other_{next(_database_numbers)}"
        server.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        url = server.url(name)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "other test secret key",
            "WTF_CSRF_ENABLED": False,
            "CLAUSES_PATH": str(ROOT / "clauses"),
            "MAIL_OUTBOX_PATH": str(tmp_path / "other-outbox"),
        }
    )
    yield app
    gc.collect()
    get_engine(app).dispose()
    if not database_url.startswith("sqlite"):
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_clauses_exported_by_one_installation_come_back_as_drafts_in_another(
    app, runner, session, other_app, tmp_path
):
    town_a = make_organisation(session, "Ville A")
    exported = [
        own_clause(session, town_a, "a-insertion-hours", ("social", "insertion-hours")),
        own_clause(session, town_a, "a-ecolabel", ("environmental", "ecolabel-or-equivalent")),
    ]
    session.commit()
    path = tmp_path / "ville-a.yaml"
    result = runner.invoke(args=["export-clauses", "--organisation", "Ville A", str(path)])
    assert result.exit_code == 0, result.output

    with Session(get_engine(other_app), expire_on_commit=False) as other:
        make_organisation(other, "Ville B")
        other.commit()
    dry_run = other_app.test_cli_runner().invoke(
        args=["import-clauses", str(path), "--organisation", "Ville B", "--dry-run"]
    )
    assert "Dry run: nothing was imported." in dry_run.output
    with Session(get_engine(other_app)) as other:
        assert other.scalar(select(func.count()).select_from(ClauseVersion)) == 0
    result = other_app.test_cli_runner().invoke(
        args=["import-clauses", str(path), "--organisation", "Ville B"]
    )
    assert result.exit_code == 0, result.output
    assert "new        a-insertion-hours" in result.output
    assert "Imported 2 draft(s)" in result.output

    with Session(get_engine(other_app)) as other:
        drafts = {
            version.clause.slug: version
            for version in other.scalars(select(ClauseVersion).join(Clause))
        }
        assert sorted(drafts) == ["a-ecolabel", "a-insertion-hours"]
        for original in exported:
            draft = drafts[original.clause.slug]
            assert draft.status == ClauseStatus.DRAFT
            assert draft.approved_hash is None  # never approved on import
            assert draft.clause.organisation.name == "Ville B"
            assert draft.clause.folder == original.clause.folder
            assert draft.content == original.content
            assert draft.content_hash == original.content_hash
            assert approved_hash(draft.content) == original.approved_hash
        audit = other.scalar(select(AuditEvent).where(AuditEvent.action == "clause.imported"))
        assert audit.after["new"] == ["a-ecolabel", "a-insertion-hours"]
        assert audit.after["from"] == "Ville A"


def own_clause(session, organisation, slug: str, source: tuple[str, str]) -> ClauseVersion:
    """An approved clause of ``organisation`` written from a real clause file, reworded."""
    folder, original = source
    content = clause_content(original, folder)
    content.pop("related", None)
    content["text"]["fr"] += " Rédaction propre à la ville."
    clause = Clause(slug=slug, folder=folder, organisation=organisation)
    session.add(clause)
    session.flush()
    return add_version(session, clause, content, status=ClauseStatus.APPROVED, author_id=None)


def sign_in(client, session, role: Role, organisation) -> None:
    user = make_user(session, role=role, organisation=organisation)
    session.commit()
    client.post("/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD})


def test_the_preview_sorts_new_changed_and_identical_and_writes_nothing(client, session):
    town_b = make_organisation(session, "Ville B")
    make_clause(session, "insertion-hours", folder="social", reference=True)
    make_clause(session, "ecolabel-or-equivalent", folder="environmental", reference=True)
    sign_in(client, session, Role.LEGAL, town_b)
    document = exchange_document(
        ("social", "insertion-hours"),
        ("environmental", "ecolabel-or-equivalent"),
        ("sustainable-food", "vegetarian-menu"),
    )
    changed = document["clauses"][1]["versions"][0]
    changed["content"]["text"]["fr"] += " Les écolabels sont vérifiés chaque année."
    changed["approved_hash"] = approved_hash(changed["content"])
    upload = yaml.safe_dump(document, allow_unicode=True).encode()
    versions_before = session.scalar(select(func.count()).select_from(ClauseVersion))

    preview = client.post("/library/exchange/", data={"file": (io.BytesIO(upload), "a.yaml")})

    assert preview.status_code == 200
    page = preview.text
    assert "Nouvelles clauses (1)" in page
    assert "vegetarian-menu" in page
    assert "Clauses modifiées (1)" in page
    assert "Clauses identiques, non importées (1)" in page
    assert "la bibliothèque de référence, version 1" in page
    assert session.scalar(select(func.count()).select_from(ClauseVersion)) == versions_before
    assert (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "clause.imported")
        )
        == 0
    )

    assert page.count('name="content"') == 1  # the file travels back once, not twice
    content = page.split('name="content" type="hidden" value="')[1].split('"')[0]
    confirmed = client.post("/library/exchange/import", data={"content": html.unescape(content)})
    assert confirmed.status_code == 302
    session.expire_all()
    mine = {
        clause.slug: clause.versions
        for clause in session.scalars(select(Clause).where(Clause.organisation_id == town_b.id))
    }
    assert sorted(mine) == ["ecolabel-or-equivalent", "vegetarian-menu"]
    assert all(v.status == ClauseStatus.DRAFT for versions in mine.values() for v in versions)
    variant = mine["ecolabel-or-equivalent"][0]
    assert variant.derived_from is not None
    assert variant.derived_from.number == 1
    audit = session.scalar(select(AuditEvent).where(AuditEvent.action == "clause.imported"))
    assert audit.organisation_id == town_b.id
    assert audit.after["identical"] == ["insertion-hours"]
    assert audit.after["changed"] == ["ecolabel-or-equivalent"]


def test_a_bad_upload_names_the_entry_and_the_field_and_saves_nothing(client, session):
    sign_in(client, session, Role.ADMIN, make_organisation(session, "Ville C"))
    document = exchange_document(("social", "insertion-hours"))
    del document["clauses"][0]["versions"][0]["content"]["kind"]
    upload = yaml.safe_dump(document, allow_unicode=True).encode()

    response = client.post("/library/exchange/", data={"file": (io.BytesIO(upload), "a.yaml")})

    assert "Ce fichier ne peut pas être importé" in response.text
    assert "clauses[1] (insertion-hours) versions[1]" in response.text
    assert "content.kind" in response.text
    assert session.scalar(select(func.count()).select_from(Clause)) == 0


def test_a_buyer_may_not_import_clauses(client, session):
    sign_in(client, session, Role.BUYER, make_organisation(session, "Ville D"))
    assert client.get("/library/exchange/").status_code == 403


def test_an_approved_clause_set_is_exported_with_its_versions_hashes(client, session):
    town = make_organisation(session, "Ville E")
    reference = make_clause(session, "insertion-hours", folder="social", reference=True)
    session.commit()
    make_approved_set(session, town, "chantiers", ["insertion-hours"])
    sign_in(client, session, Role.LEGAL, town)

    response = client.get("/library/exchange/export?clause_set=chantiers")

    assert response.headers["Content-Disposition"] == (
        'attachment; filename="procure-chantiers.yaml"'
    )
    document = yaml.safe_load(response.text)
    assert document["organisation"] == "Ville E"
    assert document["clause_set"] == "chantiers"
    [entry] = document["clauses"]
    assert entry["id"] == "insertion-hours"
    assert entry["versions"][0]["approved_hash"] == reference.approved_hash
    assert entry["versions"][0]["content"]["legal_basis"] == reference.content["legal_basis"]
    refused = client.get("/library/exchange/export?clause_set=another-towns-set")
    assert refused.status_code == 302


def test_a_clause_of_the_organisation_is_compared_with_its_latest_version(session):
    town = make_organisation(session, "Ville F")
    mine = own_clause(session, town, "f-ecolabel", ("environmental", "ecolabel-or-equivalent"))
    session.commit()
    document = {
        **exchange_document(),
        "clauses": [
            {
                "id": "f-ecolabel",
                "folder": "environmental",
                "versions": [
                    {"number": 1, "status": "approved", "content": copy.deepcopy(mine.content)}
                ],
            }
        ],
    }
    same = plan_import(session, yaml.safe_dump(document, allow_unicode=True), town.id)
    assert [(c.outcome, c.against_owner, c.against_version) for c in same.clauses] == [
        (Outcome.IDENTICAL, "organisation", 1)
    ]

    document["clauses"][0]["versions"][0]["content"]["text"]["fr"] += " Révisé."
    changed = plan_import(session, yaml.safe_dump(document, allow_unicode=True), town.id)
    assert [(c.outcome, c.against_owner, c.against_version) for c in changed.clauses] == [
        (Outcome.CHANGED, "organisation", 1)
    ]
    [draft] = import_clauses(session, changed, organisation=town, actor=None)
    assert draft.clause_id == mine.clause_id
    assert draft.number == 2
    assert draft.status == ClauseStatus.DRAFT
    assert mine.status == ClauseStatus.APPROVED  # the version in force is untouched
