"""axe-core audits of every page a user can reach, at zero WCAG 2.1 A/AA violations
(issue 18).

One organisation with a buyer, a jurist and an administrator per language, its tenders
(one divided into lots, one sent for review with an edited file checked), a clause in
review and an approved clause set are made once for the module; each role and language
keeps one signed-in browser context. Each check is one page load and one axe run. French
everywhere, English on a few pages, a few main pages again at 375 px wide, then the states
a page load does not show (forms sent back with errors, a flash message, the lots editor,
the CPV suggestions, weights that do not add up).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from procure.auth.services import TokenPurpose, issue_token
from procure.compliance import check
from procure.documents.builder import build_document
from procure.review.file_checks import check_edited_file
from procure.review.services import submit_tender
from procure.tenders.snapshots import snapshot_of
from procure.vocabulary import ClauseStatus, Role
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import TIMEOUT_MS, expect, sign_in
from tests.deviation_edits import insert_paragraph_after, open_file, replace_words, saved
from tests.factories import make_approved_set, make_organisation, make_tender, make_user
from tests.integration.test_review_workflow import clause_content, make_clause, next_version

pytestmark = pytest.mark.browser


ORGANISATION = "Ville de l’Audit"
# One person per role and language: switching to English is remembered on the account
# and comes back at the next sign-in, so the French pages keep people who never switch.
EMAILS = {
    (role, language): f"audit-{role.value}-{language}@example.org"
    for role in Role
    for language in ("fr", "en")
}
LOTS = (
    {"title": "Repas des écoles", "cpv_main": "55524000-9", "estimated_value": "500000"},
    {"title": "Repas des crèches", "cpv_main": "55523100-3", "estimated_value": "300000"},
)
MOBILE = 375


@dataclass(frozen=True)
class Audit:
    """A page to audit: who opens it, in which language, how wide, what it answers."""

    path: str
    role: Role | None = None  # None: not signed in
    language: str = "fr"
    width: int = 1280
    status: int = 200

    def __str__(self) -> str:
        who = self.role.value if self.role else "anonymous"
        return f"{who}-{self.language}-{self.width}:{self.path}"


WIZARD_STEPS = ("purchase", "context", "clauses", "variables", "criteria", "review")

AUDITS = (
    # Not signed in: the public pages and the errors.
    Audit("/"),
    Audit("/sign-in"),
    Audit("/sign-in", language="en"),
    Audit("/account/activate/{token}"),  # an invitation: choose a password
    Audit("/account/activate/not-a-token", status=404),
    Audit("/no-such-page", status=404),
    Audit("/no-such-page", language="en", status=404),
    Audit("/tenders/", status=200),  # the sign-in form, with the page asked for kept
    # A buyer.
    Audit("/", Role.BUYER),
    Audit("/", Role.BUYER, language="en"),
    Audit("/library/", Role.BUYER),
    Audit("/library/?q=insertion&theme=social&kind=execution", Role.BUYER),
    Audit("/library/?q=zzzzzz", Role.BUYER),  # no clause found
    Audit("/library/insertion-hours", Role.BUYER),
    Audit("/library/insertion-hours", Role.BUYER, language="en"),
    Audit("/tenders/", Role.BUYER),
    *(Audit(f"/tenders/{{tender}}/step/{slug}", Role.BUYER) for slug in WIZARD_STEPS),
    Audit("/tenders/{tender}/step/purchase", Role.BUYER, language="en"),
    Audit("/tenders/{tender}/step/review", Role.BUYER, language="en"),
    Audit("/admin/", Role.BUYER, language="en", status=403),
    Audit("/tenders/{lots}/step/purchase", Role.BUYER),
    Audit("/tenders/{lots}/step/clauses", Role.BUYER),
    Audit("/tenders/{lots}/step/review", Role.BUYER),
    Audit("/tenders/{tender}/delete", Role.BUYER),
    Audit("/tenders/{submitted}/documents/rc.docx", Role.BUYER, status=409),  # in review
    Audit("/tenders/{lots}/documents/rc.docx", Role.BUYER, status=409),  # not complete
    Audit("/account", Role.BUYER),
    Audit("/account/password", Role.BUYER),
    Audit("/admin/", Role.BUYER, status=403),
    Audit("/tenders/999999/step/purchase", Role.BUYER, status=404),
    # A jurist.
    Audit("/", Role.LEGAL),
    Audit("/review/", Role.LEGAL),
    Audit("/library/", Role.LEGAL),  # with the clause in review and its status
    Audit("/review/", Role.LEGAL, language="en"),
    Audit("/review/tenders/{submitted}", Role.LEGAL),
    Audit("/review/tenders/{submitted}/deviations/{event}", Role.LEGAL),
    Audit("/review/tenders/{submitted}/deviations/{event}", Role.LEGAL, language="en"),
    Audit("/review/clauses/vegetarian-menu/versions/2", Role.LEGAL),
    Audit("/review/clauses/vegetarian-menu/versions/2?view=inline", Role.LEGAL),
    Audit("/library/vegetarian-menu", Role.LEGAL),
    Audit("/library/vegetarian-menu/edit", Role.LEGAL),
    Audit("/library/new", Role.LEGAL),
    Audit("/library/synonyms", Role.LEGAL),
    Audit("/library/synonyms/new", Role.LEGAL),
    Audit("/review/clause-sets/", Role.LEGAL),
    Audit("/review/clause-sets/new", Role.LEGAL),
    Audit("/review/clause-sets/jeu-audit/versions/1", Role.LEGAL),
    Audit("/review/clause-sets/jeu-audit/edit", Role.LEGAL),
    # An administrator.
    Audit("/", Role.ADMIN),
    Audit("/admin/", Role.ADMIN),
    Audit("/admin/users", Role.ADMIN),
    Audit("/admin/users/invite", Role.ADMIN),
    Audit("/admin/templates", Role.ADMIN),
    Audit("/admin/organisation", Role.ADMIN),
    Audit("/admin/audit/", Role.ADMIN),
    Audit("/admin/audit/", Role.ADMIN, language="en"),
    # The main pages on a phone.
    Audit("/sign-in", width=MOBILE),
    Audit("/", Role.BUYER, width=MOBILE),
    Audit("/library/", Role.BUYER, width=MOBILE),
    Audit("/tenders/{tender}/step/purchase", Role.BUYER, width=MOBILE),
    Audit("/tenders/{tender}/step/review", Role.BUYER, width=MOBILE),
    Audit("/review/tenders/{submitted}", Role.LEGAL, width=MOBILE),
    Audit("/admin/users", Role.ADMIN, width=MOBILE),
)


@pytest.fixture(scope="module")
def world(live_server) -> dict[str, int | str]:
    """The organisation's people and data; returns the ids the audited paths need."""
    with Session(live_server.engine) as session:
        organisation = make_organisation(session, ORGANISATION)
        people = {
            key: make_user(session, role=key[0], organisation=organisation, email=email)
            for key, email in EMAILS.items()
        }
        buyer, jurist = people[Role.BUYER, "fr"], people[Role.LEGAL, "fr"]
        values = {"insertion-hours": {"insertion_hours": 1500, "insertion_rate": 5}}
        tender = make_tender(
            session, owner=buyer, clauses=["insertion-hours"], values=values, title="Audit"
        )
        lots = make_tender(session, owner=buyer, lots=LOTS, title="Audit en lots")
        submitted = make_tender(
            session, owner=buyer, clauses=["insertion-hours"], values=values, title="Relue"
        )
        submit_tender(session, submitted, actor=buyer, lock_version=None)
        # A clause of the organisation's own library: version 1 approved, version 2 in review.
        first = make_clause(
            session, "vegetarian-menu", folder="sustainable-food", organisation=organisation
        )
        content = clause_content("vegetarian-menu", "sustainable-food")
        content["text"]["fr"] = content["text"]["fr"].replace("menu", "repas", 1)
        next_version(session, first, content, status=ClauseStatus.IN_REVIEW, author_id=jurist.id)
        session.commit()

        snapshot = snapshot_of(submitted)
        document = open_file(build_document(snapshot, check(snapshot)))
        replace_words(document, "au moins 1", "au moins 2")
        insert_paragraph_after(document, "Le manquement aux engagements", "Une phrase ajoutée.")
        with live_server.app.app_context():
            event = check_edited_file(
                session, submitted, jurist, file_name="audit.docx", data=saved(document)
            )
        invited = make_user(session, organisation=organisation, email="audit-invite@example.org")
        token = issue_token(
            session, invited, TokenPurpose.INVITATION, created_by=people[Role.ADMIN, "fr"]
        )
        session.commit()
        ids = {
            "tender": tender.id,
            "lots": lots.id,
            "submitted": submitted.id,
            "event": event.id,
            "token": token,
        }
        make_approved_set(session, organisation, "jeu-audit", ["insertion-hours"])
    return ids


