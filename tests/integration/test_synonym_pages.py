"""The search synonyms page: legal staff list the reference groups and add, change and
delete their organisation's own; buyers and administrators are refused."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from procure.library.loader import load_library
from procure.library.synonyms import MAX_TERM_LENGTH, load_synonyms
from procure.models import AuditEvent, SearchSynonym, User
from procure.vocabulary import Role
from tests.factories import make_organisation
from tests.integration.test_catalog import CLAUSES

PAGE = "/library/synonyms"


@pytest.fixture
def library(session):
    load_library(session, CLAUSES)
    load_synonyms(session)
    session.commit()
    return session


def group(**overrides) -> dict:
    return {
        "language": "fr",
        "term": "demi-pension",
        "synonyms": "restauration scolaire",
        **overrides,
    }


def own_groups(session) -> list[SearchSynonym]:
    session.expire_all()
    return list(
        session.scalars(
            select(SearchSynonym)
            .where(SearchSynonym.organisation_id.is_not(None))
            .order_by(SearchSynonym.id)
        )
    )


def field_error(page: str, field: str) -> str:
    """The error text shown under ``field``, empty when there is none."""
    match = re.search(rf'<p class="field__error" id="{field}-error">(.*?)</p>', page, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def test_legal_staff_see_the_reference_groups_and_a_link_from_the_library(client, auth, library):
    auth.login_as(Role.LEGAL)

    assert 'href="/library/synonyms"' in client.get("/library/").text
    page = client.get(PAGE)

    assert page.status_code == 200
    assert "Synonymes de référence" in page.text
    assert "<strong>cantine</strong> → restauration scolaire, restauration collective" in page.text
    assert "réemploi ↔ seconde main" in page.text
    assert "Votre organisation n’a pas encore de synonymes propres." in page.text


def test_legal_staff_add_a_group_that_their_searches_use_and_the_audit_log_records(
    client, auth, library
):
    user_id = auth.login_as(Role.LEGAL)
    assert "school-catering-food-education" not in client.get("/library/?q=demi+pension").text

    response = client.post(f"{PAGE}/new", data=group(one_way="y"))

    assert response.status_code == 302
    assert response.headers["Location"] == PAGE
    (saved,) = own_groups(library)
    organisation_id = library.get(User, user_id).organisation_id
    assert (saved.organisation_id, saved.language, saved.terms, saved.one_way) == (
        organisation_id,
        "fr",
        ["demi-pension", "restauration scolaire"],
        True,
    )
    assert "<strong>demi-pension</strong> → restauration scolaire" in client.get(PAGE).text
    assert "school-catering-food-education" in client.get("/library/?q=demi+pension").text
    event = library.scalar(select(AuditEvent).where(AuditEvent.action == "synonym.created"))
    assert event.actor_id == user_id
    assert event.subject_id == str(saved.id)
    assert event.after == {
        "language": "fr",
        "terms": ["demi-pension", "restauration scolaire"],
        "one_way": True,
    }


def test_other_terms_split_on_lines_and_commas(client, auth, library):
    auth.login_as(Role.LEGAL)

    client.post(f"{PAGE}/new", data=group(synonyms="restauration scolaire,\r\n\r\n self , cantine"))

    (saved,) = own_groups(library)
    assert saved.terms == ["demi-pension", "restauration scolaire", "self", "cantine"]
    assert saved.one_way is False


@pytest.mark.parametrize(
    "case",
    [
        (group(term="  "), "term", "Saisissez un terme."),
        (
            group(term="x" * (MAX_TERM_LENGTH + 1)),
            "term",
            f"« {'x' * MAX_TERM_LENGTH}… » dépasse {MAX_TERM_LENGTH} caractères.",
        ),
        (
            group(synonyms="restauration scolaire\n" + "y" * (MAX_TERM_LENGTH + 1)),
            "synonyms",
            f"« {'y' * MAX_TERM_LENGTH}… » dépasse {MAX_TERM_LENGTH} caractères.",
        ),
        (
            group(synonyms=""),
            "synonyms",
            "Indiquez au moins un autre terme : un groupe compte deux termes différents.",
        ),
        (group(synonyms="Demi pension"), "synonyms", "« Demi pension » figure deux fois."),
        (group(term="?!"), "term", "« ?! » ne contient ni lettre ni chiffre."),
    ],
)
def test_a_bad_group_is_refused_naming_the_field(client, auth, library, case):
    data, field, message = case
    auth.login_as(Role.LEGAL)

    page = client.post(f"{PAGE}/new", data=data)

    assert page.status_code == 200
    assert field_error(page.text, field) == message
    assert 'class="error-summary"' in page.text
    assert own_groups(library) == []


def test_legal_staff_edit_and_delete_their_own_group(client, auth, library):
    auth.login_as(Role.LEGAL)
    client.post(f"{PAGE}/new", data=group())
    (saved,) = own_groups(library)

    form = client.get(f"{PAGE}/{saved.id}/edit").text
    assert 'value="demi-pension"' in form
    assert "restauration scolaire</textarea>" in form
    response = client.post(
        f"{PAGE}/{saved.id}/edit", data=group(synonyms="restauration scolaire\ncantine")
    )
    assert response.status_code == 302
    (changed,) = own_groups(library)
    assert changed.terms == ["demi-pension", "restauration scolaire", "cantine"]
    event = library.scalar(select(AuditEvent).where(AuditEvent.action == "synonym.changed"))
    assert event.before["terms"] == ["demi-pension", "restauration scolaire"]
    assert event.after["terms"] == ["demi-pension", "restauration scolaire", "cantine"]

    assert client.post(f"{PAGE}/{saved.id}/delete").status_code == 302
    assert own_groups(library) == []
    event = library.scalar(select(AuditEvent).where(AuditEvent.action == "synonym.deleted"))
    assert event.before["terms"] == ["demi-pension", "restauration scolaire", "cantine"]
    assert "demi-pension" not in client.get(PAGE).text


def test_reference_groups_and_other_organisations_groups_are_not_found(client, auth, library):
    other = SearchSynonym(
        organisation_id=make_organisation(library, "Ville B").id,
        language="fr",
        terms=["a1", "b1"],
    )
    library.add(other)
    library.commit()
    reference = library.scalar(
        select(SearchSynonym).where(SearchSynonym.organisation_id.is_(None)).limit(1)
    )
    auth.login_as(Role.LEGAL)

    for synonym in (reference, other):
        assert client.get(f"{PAGE}/{synonym.id}/edit").status_code == 404
        assert client.post(f"{PAGE}/{synonym.id}/edit", data=group()).status_code == 404
        assert client.post(f"{PAGE}/{synonym.id}/delete").status_code == 404
    library.expire_all()
    assert library.get(SearchSynonym, other.id).terms == ["a1", "b1"]
    assert library.get(SearchSynonym, reference.id) is not None
    assert "a1" not in client.get(PAGE).text


@pytest.mark.parametrize("role", [Role.BUYER, Role.ADMIN])
def test_buyers_and_administrators_are_refused(client, auth, library, role):
    auth.login_as(role)
    reference = library.scalar(select(SearchSynonym.id).limit(1))

    assert 'href="/library/synonyms"' not in client.get("/library/").text
    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}/new").status_code == 403
    assert client.post(f"{PAGE}/new", data=group()).status_code == 403
    assert client.post(f"{PAGE}/{reference}/edit", data=group()).status_code == 403
    assert client.post(f"{PAGE}/{reference}/delete").status_code == 403
    assert own_groups(library) == []


def test_deleting_without_the_csrf_token_is_refused(app, client, auth, library):
    auth.login_as(Role.LEGAL)
    client.post(f"{PAGE}/new", data=group())
    (saved,) = own_groups(library)
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.post(f"{PAGE}/{saved.id}/delete").status_code == 400

    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(PAGE).text).group(1)
    response = client.post(f"{PAGE}/{saved.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert own_groups(library) == []
