"""Browser tests: the real application served on 127.0.0.1, driven by Debian's Chromium.

One server and one browser serve the whole session; every test gets a fresh browser
context (no cookies) and, when it needs one, a user of its own, so no test depends on
another's data. Browser tests run on SQLite only: they test the pages, the database
layers are covered by the integration tests.

A test fails at teardown when the server raised an exception while it ran, or when the
page logged a JavaScript error (a Content-Security-Policy violation is one).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from flask import Flask, got_request_exception
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.serving import BaseWSGIServer, make_server

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the ``browser`` fixture reports it: a skip locally, a failure in CI
    PlaywrightError = expect = sync_playwright = None

from procure import create_app
from procure.cpv.loader import load_default_cpv
from procure.db import get_engine, make_engine
from procure.library.loader import load_library
from procure.migrate import upgrade
from procure.vocabulary import Role
from tests.conftest import ROOT, unavailable
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_user, purchase_form

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 5_000  # a page of this app answers in well under a second
_user_numbers = itertools.count(1)


@dataclass
class LiveServer:
    """The application served on 127.0.0.1 by werkzeug in a background thread."""

    app: Flask
    url: str
    engine: Engine
    server: BaseWSGIServer
    thread: threading.Thread
    errors: list[BaseException] = field(default_factory=list)

    def make_user(self, role: Role = Role.BUYER) -> str:
        """A new user (in a new organisation) who may sign in; returns the email address."""
        number = next(_user_numbers)
        with Session(self.engine) as session:
            organisation = make_organisation(session, f"Ville de Navigateur {number}")
            user = make_user(
                session,
                role=role,
                organisation=organisation,
                email=f"navigateur{number}@example.org",
            )
            session.commit()
            return user.email

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real application, CSRF on, over a migrated SQLite database with the library."""
    folder = tmp_path_factory.mktemp("browser-db")
    database_url = f"sqlite:///{folder / 'procure.sqlite3'}"
    engine = make_engine(database_url)
    upgrade(engine)
    with Session(engine) as session:
        load_library(session, ROOT / "clauses")
        load_default_cpv(session)
        session.commit()
    engine.dispose()

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "browser test secret key",
            "WTF_CSRF_ENABLED": True,
            "CLAUSES_PATH": str(ROOT / "clauses"),
            "MAIL_OUTBOX_PATH": str(folder / "outbox"),
        }
    )
    # Compile every page template here, in the main thread: CPython 3.11 can raise a
    # spurious "AST constructor recursion depth mismatch" when two threads compile at once
    # (python/cpython#106905), and the server answers each request in a thread of its own.
    for name in app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")):
        app.jinja_env.get_template(name)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    live = LiveServer(
        app=app,
        url=f"http://127.0.0.1:{server.server_port}",
        engine=get_engine(app),
        server=server,
        thread=thread,
    )

    def remember(_sender: Flask, exception: BaseException, **_extra: Any) -> None:
        live.errors.append(exception)

    got_request_exception.connect(remember, app)
    thread.start()
    try:
        yield live
    finally:
        live.stop()
        got_request_exception.disconnect(remember, app)
        get_engine(app).dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, through Playwright; never a downloaded browser."""
    if sync_playwright is None:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
            )
        except PlaywrightError as error:
            unavailable(f"Chromium did not start: {error}")
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A page in a fresh browser context (no cookies) whose relative URLs go to the app."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    console_errors: list[str] = []

    def remember(message: Any) -> None:
        # The app declares no favicon; the browser's own request for one is not a page error.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            console_errors.append(f"{message.text} ({message.location.get('url')})")

    new_page.on("console", remember)
    new_page.on("pageerror", lambda error: console_errors.append(str(error)))
    errors_before = len(live_server.errors)
    yield new_page
    context.close()
    server_errors = live_server.errors[errors_before:]
    assert not server_errors, f"the server raised: {server_errors!r}"
    assert not console_errors, f"the browser console shows errors: {console_errors!r}"


@pytest.fixture
def buyer(live_server: LiveServer, page: Any) -> Any:
    """A page signed in, through the form, as a new buyer of a new organisation."""
    sign_in(page, live_server.make_user(Role.BUYER))
    return page


def sign_in(page: Any, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in through the real form (French labels: the default language)."""
    page.goto("/sign-in")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    page.get_by_text("Vous êtes connecté").wait_for()


# -- The guided form ------------------------------------------------------------------

# Step 1's text fields by label, filled with what purchase_form() posts (read-only).
PURCHASE_LABELS = {
    "title": "Intitulé de la consultation",
    "subject": "Objet du marché",
    "estimated_value": "Montant estimé HT (€)",
    "duration_months": "Durée en mois",
    "launch_date": "Lancement prévu de la consultation",
}
PURCHASE = MappingProxyType(
    {label: purchase_form()[name] for name, label in PURCHASE_LABELS.items()}
)
STEP_HEADING = re.compile(r"Étape (\d) sur 6")


def start_tender(page: Any) -> int:
    """Create a tender from “My tenders”; return its id (the page shows step 1)."""
    page.goto("/tenders/")
    page.get_by_role("button", name="Nouvelle consultation").click()
    page.wait_for_url(re.compile(r"/tenders/\d+/step/purchase$"))
    return int(re.search(r"/tenders/(\d+)/", page.url).group(1))


def fill_purchase(page: Any, cpv: str = "55523100-3") -> None:
    """Fill step 1 with a school-catering purchase (the CPV typed in full)."""
    for label, value in PURCHASE.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("radio", name="Services", exact=True).check()
    if cpv:
        page.get_by_label("Code CPV principal").fill(cpv)


def save_step(page: Any, next_step: int) -> None:
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect_step(page, next_step)


def expect_step(page: Any, number: int) -> None:
    expect(page.get_by_text(STEP_HEADING)).to_contain_text(f"Étape {number} sur 6")


def fill_context(page: Any) -> None:
    page.get_by_label("Denrées pour la restauration collective").check()


def balance_weights(page: Any, price: str = "40") -> None:
    """Step 5: price at ``price`` %, the technical value takes what is left up to 100 %."""
    clause_weights = page.locator("input[name^=w__]")
    others = sum(
        float(clause_weights.nth(i).input_value().replace(",", "."))
        for i in range(clause_weights.count())
    )
    page.get_by_label("Prix (%)", exact=True).fill(price)
    page.get_by_label("Valeur technique (%)", exact=True).fill(f"{100 - float(price) - others:g}")


def walk_to_review(page: Any) -> int:
    """Create a tender and save every step with plausible answers; return the tender id."""
    tender_id = start_tender(page)
    fill_purchase(page)
    save_step(page, 2)
    fill_context(page)
    save_step(page, 3)
    save_step(page, 4)
    save_step(page, 5)
    balance_weights(page)
    save_step(page, 6)
    return tender_id
