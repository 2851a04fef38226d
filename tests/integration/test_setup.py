"""Migrations on both databases, and the set-up commands."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from procure.db import get_engine
from procure.migrate import downgrade, include_name, upgrade
from procure.models import AuditEvent, Base, Clause, Organisation, User
from procure.vocabulary import Role
from tests.factories import make_user

APPLICATION_TABLES = set(Base.metadata.tables)


def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) & (APPLICATION_TABLES | {"clause_version_fts"})


def test_migrations_go_down_to_nothing_and_up_again(app):
    engine = get_engine(app)
    assert tables(engine) >= APPLICATION_TABLES
    downgrade(engine, "base")
    assert tables(engine) == set()
    upgrade(engine)
    assert tables(engine) >= APPLICATION_TABLES


def test_migrated_schema_matches_the_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with get_engine(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_database_refuses_inconsistent_rows(session):
    import pytest
    from sqlalchemy.exc import IntegrityError

    organisation = Organisation(name="Commune", category="planet")
    session.add(organisation)
    with pytest.raises(IntegrityError):
        session.flush()


def test_init_db_command_says_in_one_line_the_revision_and_where_the_database_is(runner, app):
    from procure.migrate import current_revision

    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    (line,) = result.output.splitlines()
    revision = current_revision(get_engine(app))
    assert revision[0].isdigit()
    assert line.startswith(f"Database migrated to head (revision {revision}): ")
    assert line.endswith(get_engine(app).url.render_as_string(hide_password=True))


def test_demo_creates_four_accounts_and_prints_passwords_once(runner, session, client):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    passwords = dict(re.findall(r"(\S+@demo\.procure\.fr)\s+password: (\S+)", first.output))
    assert len(passwords) == 4
    roles = {user.email: user.role for user in session.scalars(select(User))}
    assert roles == {
        "acheteur@demo.procure.fr": "buyer",
        "juriste@demo.procure.fr": "legal",
        "juriste2@demo.procure.fr": "legal",  # four eyes: two legal reviewers
        "admin@demo.procure.fr": "admin",
    }
    second = runner.invoke(args=["demo"])
    assert "password:" not in second.output
    assert second.output.splitlines() == [
        "Demo accounts kept with their passwords: acheteur@demo.procure.fr, "
        "juriste@demo.procure.fr, juriste2@demo.procure.fr, admin@demo.procure.fr. "
        "Lost them? flask --app procure demo --reset-passwords"
    ]
    response = client.post(
        "/sign-in",
        data={"email": "juriste@demo.procure.fr", "password": passwords["juriste@demo.procure.fr"]},
    )
    assert response.status_code == 302


def test_demo_reset_passwords_gives_the_demo_accounts_new_ones_and_records_it(
    runner, session, client
):
    first = dict(
        re.findall(
            r"(\S+@demo\.procure\.fr)\s+password: (\S+)", runner.invoke(args=["demo"]).output
        )
    )
    other = make_user(session, role=Role.BUYER, email="someone@example.org")
    session.commit()
    other_hash = other.password_hash
    result = runner.invoke(args=["demo", "--reset-passwords"])
    assert result.exit_code == 0, result.output
    new = dict(re.findall(r"(\S+@demo\.procure\.fr)\s+password: (\S+)", result.output))
    assert set(new) == set(first)
    assert all(new[email] != first[email] for email in new)
    email = "acheteur@demo.procure.fr"
    old_sign_in = client.post("/sign-in", data={"email": email, "password": first[email]})
    assert old_sign_in.status_code == 200  # the form again, with its error
    new_sign_in = client.post("/sign-in", data={"email": email, "password": new[email]})
    assert new_sign_in.status_code == 302
    session.expire_all()
    assert session.get(User, other.id).password_hash == other_hash  # only the demo accounts
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.password_reset")
    ).all()
    assert len(events) == 4
    demo_organisation = session.scalar(
        select(Organisation).where(Organisation.name == "Ville de Démoville")
    )
    assert {event.organisation_id for event in events} == {demo_organisation.id}
    assert {event.after["via"] for event in events} == {"demo --reset-passwords"}


def test_demo_reset_passwords_leaves_a_demo_address_of_another_organisation_alone(runner, session):
    stranger = make_user(session, role=Role.ADMIN, email="admin@demo.procure.fr")
    session.commit()
    stranger_hash = stranger.password_hash
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["demo", "--reset-passwords"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.procure.fr belongs to another organisation; left alone." in result.output
    assert "admin@demo.procure.fr  password:" not in result.output
    session.expire_all()
    assert session.get(User, stranger.id).password_hash == stranger_hash


def test_create_user_command_and_its_errors(runner, session):
    args = [
        "create-user",
        "--email",
        "Anne@Example.org",
        "--name",
        "Anne",
        "--role",
        "legal",
        "--organisation",
        "Métropole",
    ]
    result = runner.invoke(args=args, input="long enough password\nlong enough password\n")
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User))
    assert (user.email, user.role, user.organisation.name) == (
        "anne@example.org",
        "legal",
        "Métropole",
    )
    again = runner.invoke(args=args, input="long enough password\nlong enough password\n")
    assert again.exit_code == 1
    assert "already exists" in again.output
    short = runner.invoke(args=[*args[:2], "b@example.org", *args[3:]], input="short\nshort\n")
    assert "at least 10 characters" in short.output


def test_make_migration_drafts_an_empty_migration_when_the_models_match(
    runner, tmp_path, monkeypatch
):
    import shutil

    from procure import migrate

    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_PATH, folder)
    monkeypatch.setattr(migrate, "MIGRATIONS_PATH", folder)
    result = runner.invoke(args=["make-migration", "nothing changed"])
    assert result.exit_code == 0, result.output
    (drafted,) = (folder / "versions").glob("*nothing_changed.py")
    upgrade = drafted.read_text().split("def upgrade")[1].split("def downgrade")[0]
    assert "op." not in upgrade  # the migrated schema already matches the models


def test_migration_0006_adds_session_generations_and_sign_in_failures_and_removes_them(
    app, session
):
    engine = get_engine(app)
    user = make_user(session, email="avant@example.org")
    session.commit()
    downgrade(engine, "0004")
    assert "sign_in_failure" not in inspect(engine).get_table_names()
    columns = {column["name"] for column in inspect(engine).get_columns("user_account")}
    assert "session_generation" not in columns
    upgrade(engine)
    assert "sign_in_failure" in inspect(engine).get_table_names()
    session.expire_all()
    assert session.get(User, user.id).session_generation == 0  # existing users start at 0


def test_migration_0007_gives_web_clauses_and_sets_to_their_author_organisation(app, session):
    """Before 0007 a clause or set created on the web belonged to nobody, so every
    organisation saw it; the reference library's (no author) stays shared."""
    from sqlalchemy import text

    from procure.library.loader import load_library
    from tests.integration.test_review_workflow import CLAUSES

    engine = get_engine(app)
    author = make_user(session, role=Role.LEGAL)
    load_library(session, CLAUSES)
    session.commit()
    downgrade(engine, "0006")
    with engine.begin() as connection:
        reference = connection.execute(
            text("SELECT id FROM clause WHERE slug = 'insertion-hours'")
        ).scalar_one()
        row = (
            connection.execute(
                text("SELECT * FROM clause_version WHERE clause_id = :id"), {"id": reference}
            )
            .mappings()
            .one()
        )
        connection.execute(
            text(
                "INSERT INTO clause (slug, folder, created_at) "
                "VALUES ('clause-du-web', 'social', :now)"
            ),
            {"now": row["created_at"]},
        )
        web = connection.execute(
            text("SELECT id FROM clause WHERE slug = 'clause-du-web'")
        ).scalar_one()
        copy = {k: v for k, v in row.items() if k not in ("id", "content")} | {
            "clause_id": web,
            "author_id": author.id,
        }
        columns = ", ".join(copy)
        values = ", ".join(f":{name}" for name in copy)
        connection.execute(
            text(
                f"INSERT INTO clause_version ({columns}, content) "
                f"SELECT {values}, content FROM clause_version WHERE clause_id = :reference"
            ),
            copy | {"reference": reference},
        )
    upgrade(engine)
    session.expire_all()
    owners = dict(
        session.execute(
            select(Clause.slug, Clause.organisation_id).where(
                Clause.slug.in_(["insertion-hours", "clause-du-web"])
            )
        ).all()
    )
    assert owners == {"insertion-hours": None, "clause-du-web": author.organisation_id}


