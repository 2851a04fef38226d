"""Fixtures: every database test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from procure import clock, create_app
from procure.db import get_engine, make_engine
from procure.migrate import upgrade
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.postgres_server import PostgresServer, PostgresUnavailable, start_server
from tests.smtp import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
_database_numbers = itertools.count(1)


def unavailable(reason: str) -> None:
    """Skip locally with a visible reason; in CI a missing dependency is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: tests must not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = start_server()
    except PostgresUnavailable as error:
        unavailable(str(error))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    postgres_server.execute("CREATE DATABASE procure_template")
    engine = make_engine(postgres_server.url("procure_template"))
    upgrade(engine)
    engine.dispose()
    return "procure_template"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "procure.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"procure_test_{next(_database_numbers)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield server.url(name)
    server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test secret key",
            "WTF_CSRF_ENABLED": False,
            "CLAUSES_PATH": str(ROOT / "clauses"),
            # LibreOffice's page numbers cost a second per download; the tests
            # that need them switch this on (test_documents_refresh.py).
            "REFRESH_FIELDS": False,
            # Invitation and password links are mailed into this test's own outbox.
            "MAIL_OUTBOX_PATH": str(tmp_path / "outbox"),
        }
    )
    yield app
    # Connections a test left checked out go back to the pool now, while their database
    # still exists: garbage-collected later, their failed reset would log a traceback in
    # the middle of another test, and CPython 3.11 then fails any ast.parse running there
    # ("AST constructor recursion depth mismatch", python/cpython#106905).
    gc.collect()
    get_engine(app).dispose()


class FrozenClock:
    """``procure.clock.now()`` stopped at ``now``; ``advance`` moves it on."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """Stop the application's clock (session expiry) for a test that moves it instead of
    sleeping."""
    frozen = FrozenClock(clock.now())
    monkeypatch.setattr(clock, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def smtp(app: Flask) -> Iterator[SmtpServer]:
    """A real SMTP server on a free port, and ``app`` sending its mail through it (rather
    than into the outbox)."""
    server = SmtpServer().start()
    app.config.update(
        MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=server.port, MAIL_SMTP_STARTTLS=False
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session of its own for arranging and checking data, outside any request."""
    with Session(get_engine(app), expire_on_commit=False) as own_session:
        yield own_session


class AuthActions:
    def __init__(self, client: FlaskClient, app: Flask) -> None:
        self._client = client
        self._app = app

    def login_as(self, role, **overrides):
        """Create a user with ``role`` and sign in as them; return the user's id and email."""
        with Session(get_engine(self._app)) as session:
            user = make_user(session, role=role, **overrides)
            session.commit()
            email, user_id = user.email, user.id
        self.login(email)
        return user_id

    def login(self, email: str, password: str = DEFAULT_PASSWORD):
        return self._client.post("/sign-in", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/sign-out")


@pytest.fixture
def auth(client: FlaskClient, app: Flask) -> AuthActions:
    return AuthActions(client, app)
