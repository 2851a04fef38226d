"""Buyers adapt a clause's wording at step 4: saved with the values, checked, used by the
documents, restorable, audited, and sent to legal review where the organisation has one."""

from __future__ import annotations

import html
import io
import re

import pytest
from docx import Document
from sqlalchemy import select

from procure.documents.properties import read_custom_properties
from procure.models import AuditEvent, Clause, Organisation, Tender, TenderClause, User
from procure.review.services import approve_tender
from procure.tenders.lifecycle import needs_legal_review
from procure.vocabulary import OrganisationCategory, Role
from tests.factories import make_user
from tests.integration.test_wizard import form_values, new_tender, walk_to_review
from tests.unit.documents.helpers import shown

CLAUSE = "insertion-hours"
FRENCH = "t__insertion_hours__fr"
ENGLISH = "t__insertion_hours__en"
RESTORE = "r__insertion_hours"
LIBRARY_START = "Le titulaire réserve à des personnes éloignées de l'emploi au moins"
WORDING = (
    "Le titulaire consacre au minimum {{ insertion_hours }} heures de travail à des "
    "personnes en parcours d'insertion, soit {{ insertion_rate }} % des heures.\n\n"
    "Leur éligibilité est validée par {{ facilitator }}."
)


def textareas(page: str) -> dict[str, str]:
    """The text areas of a page, as the browser would post them back."""
    return {
        name: html.unescape(text.removeprefix("\n").removeprefix("\r\n"))
        for name, text in re.findall(
            r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S
        )
    }


def step_four(client, tender_id: int) -> dict[str, str]:
    page = client.get(f"/tenders/{tender_id}/step/variables").text
    return {**form_values(page), **textareas(page)}


def post_step_four(client, tender_id: int, **changes: str):
    data = {**step_four(client, tender_id), **changes}
    return client.post(f"/tenders/{tender_id}/step/variables", data=data)


def chosen_clause(session, tender_id: int) -> TenderClause:
    session.expire_all()
    return session.scalar(
        select(TenderClause)
        .join(Clause)
        .where(TenderClause.tender_id == tender_id, Clause.slug == CLAUSE)
    )


def in_english(client) -> None:
    client.post("/language", data={"language": "en"})


def test_step_four_offers_each_clause_wording_prefilled_with_the_library_text(buyer):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    in_english(buyer)
    page = buyer.get(f"/tenders/{tender_id}/step/variables").text
    assert "<summary>Adapt the wording" in page
    assert f'<label class="field__label" for="{FRENCH}">' in page
    assert f'<label for="{RESTORE}">' in page
    assert textareas(page)[FRENCH].startswith(LIBRARY_START)
    assert textareas(page)[ENGLISH].startswith("The contractor reserves at least")


def without_wording_review(session, tender_id: int) -> None:
    """The tender's organisation turned off the review of adapted wording."""
    tender = session.get(Tender, tender_id)
    session.get(Organisation, tender.organisation_id).review_adapted_wording = False
    session.commit()


