"""Every main page makes at most ten SQL queries, with the demo data and a 40-clause
tender (issue 20): lists are read with their rows in one query, not one query per row."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from procure.db import get_engine
from procure.library.content import ClauseContent
from procure.vocabulary import Role
from tests.page_load import counting_queries, pages, seed, sign_in

MAX_QUERIES = 10
CONTENT_COLUMN = re.compile(r"\bclause_version(_\d+)?\.content\b")


@pytest.fixture
def seeded(app: Flask):
    return seed(app)


def test_every_main_page_makes_at_most_ten_queries(app: Flask, seeded) -> None:
    counts: dict[str, int] = {}
    clients = {}
    for page in pages(seeded):
        if page.role not in clients:
            clients[page.role] = app.test_client()
            sign_in(clients[page.role], seeded.emails[page.role])
        with counting_queries(get_engine(app)) as statements:
            response = clients[page.role].get(page.url)
        assert response.status_code == 200, f"{page.label}: HTTP {response.status_code}"
        counts[page.label] = len(statements)
    report = "\n".join(f"{count:4}  {label}" for label, count in counts.items())
    print(report)
    assert max(counts.values()) <= MAX_QUERIES, f"pages over {MAX_QUERIES} queries:\n{report}"


def test_pages_read_no_clause_content_once_parsed(app: Flask, seeded, monkeypatch) -> None:
    """The library and the clause step parse each version's JSON once per process, not
    on every request: a second visit neither selects nor parses any content."""
    client = app.test_client()
    sign_in(client, seeded.emails[Role.BUYER])
    urls = ["/library/", f"/tenders/{seeded.draft_id}/step/clauses"]
    for url in urls:
        assert client.get(url).status_code == 200
    parsed = []
    original = ClauseContent.from_mapping.__func__
    monkeypatch.setattr(
        ClauseContent,
        "from_mapping",
        classmethod(lambda cls, data: parsed.append(data) or original(cls, data)),
    )
    for url in urls:
        with counting_queries(get_engine(app)) as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert [s for s in statements if CONTENT_COLUMN.search(s)] == [], url
    assert parsed == []
    assert f'value="{seeded.clause_slug}"' in response.get_data(as_text=True)