def test_migration_0008_turns_a_count_of_lots_into_lots_and_keeps_every_answer(app, session):
    """Before 0008 step 1 stored a number of lots: one lot becomes a contract not divided,
    its written reason for not splitting moving to step 1; several lots become that many
    lots with the tender's codes and an equal share of its value; the downgrade counts
    them again."""
    from procure.models import Tender, TenderClause
    from procure.tenders.snapshots import purchase_of
    from tests.factories import make_tender

    engine = get_engine(app)
    buyer = make_user(session)
    single = make_tender(session, owner=buyer, title="Un seul lot")
    divided = make_tender(session, owner=buyer, title="Trois lots", estimated_value="1000000")
    session.commit()
    downgrade(engine, "0007")
    with engine.begin() as connection:
        rows = connection.execute(select(Tender.__table__.c.id, Tender.__table__.c.answers))
        stored = dict(rows.all())
        assert stored[single.id]["purchase"]["lots"] == 1
        answers = stored[divided.id]
        answers["purchase"]["lots"] = 3
        connection.execute(
            Tender.__table__.update().where(Tender.__table__.c.id == divided.id),
            {"answers": answers},
        )
        answers = stored[single.id]
        answers["justifications"] = {"lots-sme-access": "Une seule équipe d'encadrement."}
        connection.execute(
            Tender.__table__.update().where(Tender.__table__.c.id == single.id),
            {"answers": answers},
        )
    upgrade(engine)
    session.expire_all()
    one = purchase_of(session.get(Tender, single.id))
    assert one.lots == ()
    assert one.unsplit_reason == "Une seule équipe d'encadrement."
    assert "lots-sme-access" not in session.get(Tender, single.id).answers["justifications"]
    three = purchase_of(session.get(Tender, divided.id))
    assert [lot.title for lot in three.lots] == ["Lot 1", "Lot 2", "Lot 3"]
    assert sum(lot.estimated_value for lot in three.lots) == three.estimated_value == 1_000_000
    assert {lot.cpv_main for lot in three.lots} == {three.cpv_main}
    assert session.get(Tender, divided.id).answers["purchase"]["subject"]  # the rest is kept
    assert session.scalars(select(TenderClause.lots)).all() == []  # no clause chosen here
    session.commit()  # PostgreSQL: no open transaction may hold the table during the downgrade
    downgrade(engine, "0007")
    with engine.begin() as connection:
        query = select(Tender.__table__.c.id, Tender.__table__.c.answers)
        rows = dict(connection.execute(query).all())
    assert rows[divided.id]["purchase"]["lots"] == 3
    assert rows[single.id]["justifications"] == {
        "lots-sme-access": "Une seule équipe d'encadrement."
    }
    upgrade(engine)