def test_a_buyer_rewords_a_clause_and_the_documents_use_the_new_text(buyer, session):
    tender_id = new_tender(buyer)
    without_wording_review(session, tender_id)  # to download at once
    walk_to_review(buyer, tender_id)
    response = post_step_four(buyer, tender_id, **{FRENCH: WORDING.replace("\n", "\r\n")})
    assert response.status_code == 302
    assert chosen_clause(session, tender_id).custom_text == {"fr": WORDING, "en": None}
    assert textareas(buyer.get(f"/tenders/{tender_id}/step/variables").text)[FRENCH] == WORDING
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "tender.wording_adapted"))
    assert event.subject_id == str(tender_id)
    assert event.before == {CLAUSE: None}
    assert event.after == {CLAUSE: {"fr": WORDING, "en": None}}

    # The clean copy: python-docx reads the runs of a paragraph, not those of a revision.
    download = buyer.get(f"/tenders/{tender_id}/documents/all.docx?language=fr&clean=1")
    assert download.status_code == 200
    document = Document(io.BytesIO(download.data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Le titulaire consacre au minimum 857\xa0heures de travail" in text
    assert shown(LIBRARY_START) not in text
    traces = [v for v in read_custom_properties(document).values() if v.startswith(CLAUSE)]
    locked = chosen_clause(session, tender_id).clause_version.approved_hash
    assert traces == [f"insertion-hours@1+modified sha256:{locked}"]  # the stored hash
    note = Document(
        io.BytesIO(buyer.get(f"/tenders/{tender_id}/documents/note.docx?language=fr").data)
    )  # the justification note is downloaded on its own, never in the dossier
    tables = "\n".join(cell.text for table in note.tables for cell in table._cells)
    assert shown("Rédaction adaptée par l'acheteur à partir de la version 1") in tables


def test_a_text_equal_to_the_library_text_is_not_stored(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    library = step_four(buyer, tender_id)[FRENCH]
    same = library.replace("\n", "  \r\n") + "\r\n\r\n"
    assert post_step_four(buyer, tender_id, **{FRENCH: same}).status_code == 302
    assert chosen_clause(session, tender_id).custom_text is None
    assert (
        session.scalar(select(AuditEvent).where(AuditEvent.action == "tender.wording_adapted"))
        is None
    )


def test_restoring_the_library_wording_clears_the_buyer_text(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    assert chosen_clause(session, tender_id).custom_text is not None
    response = post_step_four(buyer, tender_id, **{RESTORE: "y", FRENCH: "{{ broken"})
    assert response.status_code == 302  # a restored text is not checked
    assert chosen_clause(session, tender_id).custom_text is None
    page = buyer.get(f"/tenders/{tender_id}/step/variables").text
    assert textareas(page)[FRENCH].startswith(LIBRARY_START)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        (FRENCH, "   ", "is empty"),
        (FRENCH, "x" * 20_001, "has 20001 characters, more than the 20000 allowed"),
        (
            FRENCH,
            "Au moins {{ heures_totales }} heures.",
            "uses {{ heures_totales }}, which is "
            "not a variable of this clause. Its variables are: insertion_hours, insertion_rate",
        ),
        (ENGLISH, "At least {{ Hours }} hours.", "“{{ Hours }}” is not a variable"),
        (ENGLISH, "At least {{ insertion_hours hours.", "“{{” stands alone"),
        (FRENCH, "Au moins\x07 {{ insertion_hours }} heures.", "U+0007"),
    ],
    ids=["empty", "too-long", "unknown-variable", "malformed", "stray-brace", "control"],
)
def test_an_invalid_wording_is_refused_naming_the_clause_and_field_and_kept(
    buyer, session, field, text, message
):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    in_english(buyer)
    response = post_step_four(buyer, tender_id, **{field: text})
    assert response.status_code == 200
    page = response.text
    language = "French" if field == FRENCH else "English"
    named = f"{language} text of “Social integration clause expressed in working hours”"
    assert html.escape(named, quote=True) in page
    assert html.escape(message, quote=True) in page
    assert 'aria-invalid="true"' in page
    assert '<details class="wording" open>' in page
    if "\x07" not in text:
        assert textareas(page)[field] == text  # nothing typed is lost
        reloaded = buyer.get(f"/tenders/{tender_id}/step/variables").text
        assert textareas(reloaded)[field] == text  # not even after a reload
    assert chosen_clause(session, tender_id).custom_text is None


def test_a_stale_tab_keeps_the_typed_wording_and_overwrites_nothing(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    stale = step_four(buyer, tender_id)
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    page = buyer.post(
        f"/tenders/{tender_id}/step/variables",
        data={**stale, FRENCH: "Autre {{ insertion_hours }}"},
    ).text
    assert textareas(page)[FRENCH] == "Autre {{ insertion_hours }}"
    assert chosen_clause(session, tender_id).custom_text == {"fr": WORDING, "en": None}


def test_a_reworded_clause_needs_legal_approval_where_the_organisation_reviews(
    buyer, session, client
):
    tender_id = new_tender(buyer)
    tender = session.get(Tender, tender_id)
    organisation = session.get(Organisation, tender.organisation_id)
    organisation.review_threshold = 5_000_000  # above this tender's value
    lawyer = make_user(session, role=Role.LEGAL, organisation=organisation)
    session.commit()
    walk_to_review(buyer, tender_id)
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 200
    in_english(buyer)
    step = buyer.get(f"/tenders/{tender_id}/step/variables").text
    assert "Your organisation requires legal staff to approve an adapted wording" in step
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    session.expire_all()
    tender = session.get(Tender, tender_id)
    assert needs_legal_review(tender)
    assert tender.status == "draft"
    review = buyer.get(f"/tenders/{tender_id}/step/review").text
    assert "You adapted the wording of a clause" in review
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 409
    buyer.post(f"/review/tenders/{tender_id}/submit", data={"lock_version": tender.lock_version})
    session.expire_all()
    tender = session.get(Tender, tender_id)
    approve_tender(
        session, tender, actor=session.get(User, lawyer.id), lock_version=tender.lock_version
    )
    session.commit()
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 200
    # a wording changed after approval needs a new review
    post_step_four(buyer, tender_id, **{FRENCH: WORDING + "\n\nUne phrase de plus."})
    session.expire_all()
    assert session.get(Tender, tender_id).status == "draft"
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 409


def test_without_a_review_threshold_a_reworded_clause_still_needs_legal_approval(buyer, session):
    """Adapted wording is reviewed in every organisation unless an administrator turned
    it off: a threshold only adds a review for the tender's value."""
    tender_id = new_tender(buyer)
    tender = session.get(Tender, tender_id)
    assert session.get(Organisation, tender.organisation_id).review_threshold is None
    walk_to_review(buyer, tender_id)
    assert buyer.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 200
    in_english(buyer)
    step = buyer.get(f"/tenders/{tender_id}/step/variables").text
    assert "Your organisation requires legal staff to approve an adapted wording" in step
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    session.expire_all()
    assert needs_legal_review(session.get(Tender, tender_id))
    assert (
        "You adapted the wording of a clause" in buyer.get(f"/tenders/{tender_id}/step/review").text
    )
    for document in ("all.docx", "rc.docx", "ccap.docx"):
        assert buyer.get(f"/tenders/{tender_id}/documents/{document}").status_code == 409


def test_a_reworded_clause_downloads_at_once_once_an_administrator_turns_review_off(buyer, session):
    from procure.admin.services import update_settings

    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    assert buyer.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 409
    organisation = session.get(Organisation, session.get(Tender, tender_id).organisation_id)
    admin = make_user(session, role=Role.ADMIN, organisation=organisation)
    update_settings(
        session,
        admin=admin,
        category=OrganisationCategory(organisation.category),
        review_threshold=None,
        hourly_cost=None,
        review_adapted_wording=False,
    )
    session.commit()
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organisation.settings_changed")
    )
    assert (event.actor_id, event.after["review_adapted_wording"]) == (admin.id, False)
    in_english(buyer)
    step = buyer.get(f"/tenders/{tender_id}/step/variables").text
    assert "Your organisation has turned off the legal review of adapted wording" in step
    session.expire_all()
    assert not needs_legal_review(session.get(Tender, tender_id))
    assert buyer.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 200


def test_a_newer_version_without_a_variable_the_wording_uses_keeps_it_and_says_so(buyer, session):
    from procure.library.versions import add_version, latest_version
    from procure.vocabulary import ClauseStatus

    tender_id = new_tender(buyer)
    without_wording_review(session, tender_id)  # to reach the build, past the review gate
    walk_to_review(buyer, tender_id)
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    clause = session.scalar(select(Clause).where(Clause.slug == CLAUSE))
    current = latest_version(session, clause)
    variables = [v for v in current.content["variables"] if v["name"] != "facilitator"]
    text = {
        language: value.replace("{{ facilitator }}", "la structure")
        for language, value in current.content["text"].items()
    }
    add_version(
        session,
        clause,
        dict(current.content, variables=variables, text=text),
        status=ClauseStatus.APPROVED,
        author_id=None,
        previous=current,
    )
    session.commit()
    in_english(buyer)
    taken = buyer.post(f"/tenders/{tender_id}/clauses/{CLAUSE}/update", follow_redirects=True)
    assert "uses variables that version 2 no longer has. It is kept" in taken.text
    assert chosen_clause(session, tender_id).custom_text == {"fr": WORDING, "en": None}

    refused = buyer.get(f"/tenders/{tender_id}/documents/all.docx?language=fr")
    assert refused.status_code == 422
    assert "The documents cannot be built" in refused.text
    assert "facilitator" in refused.text
    assert f'href="/tenders/{tender_id}/step/variables"' in refused.text

    fixed = WORDING.replace("{{ facilitator }}", "la structure")
    assert post_step_four(buyer, tender_id, **{FRENCH: fixed}).status_code == 302
    assert buyer.get(f"/tenders/{tender_id}/documents/all.docx?language=fr").status_code == 200


def test_a_wording_adapted_in_french_only_is_marked_in_the_english_documents(buyer, session):
    """Step 4 says so next to the wording fields; the English documents keep the library's
    English text and say under the clause that it does not reflect the adaptation."""
    tender_id = new_tender(buyer)
    without_wording_review(session, tender_id)
    walk_to_review(buyer, tender_id)
    in_english(buyer)
    step = buyer.get(f"/tenders/{tender_id}/step/variables").text
    assert "The French and English documents must say the same thing: adapt both texts." in (
        html.unescape(step)
    )
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    download = buyer.get(f"/tenders/{tender_id}/documents/all.docx?language=en")
    assert download.status_code == 200
    english = Document(io.BytesIO(download.data))
    text = "\n".join(paragraph.text for paragraph in english.paragraphs)
    assert (
        shown(
            "The French text of this clause was adapted by the buyer; this English text is the "
            "library's translation and does not reflect the adaptation.",
            "en",
        )
        in text
    )
    assert read_custom_properties(english)["languages_diverge"] == CLAUSE

    post_step_four(
        buyer, tender_id, **{ENGLISH: "The contractor devotes {{ insertion_hours }} hours."}
    )
    assert chosen_clause(session, tender_id).custom_text["en"]
    english = Document(
        io.BytesIO(buyer.get(f"/tenders/{tender_id}/documents/all.docx?language=en").data)
    )
    assert "does not reflect the adaptation" not in "\n".join(p.text for p in english.paragraphs)
    assert "languages_diverge" not in read_custom_properties(english)
