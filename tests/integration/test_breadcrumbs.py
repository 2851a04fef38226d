"""Every page below the home has breadcrumbs: an ordered list in a labelled navigation,
from the home page to the current page, which is marked and not a link."""

from __future__ import annotations

import html
import re

from procure.library.loader import load_library
from procure.models import User
from procure.vocabulary import Role
from tests.factories import make_tender
from tests.integration.conftest import CLAUSES

NAV = re.compile(r'<nav class="breadcrumbs" aria-label="([^"]*)">\s*<ol>(.*?)</ol>\s*</nav>', re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)
LINK = re.compile(r'^<a href="([^"]+)">(.*)</a>$', re.S)
CURRENT = re.compile(r'^<span aria-current="page">(.*)</span>$', re.S)


def trail(page: str) -> list[tuple[str, str | None]]:
    """The breadcrumbs as (label, link); the current page's link is "current"."""
    (found,) = NAV.findall(page)
    label, items = found
    assert html.unescape(label) == "Fil d’Ariane"
    crumbs = []
    for raw in ITEM.findall(items):
        item = raw.strip()
        if link := LINK.match(item):
            crumbs.append((html.unescape(link[2]), html.unescape(link[1])))
        else:
            current = CURRENT.match(item)
            assert current, item
            crumbs.append((html.unescape(current[1]), "current"))
    assert [link for _, link in crumbs].count("current") == 1
    assert crumbs[-1][1] == "current"
    return crumbs


def test_library_clause_and_tender_pages_have_their_trail(client, auth, session):
    slug = next(CLAUSES.rglob("*.yaml")).stem
    load_library(session, CLAUSES)
    session.commit()
    buyer = session.get(User, auth.login_as(Role.BUYER))
    assert trail(client.get("/library/").text) == [
        ("Accueil", "/"),
        ("Bibliothèque", "current"),
    ]
    clause_page = client.get(f"/library/{slug}").text
    crumbs = trail(clause_page)
    assert crumbs[:2] == [("Accueil", "/"), ("Bibliothèque", "/library/")]
    title = re.search(r"<h1>(.*?)</h1>", clause_page, re.S)[1]
    assert crumbs[2] == (html.unescape(title), f"/library/{slug}")
    assert re.fullmatch(r"Version \d+", crumbs[3][0])
    assert crumbs[3][1] == "current"

    tender = make_tender(session, owner=buyer, title="Restauration scolaire")
    session.commit()
    assert trail(client.get(f"/tenders/{tender.id}/step/context").text) == [
        ("Accueil", "/"),
        ("Mes consultations", "/tenders/"),
        (f"{tender.reference} — Restauration scolaire", f"/tenders/{tender.id}"),
        ("2. Contexte", "current"),
    ]


def test_administration_and_review_pages_have_their_trail(client, auth, session):
    auth.login_as(Role.ADMIN)
    assert trail(client.get("/admin/organisation").text) == [
        ("Accueil", "/"),
        ("Administration", "/admin/"),
        ("Paramètres de l’organisation", "current"),
    ]
    assert trail(client.get("/admin/users/invite").text)[1:] == [
        ("Administration", "/admin/"),
        ("Utilisateurs", "/admin/users"),
        ("Inviter un utilisateur", "current"),
    ]
    assert trail(client.get("/review/").text) == [
        ("Accueil", "/"),
        ("Relectures", "current"),
    ]


def test_the_home_page_has_no_breadcrumbs(client, auth):
    auth.login_as(Role.BUYER)
    assert 'class="breadcrumbs"' not in client.get("/").text
