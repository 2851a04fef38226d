"""A form whose labels carry the star of a required field says once, before its fields,
what the star means; a form without a required field says nothing about it."""

from __future__ import annotations

import re

from procure.vocabulary import Role
from tests.factories import context_form, purchase_form
from tests.integration.test_wizard import checked_clauses, new_tender

NOTE_FR = "Les champs marqués d’un astérisque (*) sont obligatoires."
NOTE_EN = "Fields marked with an asterisk (*) are required."
STAR = '<span class="required" aria-hidden="true">*</span>'


def forms_of(page: str) -> list[str]:
    """Each form of the page, with what comes just before it (where the note sits)."""
    return re.findall(r"(?:</h1>|</h2>|<section[^>]*>)(?:(?!<form).)*?<form.*?</form>", page, re.S)


def check_note(page: str, note: str = NOTE_FR) -> None:
    """Every form with a star says the note once, before its first field; one without
    a star does not."""
    assert page.count(note) == sum(STAR in form for form in forms_of(page))
    for form in forms_of(page):
        if STAR in form:
            assert form.count(note) == 1
            assert form.index(note) < form.index(STAR)
            assert form.index(note) < form.index("<input")  # before any field
        else:
            assert note not in form


def test_the_sign_in_form_explains_the_star_in_both_languages(client):
    page = client.get("/sign-in").text
    assert STAR in page
    assert page.count(NOTE_FR) == 1
    check_note(page)
    client.post("/language", data={"language": "en"})
    english = client.get("/sign-in").text
    assert english.count(NOTE_EN) == 1
    check_note(english, NOTE_EN)


def test_every_wizard_step_with_a_star_explains_it(buyer):
    base = f"/tenders/{new_tender(buyer)}/step"
    check_note(buyer.get(f"{base}/purchase").text)
    assert buyer.post(f"{base}/purchase", data=purchase_form()).status_code == 302
    check_note(buyer.get(f"{base}/context").text)
    assert buyer.post(f"{base}/context", data=context_form()).status_code == 302
    clauses = buyer.get(f"{base}/clauses").text
    assert NOTE_FR in clauses  # the ambition level is required
    check_note(clauses)
    chosen = checked_clauses(clauses)
    assert (
        buyer.post(f"{base}/clauses", data={"ambition": "core", "clauses": chosen}).status_code
        == 302
    )
    variables = buyer.get(f"{base}/variables").text
    assert NOTE_FR in variables
    check_note(variables)


def test_filter_forms_without_a_required_field_say_nothing_of_the_star(buyer):
    page = buyer.get("/library/").text
    assert STAR not in page
    assert NOTE_FR not in page


def test_admin_forms_explain_the_star_only_where_there_is_one(client, auth):
    auth.login_as(Role.ADMIN, email="admin@example.org")
    invite = client.get("/admin/users/invite").text
    assert NOTE_FR in invite
    check_note(invite)
    audit = client.get("/admin/audit/").text
    assert NOTE_FR not in audit
    check_note(audit)
