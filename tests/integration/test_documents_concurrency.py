"""Several people download a tender's documents at the same moment, against a live
server answering each request in a thread of its own: every download succeeds and none
changes the tender."""

from __future__ import annotations

import threading
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
from tests.factories import DEFAULT_PASSWORD
from tests.integration.test_wizard import new_tender, walk_to_review

DOWNLOADS = ("all.docx", "all.zip", "rc.docx", "ccap.docx", "all.docx", "grid.xlsx")
WORKERS = 4
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
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    data = urllib.parse.urlencode({"email": email, "password": DEFAULT_PASSWORD}).encode()
    with opener.open(f"{base}/sign-in", data=data, timeout=10) as response:
        assert "/sign-in" not in response.url, "the sign-in failed"
    return opener


def test_concurrent_downloads_all_succeed_and_change_nothing(buyer, session, live_url):
    base, errors = live_url
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    tender = session.get(Tender, tender_id)
    before = (tender.status, tender.lock_version, tender.updated_at)
    events_before = session.scalar(select(func.count(AuditEvent.id)))
    # Two browsers of the same buyer, as with two tabs or two colleagues' sessions.
    openers = [signed_in_opener(base, "acheteuse@example.org") for _ in range(2)]

    def download(index: int) -> tuple[int, bytes]:
        url = f"{base}/tenders/{tender.id}/documents/{DOWNLOADS[index % len(DOWNLOADS)]}"
        try:
            with openers[index % 2].open(url, timeout=TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(download, range(2 * len(DOWNLOADS)), timeout=TIMEOUT))

    assert [status for status, _ in results] == [200] * len(results), errors
    assert all(body.startswith(b"PK") for _, body in results)  # docx, zip, xlsx
    assert errors == []
    session.expire_all()
    again = session.get(Tender, tender.id)
    assert (again.status, again.lock_version, again.updated_at) == before
    assert session.scalar(select(func.count(AuditEvent.id))) == events_before