@pytest.fixture(scope="module")
def pages(browser, live_server, world) -> Iterator[Any]:
    """``pages(role, language, width)``: one page per combination, signed in once per
    role and language, kept for the whole module."""
    contexts: dict[tuple[Role | None, str], Any] = {}
    opened: dict[tuple[Role | None, str, int], Any] = {}

    def page_for(role: Role | None, language: str, width: int) -> Any:
        key = (role, language, width)
        if key in opened:
            return opened[key]
        context = contexts.get((role, language))
        if context is None:
            context = browser.new_context(base_url=live_server.url, locale="fr-FR")
            context.set_default_timeout(TIMEOUT_MS)
            contexts[(role, language)] = context
            first = context.new_page()
            if role is not None:
                sign_in(first, EMAILS[role, language])
            if language != "fr":
                first.goto("/")
                first.locator(f'button[name="language"][value="{language}"]').click()
                first.wait_for_load_state()
            first.close()
        new_page = context.new_page()
        new_page.set_viewport_size({"width": width, "height": 900})
        opened[key] = new_page
        return new_page

    yield page_for
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("audit", AUDITS, ids=str)
def test_page_has_no_wcag_violations(audit: Audit, pages, world, live_server):
    page = pages(audit.role, audit.language, audit.width)
    errors_before = len(live_server.errors)
    response = page.goto(audit.path.format(**world))
    assert response is not None
    assert response.status == audit.status, f"{audit.path} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == audit.language
    violations = axe_violations(page)
    assert not live_server.errors[errors_before:], "the server raised"
    assert not violations, f"axe-core found on {audit}:\n{describe(violations)}"


