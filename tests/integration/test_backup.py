"""`backup FILE` and `restore FILE`: every row survives a round trip between SQLite and
PostgreSQL, in both directions, and a restore never lands on existing data."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import itertools
import json
import shutil
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import JSON, Engine, func, insert, null, select, text
from sqlalchemy.orm import Session

from procure import create_app
from procure.apitokens.services import create_api_token
from procure.auth.services import TokenPurpose, issue_token
from procure.backup import BackupError, as_utc, backup, restore, restore_from_file, tables
from procure.db import get_engine, make_engine
from procure.library.loader import load_library
from procure.library.search import LibraryQuery, search_library
from procure.models import (
    AuditEvent,
    ClauseSet,
    ClauseSetItem,
    ClauseSetVersion,
    ClauseVersion,
    CpvCode,
    DocumentTemplate,
    Organisation,
    ReviewComment,
    ReviewDecision,
    SearchSynonym,
    Tender,
    User,
)
from procure.vocabulary import Role
from tests.factories import context_form, purchase_form
from tests.integration.test_wizard import new_tender, walk_to_review

CLAUSES = Path(__file__).parents[2] / "clauses"
NULLS_EVENT = {"action": "test.nulls", "subject_type": "test"}
_restore_numbers = itertools.count(1)


def word_file() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def filled(app, client, auth, session) -> Engine:
    """A database with rows in every table, made through the application where possible."""
    load_library(session, CLAUSES)
    session.commit()
    buyer_id = auth.login_as(Role.BUYER, email="acheteuse@example.org")
    tender_id = new_tender(client)
    walk_to_review(client, tender_id)
    client.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form(title="Cantine « bio »"))
    client.post(f"/tenders/{tender_id}/step/context", data=context_form())
    typed = context_form(labour_share="« beaucoup »")  # not valid: kept as a draft
    client.post(f"/tenders/{tender_id}/step/context", data=typed)
    app.test_client().post("/sign-in", data={"email": "x@example.org", "password": "a guess"})
    buyer = session.get(User, buyer_id)
    organisation = buyer.organisation
    organisation.review_threshold = Decimal("90000.50")
    version = session.scalar(select(ClauseVersion).order_by(ClauseVersion.id))
    clause_set = ClauseSet(slug="cantine", organisation_id=organisation.id)
    session.add(clause_set)
    session.flush()
    set_version = ClauseSetVersion(
        clause_set_id=clause_set.id,
        number=1,
        title_fr="Cantine",
        title_en="Canteen",
        description={"fr": "Ensemble « cantine »", "en": "Canteen set"},
    )
    session.add(set_version)
    session.flush()
    content = word_file() + bytes(range(256))  # every byte value
    session.add_all(
        [
            ClauseSetItem(
                clause_set_version_id=set_version.id, clause_version_id=version.id, position=0
            ),
            CpvCode(
                code="55524000", check_digit="9", label_fr="Repas scolaires", label_en="School"
            ),
            ReviewDecision(
                tender_id=tender_id, decision="submitted", actor_id=buyer.id, comment="À revoir"
            ),
            ReviewComment(clause_version_id=version.id, author_id=buyer.id, body="Très bien ✓"),
            SearchSynonym(
                organisation_id=organisation.id,
                language="fr",
                terms=["cantine", "restauration scolaire"],
                one_way=True,
            ),
            DocumentTemplate(
                organisation_id=organisation.id,
                name="Modèle",
                filename="modèle.docx",
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                active=True,
                uploaded_by_id=buyer.id,
            ),
        ]
    )
    issue_token(session, buyer, TokenPurpose.RESET, created_by=buyer)
    create_api_token(session, admin=buyer, name="Plateforme « profil acheteur »")
    # The JSON value null and SQL NULL side by side: both must come back as they were.
    session.execute(
        insert(AuditEvent),
        [
            {**NULLS_EVENT, "subject_id": "json-null", "before": JSON.NULL, "after": {"a": None}},
            {**NULLS_EVENT, "subject_id": "sql-null", "before": null(), "after": JSON.NULL},
        ],
    )
    session.commit()
    engine = get_engine(app)
    empty = [table.name for table in tables() if not count(engine, table.name)]
    assert empty == [], "fill these tables so that the round trip covers them"
    return engine


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()


def normalise(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return as_utc(value)
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def every_row(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(normalise(value) for value in row)
                for row in connection.execute(
                    select(table).order_by(*(table.primary_key.columns or table.columns))
                )
            ]
            for table in tables()
        }


@pytest.fixture
def other_database(request, database_url, tmp_path) -> Iterator[str]:
    """A database of the other kind, without any table."""
    if not database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"procure_restore_{next(_restore_numbers)}"
    server.execute(f"CREATE DATABASE {name}")
    yield server.url(name)
    server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def backup_text(database_url: str) -> str:
    out = io.StringIO()
    backup(database_url, out)
    return out.getvalue()


def test_round_trip_to_the_other_database_keeps_every_row(database_url, filled, other_database):
    data = backup_text(database_url)
    target = make_engine(other_database)
    try:
        report = restore(target, io.StringIO(data))
        assert report.rows == {table.name: count(filled, table.name) for table in tables()}
        assert every_row(target) == every_row(filled)
        with Session(target) as session:
            # The id sequences follow the restored ids: new rows get fresh ids.
            session.add(Organisation(name="Nouvelle organisation"))
            session.commit()
            assert session.scalar(select(func.count(Organisation.id))) == 2
            # Full-text search works on the restored clauses.
            found = search_library(session, LibraryQuery(text="végétarien", page_size=200))
            assert found.items[0].clause.slug == "vegetarian-menu"
            template = session.scalar(select(DocumentTemplate))
            assert template.content.endswith(bytes(range(256)))
            tender = session.scalar(select(Tender))
            assert tender.answers["purchase"]["title"] == "Cantine « bio »"
    finally:
        target.dispose()


def test_the_backup_is_json_lines_with_one_section_per_table_in_foreign_key_order(
    database_url, filled
):
    lines = [json.loads(line) for line in backup_text(database_url).splitlines()]
    header, trailer = lines[0], lines[-1]
    assert header["format"] == "procure-backup"
    assert header["revision"]
    sections = [line["table"] for line in lines if isinstance(line, dict) and "table" in line]
    assert sections == [table.name for table in tables()]
    assert sections.index("organisation") < sections.index("user_account")
    assert sections.index("tender") < sections.index("tender_clause")
    assert trailer["end"] is True
    assert sum(trailer["rows"].values()) == sum(isinstance(line, list) for line in lines)
    start = next(
        number
        for number, line in enumerate(lines)
        if isinstance(line, dict) and line.get("table") == "document_template"
    )
    columns = lines[start]["columns"]
    row = dict(zip(columns, lines[start + 1], strict=True))
    assert row["filename"] == "modèle.docx"
    assert row["uploaded_at"].endswith("+00:00")
    assert isinstance(row["content"], str)  # base64


def test_restore_refuses_a_database_that_has_data(database_url, filled):
    data = backup_text(database_url)
    with pytest.raises(BackupError, match="not empty"):
        restore(filled, io.StringIO(data))


def test_restore_into_a_migrated_empty_database(database_url, filled, sqlite_template, tmp_path):
    path = tmp_path / "migrated.sqlite3"
    shutil.copy(sqlite_template, path)
    target = make_engine(f"sqlite:///{path}")
    try:
        restore(target, io.StringIO(backup_text(database_url)))
        assert every_row(target) == every_row(filled)
    finally:
        target.dispose()


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda lines: lines[:-1], "incomplete"),
        (lambda lines: lines[:-2] + lines[-1:], "row counts do not match"),
        (lambda lines: ['{"format": "something else"}', *lines[1:]], "not a procure backup"),
        (lambda lines: [lines[0].replace('"revision":"', '"revision":"x'), *lines[1:]], "revision"),
        (lambda lines: [*lines[:3], "{not json", *lines[3:]], "line 4 is not valid JSON"),
    ],
)
def test_a_damaged_backup_restores_nothing(database_url, filled, tmp_path, mangle, message):
    lines = backup_text(database_url).splitlines()
    target = make_engine(f"sqlite:///{tmp_path / 'damaged.sqlite3'}")
    try:
        with pytest.raises(BackupError, match=message):
            restore(target, io.StringIO("\n".join(mangle(lines)) + "\n"))
        with target.connect() as connection:
            names = set(connection.dialect.get_table_names(connection))
        if "organisation" in names:
            assert count(target, "organisation") == 0
    finally:
        target.dispose()


def test_backup_and_restore_commands(database_url, filled, runner, other_database, tmp_path):
    file = tmp_path / "procure-backup.jsonl.gz"
    result = runner.invoke(args=["backup", str(file)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    assert not (tmp_path / "procure-backup.jsonl.gz.partial").exists()
    target_app = create_app({"DATABASE_URL": other_database, "SECRET_KEY": "x", "TESTING": True})
    try:
        restored = target_app.test_cli_runner().invoke(args=["restore", str(file)])
        assert restored.exit_code == 0, restored.output
        assert "Restored" in restored.output
        assert every_row(get_engine(target_app)) == every_row(filled)
        again = target_app.test_cli_runner().invoke(args=["restore", str(file)])
        assert again.exit_code == 1
        assert "not empty" in again.output
        assert "Nothing was restored" in again.output
    finally:
        get_engine(target_app).dispose()


def test_backup_reads_one_snapshot_while_the_application_writes(database_url, filled, app):
    """Rows written during a backup are either wholly in it or wholly out of it."""

    class Interleaving(io.StringIO):
        wrote = False

        def write(self, value: str) -> int:
            if not self.wrote and '"table":"user_account"' in value:
                self.wrote = True
                with Session(filled) as session:
                    organisation = session.scalar(select(Organisation))
                    session.add(
                        User(
                            organisation_id=organisation.id,
                            email="pendant@example.org",
                            name="Pendant",
                            role="buyer",
                            password_hash="x",
                        )
                    )
                    session.add(Organisation(name="Pendant la sauvegarde"))
                    session.commit()
            return super().write(value)

    out = Interleaving()
    backup(database_url, out)
    assert out.wrote
    data = out.getvalue()
    assert "Pendant la sauvegarde" not in data
    assert "pendant@example.org" not in data


def json_nulls(engine: Engine) -> dict[str, list[tuple[bool, ...]]]:
    """For every row, which JSON columns hold SQL NULL (the JSON value null is not)."""
    found = {}
    with engine.connect() as connection:
        for table in tables():
            columns = [column for column in table.columns if isinstance(column.type, JSON)]
            if columns:
                query = select(*(column.is_(None) for column in columns)).order_by(
                    *table.primary_key.columns
                )
                found[table.name] = [tuple(row) for row in connection.execute(query)]
    return found


def test_json_null_and_sql_null_survive_the_round_trip(database_url, filled, other_database):
    before = json_nulls(filled)
    assert (False, False) in before["audit_event"]  # e.g. the JSON value null
    assert (True, False) in before["audit_event"]  # SQL NULL
    target = make_engine(other_database)
    try:
        restore(target, io.StringIO(backup_text(database_url)))
        assert json_nulls(target) == before
        with Session(target) as session:
            events = {
                event.subject_id: (event.before, event.after)
                for event in session.scalars(
                    select(AuditEvent).where(AuditEvent.subject_type == "test")
                )
            }
        assert events == {"json-null": (None, {"a": None}), "sql-null": (None, None)}
        with target.connect() as connection:
            raw = connection.execute(
                text(
                    "SELECT subject_id, before IS NULL FROM audit_event WHERE subject_type = 'test'"
                )
            )
            assert dict(raw.all()) == {"json-null": False, "sql-null": True}
    finally:
        target.dispose()


def test_a_version_1_backup_still_restores(database_url, filled, other_database):
    lines = backup_text(database_url).splitlines()
    header = json.loads(lines[0])
    header["version"] = 1
    json_columns = {
        table.name: [isinstance(column.type, JSON) for column in table.columns]
        for table in tables()
    }
    old: list[str] = [json.dumps(header)]
    kinds: list[bool] = []
    for line in lines[1:]:
        record = json.loads(line)
        if isinstance(record, dict) and "table" in record:
            kinds = json_columns[record["table"]]
        elif isinstance(record, list):  # version 1 wrote JSON values bare
            record = [
                (value[0] if value is not None else None) if is_json else value
                for value, is_json in zip(record, kinds, strict=True)
            ]
        old.append(json.dumps(record, ensure_ascii=False))
    target = make_engine(other_database)
    try:
        restore(target, io.StringIO("\n".join(old) + "\n"))
        assert every_row(target) == every_row(filled)
    finally:
        target.dispose()


def with_row_changed(data: str, table: str, column: str, value: Any) -> tuple[str, int]:
    """``data`` with ``column`` of the first ``table`` row set to ``value``; its line number."""
    lines = data.splitlines()
    start = next(
        number
        for number, line in enumerate(lines)
        if line.startswith("{") and json.loads(line).get("table") == table
    )
    row = json.loads(lines[start + 1])
    row[json.loads(lines[start])["columns"].index(column)] = value
    lines[start + 1] = json.dumps(row, ensure_ascii=False)
    return "\n".join(lines) + "\n", start + 2


@pytest.mark.parametrize(
    "case",
    [
        ("email", None, "is refused by the database: "),
        ("created_at", "last tuesday", "column created_at does not hold a valid DateTime value"),
        ("organisation_id", 987654, "is refused by the database: "),
    ],
)
def test_a_refused_row_is_named_without_its_values(
    database_url, filled, other_database, tmp_path, case
):
    column, value, refusal = case
    data, line = with_row_changed(backup_text(database_url), "user_account", column, value)
    with Session(filled) as session:
        secrets = [user.password_hash for user in session.scalars(select(User))]
    file = tmp_path / "refused.jsonl"
    file.write_text(data, encoding="utf-8")
    target_app = create_app({"DATABASE_URL": other_database, "SECRET_KEY": "x", "TESTING": True})
    try:
        result = target_app.test_cli_runner().invoke(args=["restore", str(file)])
        assert result.exit_code == 1
        assert f"Error: user_account: row 1 (line {line})" in result.output
        assert refusal in result.output
        assert "Nothing was restored." in result.output
        assert "Traceback" not in result.output
        assert not any(secret in result.output for secret in secrets)
        assert count(get_engine(target_app), "organisation") == 0
    finally:
        get_engine(target_app).dispose()


def test_a_huge_line_in_a_compressed_backup_is_refused_without_reading_it_whole(
    database_url, filled, tmp_path
):
    lines = backup_text(database_url).splitlines()
    file = tmp_path / "huge-line.jsonl.gz"
    with gzip.open(file, "wt", encoding="utf-8") as out:
        out.write(lines[0] + "\n" + lines[1] + "\n")
        out.write('["' + "A" * (8 * 1024 * 1024))
        for _ in range(15):  # 128 MB in all, on one line
            out.write("A" * (8 * 1024 * 1024))
        out.write('"]\n')
    target = make_engine(f"sqlite:///{tmp_path / 'huge.sqlite3'}")
    tracemalloc.start()
    try:
        with pytest.raises(BackupError, match="line 3 is longer than 16777216 characters"):
            restore_from_file(target, file)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        target.dispose()
    assert peak < 64 * 1024 * 1024
