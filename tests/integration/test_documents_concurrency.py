"""Several people download a tender's documents at the same moment, against a live
server answering each request in a thread of its own: every download succeeds and none
changes the tender."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from typing import Any

import pytest
from flask import Flask, got_request_exception
from sqlalchemy import func, select
from werkzeug.serving import make_server

from procure.models import AuditEvent, Tender
from tests.conftest import ROOT
from tests.factories import DEFAULT_PASSWORD
from tests.integration.test_wizard import new_tender, walk_to_review

DOWNLOADS = ("all.docx", "all.zip", "rc.docx", "ccap.docx", "all.docx", "grid.xlsx")
WORKERS = 4
CSRF_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
GUNICORN = (sys.executable, "-m", "gunicorn", "--workers", "3")
TIMEOUT = 60  # seconds, for the whole batch: a download takes well under one


@pytest.fixture
def live_url(app: Flask) -> Iterator[tuple[str, list[BaseException]]]:
    """``app`` served on 127.0.0.1 by werkzeug, a thread per request; and the exceptions
    the application raised meanwhile."""
    for name in app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")):
        app.jinja_env.get_template(name)  # compiled here, not by two threads at once
    errors: list[BaseException] = []

    def remember(_sender: Flask, exception: BaseException, **_extra: Any) -> None:
        errors.append(exception)

    got_request_exception.connect(remember, app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", errors
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        got_request_exception.disconnect(remember, app)


def signed_in_opener(base: str, email: str) -> urllib.request.OpenerDirector:
    """A browser of its own, signed in as ``email`` (with the CSRF token when asked)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/sign-in", timeout=10) as response:
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', response.read().decode()
        )
    fields = {"email": email, "password": DEFAULT_PASSWORD}
    if token is not None:
        fields["csrf_token"] = token.group(1)
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(f"{base}/sign-in", data=data, timeout=10) as response:
        assert "/sign-in" not in response.url, "the sign-in failed"
    return opener


def download_at_once(base: str, tender_id: int) -> list[tuple[int, bytes]]:
    """Every download of ``DOWNLOADS`` twice, ``WORKERS`` at a time, from two browsers of
    the same buyer (as with two tabs, or a colleague's session)."""
    openers = [signed_in_opener(base, "acheteuse@example.org") for _ in range(2)]

    def download(index: int) -> tuple[int, bytes]:
        url = f"{base}/tenders/{tender_id}/documents/{DOWNLOADS[index % len(DOWNLOADS)]}"
        try:
            with openers[index % 2].open(url, timeout=TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(download, range(2 * len(DOWNLOADS)), timeout=TIMEOUT))


def state_of(session, tender_id: int) -> tuple[object, ...]:
    """What a download must never change: the tender's status, version, time, audit log."""
    session.expire_all()
    tender = session.get(Tender, tender_id)
    events = session.scalar(select(func.count(AuditEvent.id)))
    return (tender.status, tender.lock_version, tender.updated_at, events)


def test_concurrent_downloads_all_succeed_and_change_nothing(buyer, session, live_url):
    base, errors = live_url
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    before = state_of(session, tender_id)

    results = download_at_once(base, tender_id)

    assert [status for status, _ in results] == [200] * len(results), errors
    assert all(body.startswith(b"PK") for _, body in results)  # docx, zip, xlsx
    assert errors == []
    assert state_of(session, tender_id) == before


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_concurrent_downloads_through_three_gunicorn_workers(
    buyer, session, database_url, tmp_path
):
    """As ``make serve`` runs it: three gunicorn worker processes on PostgreSQL."""
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    before = state_of(session, tender_id)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "gunicorn test secret key",
        "PROCURE_REFRESH_FIELDS": "false",
        "PROCURE_MAIL_OUTBOX_PATH": str(tmp_path / "outbox"),
    }
    server = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "wsgi:app"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server)
        results = download_at_once(base, tender_id)
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    statuses = [status for status, _ in results]
    assert statuses == [200] * len(results), log.decode(errors="replace")[-3000:]
    assert all(body.startswith(b"PK") for _, body in results)
    assert b"Traceback" not in log
    assert state_of(session, tender_id) == before


def wait_until_serving(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Until gunicorn answers (bounded): its workers import the application first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/sign-in", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # the server is still starting: poll again, within the deadline
    raise AssertionError("gunicorn did not answer in time")