# -- pages in a state a page load does not show: errors, flash messages, editors ------------
# Each scenario leaves a page to audit. Those that sign in take a fresh context; the others
# use the role's page of the module and change nothing that another audit reads.


def sign_in_refused(page: Any, world: dict[str, int | str]) -> None:
    page.goto("/sign-in")
    page.get_by_label("Adresse électronique").fill(EMAILS[Role.BUYER, "fr"])
    page.get_by_label("Mot de passe").fill("not the password")
    submit(page, "Se connecter")
    expect_errors(page)


def signed_in_message(page: Any, world: dict[str, int | str]) -> None:
    sign_in(page, EMAILS[Role.BUYER, "fr"])  # leaves the home page with its flash message
    expect(page.locator(".flash--success")).to_be_visible()


def purchase_refused(page: Any, world: dict[str, int | str]) -> None:
    page.goto(f"/tenders/{world['tender']}/step/purchase")
    page.get_by_label("Intitulé de la consultation", exact=True).fill("")
    page.get_by_label("Montant estimé HT (€)", exact=True).fill("beaucoup")
    submit(page, "Enregistrer et continuer")
    expect_errors(page)


def lot_added(page: Any, world: dict[str, int | str]) -> None:
    page.goto(f"/tenders/{world['lots']}/step/purchase")
    submit(page, "Ajouter un lot")
    expect(page.locator('[name="lots-2-title"]')).to_be_visible()


