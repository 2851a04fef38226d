"""The database engine and the one session each request uses.

Services only ``flush()``; the request boundary commits once when the response
is a success and rolls back otherwise. CLI commands use ``session_scope``. Work that
must follow a committed change, never a rolled-back one (mails), waits in ``after_commit``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

EXTENSION_KEY = "procure.db"
logger = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION_KEY] = sessionmaker(bind=engine, expire_on_commit=False)
    app.after_request(_commit_on_success)
    app.teardown_appcontext(_close_session)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def get_engine(app: Flask | None = None) -> Engine:
    factory = (app or current_app).extensions[EXTENSION_KEY]
    return factory.kw["bind"]


def get_session() -> Session:
    """The session of the current request or CLI command, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[EXTENSION_KEY]()
    return g.db_session


def after_commit(callback: Callable[[], None]) -> None:
    """Call ``callback`` once this request's changes are committed; never if they are
    rolled back. It runs after the commit: its failure cannot undo the change, and is
    logged, never shown to the person."""
    g.setdefault("after_commit", []).append(callback)


def _commit_on_success(response: Response) -> Response:
    session = g.get("db_session")
    callbacks = g.pop("after_commit", [])
    if session is not None:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
            callbacks = []
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the change is committed: report the failure, answer as planned
            logger.exception("A task after the commit failed: %r", callback)
    return response


def _close_session(_exception: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session for work outside a request: commit at the end, roll back on error."""
    session = get_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