def test_migration_0010_turns_notifications_on_for_existing_users_and_removes_them(app, session):
    """Users who were there before 0010 keep getting review mails, in French until they
    choose a language; the downgrade removes both settings and keeps the users."""
    from procure.models import Tender
    from tests.factories import make_tender

    engine = get_engine(app)
    user = make_user(session, email="avant@example.org")
    tender = make_tender(session, owner=user, title="Déjà là")  # a row that refers to the user
    session.commit()
    downgrade(engine, "0009")
    columns = {column["name"] for column in inspect(engine).get_columns("user_account")}
    assert not {"notify_by_email", "language"} & columns
    upgrade(engine)
    session.expire_all()
    again = session.get(User, user.id)
    assert again.notify_by_email is True
    assert again.language is None
    assert session.get(Tender, tender.id).owner_id == user.id
    again.language = "de"
    with pytest.raises(IntegrityError):  # the database keeps the language to fr or en
        session.flush()
    session.rollback()
    downgrade(engine, "0009")
    with engine.connect() as connection:
        emails = connection.execute(select(User.__table__.c.email)).scalars().all()
    assert emails == ["avant@example.org"]
    upgrade(engine)


def test_migration_0011_hashes_approved_versions_and_reviews_adapted_wording(app, session):
    """Versions approved before 0011 get their approved hash from their stored content;
    a draft gets none until approved; every organisation there reviews adapted wording.
    The downgrade removes both columns and keeps the rows."""
    from sqlalchemy import text

    from procure.library.canonical import approved_hash
    from procure.library.loader import load_library
    from procure.models import ClauseVersion
    from tests.integration.test_review_workflow import CLAUSES

    engine = get_engine(app)
    user = make_user(session, email="avant@example.org")
    load_library(session, CLAUSES)
    session.commit()
    expected = {
        version.id: approved_hash(version.content) if version.status == "approved" else None
        for version in session.scalars(select(ClauseVersion))
    }
    assert any(expected.values())
    assert {v.id: v.approved_hash for v in session.scalars(select(ClauseVersion))} == expected
    session.commit()  # PostgreSQL: no open transaction may hold the table during the downgrade
    downgrade(engine, "0010")
    assert "approved_hash" not in {c["name"] for c in inspect(engine).get_columns("clause_version")}
    assert "review_adapted_wording" not in {
        c["name"] for c in inspect(engine).get_columns("organisation")
    }
    with engine.begin() as connection:
        draft = min(key for key, value in expected.items() if value)
        connection.execute(
            text("UPDATE clause_version SET status = 'draft' WHERE id = :id"), {"id": draft}
        )
    upgrade(engine)
    session.expire_all()
    stored = dict(session.execute(select(ClauseVersion.id, ClauseVersion.approved_hash)).all())
    assert stored == {**expected, draft: None}
    assert session.get(Organisation, user.organisation_id).review_adapted_wording is True
    session.commit()
    downgrade(engine, "0010")
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM clause_version")).scalar_one()
        emails = connection.execute(select(User.__table__.c.email)).scalars().all()
    assert count == len(expected)
    assert emails == ["avant@example.org"]
    upgrade(engine)


def test_migration_0013_adds_api_tokens_with_unique_hashes_and_removes_them(app, session):
    from procure.apitokens.services import create_api_token
    from procure.models import ApiToken

    engine = get_engine(app)
    admin = make_user(session, role=Role.ADMIN, email="admin-api@example.org")
    session.commit()
    downgrade(engine, "0011")
    assert "api_token" not in inspect(engine).get_table_names()
    upgrade(engine)
    session.expire_all()
    issued = create_api_token(session, admin=session.get(User, admin.id), name="Plateforme")
    session.commit()
    session.add(
        ApiToken(
            organisation_id=issued.token.organisation_id,
            name="Copie",
            token_hash=issued.token.token_hash,
        )
    )
    with pytest.raises(IntegrityError):  # one hash, one token
        session.flush()
    session.rollback()
    downgrade(engine, "0011")
    assert "api_token" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        emails = connection.execute(select(User.__table__.c.email)).scalars().all()
    assert emails == ["admin-api@example.org"]
    upgrade(engine)