def cpv_suggestions(page: Any, world: dict[str, int | str]) -> None:
    page.goto(f"/tenders/{world['tender']}/step/purchase")
    page.get_by_label("Code CPV principal").fill("repas")
    expect(page.locator("#cpv-suggestions button").first).to_be_visible()


def weights_not_100(page: Any, world: dict[str, int | str]) -> None:
    page.goto(f"/tenders/{world['tender']}/step/criteria")
    page.get_by_label("Prix (%)", exact=True).fill("95")
    expect(page.locator(".weights-total--wrong")).to_be_visible()


def password_refused(page: Any, world: dict[str, int | str]) -> None:
    page.goto("/account/password")
    submit(page, "Changer mon mot de passe")
    expect_errors(page)


def changes_without_comment(page: Any, world: dict[str, int | str]) -> None:
    page.goto(f"/review/tenders/{world['submitted']}")
    submit(page, "Demander des modifications")
    expect(page.get_by_role("alert").first).to_be_visible()


def edited_file_missing(page: Any, world: dict[str, int | str]) -> None:
    page.goto(f"/review/tenders/{world['submitted']}")
    submit(page, "Contrôler le fichier")
    expect(page.locator(".field__error").first).to_be_visible()


def invitation_refused(page: Any, world: dict[str, int | str]) -> None:
    page.goto("/admin/users/invite")
    submit(page, "Créer le compte et envoyer l’invitation")
    expect_errors(page)


def expect_errors(page: Any) -> None:
    """The form came back with its list of errors and a message under a field."""
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator(".field__error").first).to_be_visible()


def submit(page: Any, button: str) -> None:
    """Press the main part's button ``button`` and wait for the page the server answers."""
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=button).click()


# (role whose module page is used, or None for a fresh context; scenario)
SCENARIOS = (
    (None, sign_in_refused),
    (None, signed_in_message),
    (Role.BUYER, purchase_refused),
    (Role.BUYER, lot_added),
    (Role.BUYER, cpv_suggestions),
    (Role.BUYER, weights_not_100),
    (Role.BUYER, password_refused),
    (Role.LEGAL, changes_without_comment),
    (Role.LEGAL, edited_file_missing),
    (Role.ADMIN, invitation_refused),
)


@pytest.mark.parametrize(
    ("role", "scenario"), SCENARIOS, ids=[scenario.__name__ for _, scenario in SCENARIOS]
)
def test_page_in_a_state_has_no_wcag_violations(role, scenario, pages, world, request):
    page = request.getfixturevalue("page") if role is None else pages(role, "fr", 1280)
    scenario(page, world)
    violations = axe_violations(page)
    assert not violations, f"axe-core found after {scenario.__name__}:\n{describe(violations)}"


def test_the_audit_reports_what_it_finds(page, live_server):
    """On a page of the app: an image without text inside a closed disclosure and pale
    text inside a wide table's scroll box (its shadows drawn with gradients). The audit
    opens the one and looks through the other, and names both rules."""
    page.goto("/sign-in")
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          const details = document.createElement("details");
          details.innerHTML = "<summary>Plus</summary>";
          const image = document.createElement("img");
          image.src = "/static/favicon.svg";
          details.append(image);
          const box = document.createElement("div");
          box.className = "table-scroll";
          box.innerHTML = "<table><tbody><tr><td>pâle</td></tr></tbody></table>";
          box.querySelector("td").style.color = "#ddd";
          main.append(details, box);
        }"""
    )
    violations = axe_violations(page)
    assert {violation["id"] for violation in violations} == {"image-alt", "color-contrast"}
    report = describe(violations)
    assert "image-alt (critical): Images must have alternative text" in report
    assert "color-contrast (serious)" in report
    targets = [line.split(": ")[0].strip("- ") for line in report.splitlines()[1::2]]
    assert any("img" in target for target in targets), report
    assert any("td" in target for target in targets), report
