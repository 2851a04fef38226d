"""The review queue and a clause version's review page, through the web, in French."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.db import get_engine
from procure.models import AuditEvent, ClauseVersion, ReviewComment, ReviewDecision
from procure.vocabulary import ClauseStatus, Role
from tests.factories import DEFAULT_PASSWORD
from tests.integration.test_review_workflow import (
    clause_content,
    count,
    make_clause,
    next_version,
    person,
)
from tests.pages import field_error

PAGE = "/review/clauses/insertion-hours/versions/2"


def sign_in(client, email: str) -> None:
    response = client.post("/sign-in", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def lock_of(page: str) -> str:
    tag = re.search(r'<input[^>]*name="lock_version"[^>]*>', page).group(0)
    return re.search(r'value="(\d+)"', tag).group(1)


@pytest.fixture
def edited(session):
    """insertion-hours v1 approved (from the files) and v2 in review, written by a jurist:
    French words changed, a variable renamed, a legal reference added."""
    first = make_clause(session)
    author = person(session, Role.LEGAL, email="autrice@example.org")
    content = clause_content()
    content["text"]["fr"] = (
        content["text"]["fr"]
        .replace("personnes éloignées de l'emploi", "personnes très éloignées de l’emploi")
        .replace("{{ insertion_hours }}", "{{ heures_insertion }}")
    )
    content["text"]["en"] = content["text"]["en"].replace(
        "{{ insertion_hours }}", "{{ heures_insertion }}"
    )
    for variable in content["variables"]:
        if variable["name"] == "insertion_hours":
            variable["name"] = "heures_insertion"
    content["legal_basis"].append({"code": "CCP", "article": "R2111-12"})
    second = next_version(
        session, first, content, status=ClauseStatus.IN_REVIEW, author_id=author.id
    )
    reviewer = person(
        session, Role.LEGAL, organisation=author.organisation, email="juriste@example.org"
    )
    session.commit()
    return {"version": second, "author": author, "reviewer": reviewer}


def test_buyers_cannot_open_the_review_pages(client, auth, edited):
    auth.login_as(Role.BUYER)
    assert client.get("/review/").status_code == 403
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}/decide", data={"decision": "approve"}).status_code == 403


def test_queue_lists_waiting_items_oldest_first_with_filters(client, session, edited):
    older = make_clause(session, "vegetarian-menu", folder="sustainable-food")
    older.status = ClauseStatus.IN_REVIEW
    older.status_changed_at = edited["version"].status_changed_at.replace(year=2020)
    session.commit()
    sign_in(client, "juriste@example.org")
    page = client.get("/review/").text
    assert "<h1>Relectures</h1>" in page
    assert "2 éléments en attente" in page
    assert page.index("vegetarian-menu v1") < page.index("insertion-hours v2")
    filtered = client.get("/review/?q=vegetarien").text
    assert "1 élément en attente" in filtered
    assert "insertion-hours v2" not in filtered
    assert "1 élément en attente" in client.get("/review/?kind=clause&q=insertion").text
    assert "Rien n’attend de décision." in client.get("/review/?kind=tender").text


def test_queue_can_hide_what_i_wrote(client, edited):
    sign_in(client, "autrice@example.org")
    page = client.get("/review/").text
    assert "Vous l’avez rédigé : un autre juriste doit l’approuver" in page
    assert "Rien n’attend de décision." in client.get("/review/?decidable=y").text


def test_review_page_shows_word_changes_side_by_side(client, edited):
    sign_in(client, "juriste@example.org")
    page = client.get(PAGE).text
    assert "Modifications de la version 1 (Approuvée) à la version 2." in page
    assert "Comment lire les modifications" in page
    caption = '<caption class="visually-hidden">Texte de la clause (français)</caption>'
    side = page.split(caption)[1].split("</table>")[0]
    assert '<th scope="col">Version 1</th><th scope="col">Version 2</th>' in side
    assert '<ins><span class="visually-hidden">ajouté : </span>très' in side
    assert '<del><span class="visually-hidden">supprimé : </span>l&#39;emploi' in side
    # variables read as their labels: renamed under the same label, no change to the wording
    assert (
        '<span class="diff-variable" data-variable="heures_insertion">'
        "[Nombre d&#39;heures d&#39;insertion]</span> heures" in side
    )
    assert "[Taux d&#39;insertion]</span> %" in side
    assert "{{" not in side
    # the variable renamed, and the legal reference added
    assert "Renommée" in page
    assert "insertion_hours</del> → <ins>" in page
    assert "article R. 2111-12 du code de la commande publique" in page
    assert "query=R2111-12" in page  # linked to Légifrance
    assert "Cette version n’est pas approuvée" in page


def test_review_page_offers_an_inline_view(client, edited):
    sign_in(client, "juriste@example.org")
    page = client.get(f"{PAGE}?view=inline").text
    assert 'class="diff diff--inline clause-text" lang="fr"' in page
    assert '<table class="diff-table">' not in page
    inline = page.split("Texte de la clause (français)</h4>")[1].split("</div>")[0]
    assert "personnes <ins>" in inline
    assert "<del>" in inline


def test_comparing_with_another_version(client, session, edited):
    sign_in(client, "juriste@example.org")
    page = client.get(f"{PAGE}?against=1&view=inline").text
    assert '<option value="1" selected>' in page


def test_the_author_sees_the_four_eyes_rule_and_cannot_approve(client, edited):
    sign_in(client, "autrice@example.org")
    page = client.get(PAGE).text
    assert "un autre juriste doit l’approuver (principe des quatre yeux)" in page
    assert 'value="approve"' not in page
    response = client.post(
        f"{PAGE}/decide", data={"decision": "approve", "lock_version": lock_of(page)}
    )
    assert response.status_code == 422
    assert "Vous êtes l’auteur de cet élément" in response.text


def test_reviewer_approves_and_the_decision_is_in_the_thread(client, session, edited):
    sign_in(client, "juriste@example.org")
    lock = lock_of(client.get(PAGE).text)
    response = client.post(
        f"{PAGE}/decide",
        data={"decision": "approve", "lock_version": lock, "comment": "Conforme."},
    )
    assert response.status_code == 302
    page = client.get(PAGE).text
    assert "Approuvé. Les acheteurs peuvent désormais l’utiliser." in page
    assert "Conforme." in page
    assert 'value="retire"' in page
    version = session.get(ClauseVersion, edited["version"].id)
    session.refresh(version)
    assert version.status == ClauseStatus.APPROVED


def test_sending_back_without_a_comment_names_the_field(client, session, edited):
    sign_in(client, "juriste@example.org")
    lock = lock_of(client.get(PAGE).text)
    page = client.post(f"{PAGE}/decide", data={"decision": "request_changes", "lock_version": lock})
    assert page.status_code == 200
    assert "Un commentaire est obligatoire pour demander des modifications" in page.text
    assert 'aria-invalid="true"' in page.text
    assert count(session, ReviewDecision) == 0


def test_second_decision_on_the_same_version_gets_a_conflict_and_keeps_the_comment(
    app, client, edited
):
    other = app.test_client()
    reviewer_two = None
    with Session(get_engine(app)) as session:
        reviewer_two = person(
            session,
            Role.LEGAL,
            organisation=session.merge(edited["reviewer"]).organisation,
            email="second@example.org",
        )
        session.commit()
    assert reviewer_two is not None
    sign_in(client, "juriste@example.org")
    sign_in(other, "second@example.org")
    lock = lock_of(client.get(PAGE).text)
    assert lock == lock_of(other.get(PAGE).text)
    first = client.post(f"{PAGE}/decide", data={"decision": "approve", "lock_version": lock})
    assert first.status_code == 302
    typed = "Le taux de 5 % doit être justifié par le facilitateur."
    second = other.post(
        f"{PAGE}/decide",
        data={"decision": "request_changes", "lock_version": lock, "comment": typed},
    )
    assert second.status_code == 409
    assert "Une autre personne a agi sur cet élément" in second.text
    assert "il est maintenant « Approuvée »" in second.text
    assert typed in second.text  # nothing typed is lost
    with Session(get_engine(app)) as session:
        version = session.get(ClauseVersion, edited["version"].id)
        assert version.status == ClauseStatus.APPROVED
        decisions = list(session.scalars(select(ReviewDecision)))
        assert [d.decision for d in decisions] == ["approved"]
        assert [e.action for e in session.scalars(select(AuditEvent))] == ["clause.approved"]


def test_comments_make_a_thread(client, session, edited):
    sign_in(client, "juriste@example.org")
    response = client.post(f"{PAGE}/comments", data={"body": "Pourquoi « très » ?"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#thread")
    page = client.get(PAGE).text
    assert "Pourquoi « très » ?" in page
    assert "Votre commentaire a été ajouté." in page
    empty = client.post(f"{PAGE}/comments", data={"body": "  "})
    assert empty.status_code == 200
    assert field_error(empty.text, "body") == "Ce champ est requis."
    assert "Votre commentaire a été ajouté." not in empty.text
    assert count(session, ReviewComment) == 1


def test_legal_staff_submit_a_draft_from_the_clause_page(client, session):
    first = make_clause(session)
    author = person(session, Role.LEGAL, email="autrice@example.org")
    content = clause_content()
    content["guidance"]["fr"] += " Voir le guide."
    next_version(session, first, content, author_id=author.id)
    session.commit()
    sign_in(client, "autrice@example.org")
    page = client.get("/library/insertion-hours?version=2").text
    assert "Soumettre à la relecture" in page
    response = client.post(
        "/review/clauses/insertion-hours/versions/2/decide",
        data={"decision": "submit", "lock_version": lock_of(page)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/review/clauses/insertion-hours/versions/2")
    page = client.get("/library/insertion-hours?version=2").text
    assert "En relecture" in page
    assert "Soumettre à la relecture" not in page


def test_buyers_still_see_only_the_approved_version(client, session, edited):
    person(session, Role.BUYER, email="acheteur@example.org")  # of the clause's organisation
    session.commit()
    sign_in(client, "acheteur@example.org")
    page = client.get("/library/insertion-hours").text
    assert "{{" not in page
    assert "personnes très éloignées" not in page
    draft = client.get("/library/insertion-hours?version=2")
    assert draft.status_code == 200
    assert "Le titulaire réserve à des personnes éloignées" in draft.text  # version 1's text
    assert "personnes très éloignées" not in draft.text
    assert "Soumettre à la relecture" not in page
    assert "Soumettre à la relecture" not in draft.text


def test_a_conflict_that_leaves_no_decision_still_shows_the_typed_comment(app, client, edited):
    other = app.test_client()
    with Session(get_engine(app)) as session:
        organisation = session.merge(edited["reviewer"]).organisation
        person(session, Role.LEGAL, organisation=organisation, email="juriste2@example.org")
        session.commit()
    sign_in(client, "juriste@example.org")
    sign_in(other, "juriste2@example.org")
    lock = lock_of(client.get(PAGE).text)
    sent_back = client.post(
        f"{PAGE}/decide",
        data={"decision": "request_changes", "lock_version": lock, "comment": "À revoir."},
    )
    assert sent_back.status_code == 302
    typed = "Approuvé sous réserve du taux."
    page = other.post(
        f"{PAGE}/decide", data={"decision": "approve", "lock_version": lock, "comment": typed}
    )
    assert page.status_code == 409
    assert "il est maintenant « Modifications demandées »" in page.text
    assert "Votre commentaire, non enregistré" in page.text
    assert typed in page.text


@pytest.mark.parametrize("hostile", ["\x00", "nul\x00byte", "\ufffe", "x" * 6000])
def test_hostile_text_gets_a_message_and_writes_nothing(client, session, edited, hostile):
    sign_in(client, "juriste@example.org")
    lock = lock_of(client.get(PAGE).text)
    comment = client.post(f"{PAGE}/comments", data={"body": hostile})
    decision = client.post(
        f"{PAGE}/decide",
        data={"decision": "request_changes", "lock_version": lock, "comment": hostile},
    )
    new_set = client.post(
        "/review/clause-sets/new",
        data={
            "slug": "jeu",
            "title_fr": hostile,
            "title_en": "Set",
            "clauses": ["insertion-hours"],
        },
    )
    assert [comment.status_code, decision.status_code, new_set.status_code] == [200, 200, 200]
    assert 'class="field__error"' in comment.text
    assert 'class="field__error"' in decision.text
    assert field_error(comment.text, "body")
    assert field_error(decision.text, "comment")
    assert field_error(new_set.text, "title_fr")
    session.expire_all()
    assert count(session, ReviewComment) == 0
    assert count(session, ReviewDecision) == 0
    assert count(session, AuditEvent) == 0


@pytest.mark.parametrize("lock", ["", " ", "abc", "²", "-1", "9" * 40])
def test_a_missing_or_garbled_lock_is_a_conflict_not_an_error(client, session, edited, lock):
    sign_in(client, "juriste@example.org")
    response = client.post(f"{PAGE}/decide", data={"decision": "approve", "lock_version": lock})
    assert response.status_code == 409
    assert count(session, ReviewDecision) == 0


def test_hostile_queue_filters_are_harmless(client, edited):
    sign_in(client, "juriste@example.org")
    for query, field, error in (
        ("q=%00", None, None),
        ("kind=nope", "kind", "N'est pas un choix valide."),
        ("submitted_by=abc", "submitted_by", "N'est pas un choix valide."),
        ("decidable=%00", None, None),
        ("q=" + "é" * 300, "q", "Le champ ne peut pas contenir plus de 200 caractères."),
    ):
        page = client.get(f"/review/?{query}")
        assert page.status_code == 200, query
        assert "<h1>Relectures</h1>" in page.text
        if error is None:  # the filter is ignored: the waiting version is listed
            assert "1 élément en attente" in page.text, query
            assert "insertion-hours v2" in page.text, query
        else:
            assert field_error(page.text, field) == error
