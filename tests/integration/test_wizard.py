"""Walking the guided form with the Flask test client, on both databases."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from procure.models import AuditEvent, Tender, TenderClause
from procure.vocabulary import Role
from tests.factories import context_form, make_tender, purchase_form
from tests.unit.documents.helpers import shown

CLAUSES = Path(__file__).parents[2] / "clauses"


def new_tender(client) -> int:
    response = client.post("/tenders/")
    assert response.status_code == 302
    return int(re.search(r"/tenders/(\d+)/step/purchase", response.headers["Location"]).group(1))


def checked_clauses(page: str) -> list[str]:
    return re.findall(r'name="clauses" value="([^"]+)"\s+checked', page)


def form_values(page: str) -> dict[str, str]:
    """The text inputs of a page, as the browser would post them back."""
    values = {}
    for attributes in re.findall(r"<input([^>]*)>", page):
        name = re.search(r'name="([^"]+)"', attributes)
        value = re.search(r'value="([^"]*)"', attributes)
        if name and 'type="checkbox"' not in attributes and 'type="radio"' not in attributes:
            values[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        found = re.findall(r"<option([^>]*)>", options)
        chosen = [option for option in found if "selected" in option] or found[:1]
        if chosen:  # a browser posts the first option when none is selected
            values[name] = html.unescape(re.search(r'value="([^"]*)"', chosen[0]).group(1))
    return values


def walk_to_review(client, tender_id: int) -> str:
    base = f"/tenders/{tender_id}/step"
    assert client.post(f"{base}/purchase", data=purchase_form()).status_code == 302
    assert client.post(f"{base}/context", data=context_form()).status_code == 302
    page = client.get(f"{base}/clauses").text
    chosen = checked_clauses(page)
    response = client.post(f"{base}/clauses", data={"ambition": "core", "clauses": chosen})
    assert response.status_code == 302
    values = form_values(client.get(f"{base}/variables").text)
    assert client.post(f"{base}/variables", data=values).status_code == 302
    criteria = form_values(client.get(f"{base}/criteria").text)
    weights = [k for k in criteria if k.startswith("w__")]
    criteria.update({"price_weight": "50", "technical_weight": str(50 - 10 * len(weights))})
    criteria.update(dict.fromkeys(weights, "10"))
    response = client.post(f"{base}/criteria", data=criteria)
    assert response.status_code == 302, response.text
    return client.get(f"{base}/review").text


def test_buyer_walks_the_whole_wizard_to_the_review(buyer, session):
    tender_id = new_tender(buyer)
    page = buyer.get(f"/tenders/{tender_id}/step/purchase").text
    assert "Étape 1 sur 6 : L’achat" in page
    review = walk_to_review(buyer, tender_id)
    assert "Étape 6 sur 6" in review
    assert "Liste de contrôle de conformité" in review
    tender = session.scalar(select(Tender).where(Tender.id == tender_id))
    slugs = {tc.clause.slug for tc in tender.clauses}
    assert {
        "egalim-quality-share",
        "insertion-hours",
        "catering-reusable-containers",  # the environmental condition written for catering
        "vegetarian-menu",
    } <= slugs
    assert "environmental-execution-condition" not in slugs  # one clause per need
    insertion = next(tc for tc in tender.clauses if tc.clause.slug == "insertion-hours")
    assert insertion.variable_values["insertion_hours"] == 857  # 1 200 000 × 40 % × 5 % ÷ 28
    assert tender.current_step == 6
    assert tender.answers["criteria"]["price_weight"] == "50"


def test_make_tender_saves_the_answers_the_wizard_saves(buyer, session):
    """The factory's tenders hold what a buyer's would (tests/factories.py)."""
    tender_id = new_tender(buyer)
    assert (
        buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form()).status_code == 302
    )
    assert buyer.post(f"/tenders/{tender_id}/step/context", data=context_form()).status_code == 302
    walked = session.get(Tender, tender_id)
    made = make_tender(session, owner=walked.owner)
    for step in ("purchase", "context"):
        assert made.answers[step] == walked.answers[step]
    assert (made.title, made.current_step, made.stale_steps) == (
        walked.title,
        walked.current_step,
        walked.stale_steps,
    )


def test_clauses_step_groups_recommendations_with_reasons(buyer):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    buyer.post(f"/tenders/{tender_id}/step/context", data=context_form())
    page = buyer.get(f"/tenders/{tender_id}/step/clauses").text
    assert "Ce que la loi impose pour cet achat" in page
    assert "Obligation — Au moins une condition d’exécution environnementale" in page
    # each legal basis of an obligation, in the short form, links to its text
    assert (
        '<a href="https://www.legifrance.gouv.fr/search/code?tab_selection=code&amp;'
        'searchField=NUM_ARTICLE&amp;query=L2112-2" rel="noopener" class="legal-link">'
        "CCP, art. L. 2112-2 <small>(recherche sur Légifrance)</small></a>"
    ) in page
    assert "Pas encore satisfaite" not in page  # the defaults meet every obligation
    assert "Obligatoires" in page
    assert "Vivement recommandées" in page
    assert "Satisfait l&#39;obligation « Au moins une condition d&#39;exécution" in page
    assert "egalim-quality-share" in checked_clauses(page)


def test_invalid_purchase_names_the_field_and_survives_a_reload(buyer):
    tender_id = new_tender(buyer)
    bad = purchase_form(cpv_main="5552400", estimated_value="-5")
    page = buyer.post(f"/tenders/{tender_id}/step/purchase", data=bad)
    assert page.status_code == 200
    assert "Code CPV principal" in page.text
    assert "« 5552400 » n’est pas un code CPV" in page.text
    assert 'aria-invalid="true"' in page.text
    reloaded = buyer.get(f"/tenders/{tender_id}/step/purchase").text
    assert 'value="Restauration scolaire 2027-2030"' in reloaded
    assert 'value="5552400"' in reloaded  # what was typed is still there


def test_a_wrong_check_digit_gets_the_right_one(buyer):
    tender_id = new_tender(buyer)
    page = buyer.post(
        f"/tenders/{tender_id}/step/purchase", data=purchase_form(cpv_main="55524000-3")
    )
    assert "le chiffre de contrôle de 55524000 est 9" in page.text


def test_steps_cannot_be_skipped(buyer):
    tender_id = new_tender(buyer)
    response = buyer.get(f"/tenders/{tender_id}/step/clauses")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/step/purchase")


def test_back_navigation_shows_saved_answers_and_marks_later_steps(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    page = buyer.get(f"/tenders/{tender_id}/step/purchase").text
    assert 'value="55524000-9"' in page
    changed = purchase_form(estimated_value="150000")
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=changed)
    tender = session.scalar(select(Tender).where(Tender.id == tender_id))
    session.refresh(tender)
    assert tender.stale_steps == [3, 4, 5]
    assert "à revérifier" in buyer.get(f"/tenders/{tender_id}/step/review").text


def test_weights_must_total_one_hundred(buyer):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    criteria = form_values(buyer.get(f"/tenders/{tender_id}/step/criteria").text)
    criteria.update(price_weight="70", technical_weight="40")
    page = buyer.post(f"/tenders/{tender_id}/step/criteria", data=criteria)
    assert page.status_code == 200
    assert "Les pondérations doivent totaliser 100" in page.text


def test_resume_after_a_new_session(buyer, auth):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    auth.logout()
    auth.login("acheteuse@example.org")
    listing = buyer.get("/tenders/").text
    assert "Restauration scolaire 2027-2030" in listing
    assert "2. Contexte" in listing
    response = buyer.get(f"/tenders/{tender_id}")
    assert response.headers["Location"].endswith("/step/context")


def test_a_stale_tab_gets_a_conflict_and_nothing_is_overwritten(buyer, session):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    old_lock = session.scalar(select(Tender.lock_version).where(Tender.id == tender_id))
    buyer.post(
        f"/tenders/{tender_id}/step/purchase",
        data=purchase_form(title="Titre du premier onglet", lock_version=old_lock),
    )
    page = buyer.post(
        f"/tenders/{tender_id}/step/purchase",
        data=purchase_form(title="Titre du second onglet", lock_version=old_lock),
    )
    assert "modifiée dans un autre onglet" in page.text
    assert 'value="Titre du second onglet"' in page.text
    session.expire_all()
    assert session.get(Tender, tender_id).title == "Titre du premier onglet"


def test_duplicate_and_delete_with_confirmation(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    response = buyer.post(f"/tenders/{tender_id}/duplicate")
    copy_id = int(re.search(r"/tenders/(\d+)/", response.headers["Location"]).group(1))
    copy = session.get(Tender, copy_id)
    assert copy.title == "Restauration scolaire 2027-2030 (copie)"
    assert len(copy.clauses) == len(session.get(Tender, tender_id).clauses)
    confirm = buyer.get(f"/tenders/{copy_id}/delete")
    assert "Supprimer définitivement" in confirm.text
    assert buyer.post(f"/tenders/{copy_id}/delete").status_code == 302
    session.expire_all()
    assert session.get(Tender, copy_id) is None
    assert session.scalar(select(TenderClause).where(TenderClause.tender_id == copy_id)) is None
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "tender.deleted"))


def test_another_organisation_gets_not_found(buyer, auth, client):
    tender_id = new_tender(buyer)
    auth.logout()
    auth.login_as(Role.BUYER, email="other@example.org")
    for url in (
        f"/tenders/{tender_id}",
        f"/tenders/{tender_id}/step/purchase",
        f"/tenders/{tender_id}/delete",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/tenders/{tender_id}/duplicate").status_code == 404


def test_weighting_simulator_ranks_sample_bids(buyer):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    data = form_values(buyer.get(f"/tenders/{tender_id}/step/criteria").text)
    data.update(
        {
            "action": "simulate",
            "bid0_name": "Alpha",
            "bid0_price": "100000",
            "bid0_technical": "6",
            "bid1_name": "Beta",
            "bid1_price": "130000",
            "bid1_technical": "9",
        }
    )
    page = buyer.post(f"/tenders/{tender_id}/step/criteria", data=data).text
    assert "Classement obtenu" in page
    assert re.search(r"<td>1</td><th scope=\"row\">(Alpha|Beta)</th>", page)


def test_cpv_search_as_you_type_answers_json(buyer, runner):
    assert runner.invoke(args=["load-cpv"]).exit_code == 0
    response = buyer.get("/api/cpv?q=restauration scolaire")
    codes = [result["code"] for result in response.json["results"]]
    assert "55523100-3" in codes  # « Services de restauration scolaire »
    assert buyer.get("/api/cpv?q=5552").json["results"][0]["code"].startswith("5552")


def test_review_step_offers_the_documents_and_they_download(buyer, session):
    import io

    from docx import Document

    tender_id = new_tender(buyer)
    review = walk_to_review(buyer, tender_id)
    assert "Dossier de consultation (RC, CCAP, CCTP) en un seul fichier Word" in review
    assert "Note de justification (interne, non publiée)" in review
    response = buyer.get(f"/tenders/{tender_id}/documents/all.docx?language=fr")
    assert response.status_code == 200
    assert "attachment;" in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Restauration scolaire 2027-2030" in text
    assert "857" in text  # the insertion hours proposed from value, labour share and rate
    assert "{{" not in text
    assert "Note de justification" not in text  # the internal note is never in the dossier
    note = buyer.get(f"/tenders/{tender_id}/documents/note.docx?language=fr")
    assert note.status_code == 200
    note_text = "\n".join(p.text for p in Document(io.BytesIO(note.data)).paragraphs)
    assert "Cette note interne" in note_text
    grid = buyer.get(f"/tenders/{tender_id}/documents/grid.xlsx?language=en")
    assert grid.status_code == 200
    assert grid.data[:2] == b"PK"


def test_downloading_documents_leaves_the_tender_as_it_was(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    session.expire_all()
    before = session.get(Tender, tender_id)
    version, events_before = before.lock_version, count_events(session)
    for name in ("all.docx", "rc.docx", "all.zip", "grid.xlsx"):
        assert buyer.get(f"/tenders/{tender_id}/documents/{name}").status_code == 200
    session.expire_all()
    after = session.get(Tender, tender_id)
    assert (after.status, after.lock_version) == ("draft", version)
    assert count_events(session) == events_before
    assert "Envoyer en relecture juridique" in buyer.get(f"/tenders/{tender_id}/step/review").text


def test_the_buyer_finishes_a_tender_explicitly_and_a_change_reopens_it(buyer, session):
    tender_id = new_tender(buyer)
    review = walk_to_review(buyer, tender_id)
    assert "Marquer la consultation comme terminée" in review
    session.expire_all()
    version = session.get(Tender, tender_id).lock_version
    assert buyer.get(f"/tenders/{tender_id}/finish").status_code == 405  # never by a GET
    response = buyer.post(f"/tenders/{tender_id}/finish", data={"lock_version": version})
    assert response.status_code == 302
    page = buyer.get(response.headers["Location"]).text
    assert "La consultation " in page
    assert "est terminée" in page
    session.expire_all()
    assert session.get(Tender, tender_id).status == "finished"
    assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == (
        "tender.finished"
    )
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form(title="Modifié"))
    session.expire_all()
    assert session.get(Tender, tender_id).status == "draft"


def test_finishing_from_a_stale_page_is_refused(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    session.expire_all()
    stale = session.get(Tender, tender_id).lock_version - 1
    response = buyer.post(f"/tenders/{tender_id}/finish", data={"lock_version": stale})
    assert "modifiée dans un autre onglet" in buyer.get(response.headers["Location"]).text
    session.expire_all()
    assert session.get(Tender, tender_id).status == "draft"


def count_events(session) -> int:
    return len(session.scalars(select(AuditEvent.id)).all())


@pytest.mark.usefixtures("office_tools")
def test_with_libreoffice_the_downloaded_contents_has_page_numbers(app, buyer):
    from tests.unit.documents.helpers import is_refreshed, paged_entries

    app.config["REFRESH_FIELDS"] = True
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    response = buyer.get(f"/tenders/{tender_id}/documents/ccap.docx?language=en")
    assert response.status_code == 200
    assert is_refreshed(response.data)
    assert paged_entries(response.data)


def test_the_justification_note_gives_each_reason_in_the_documents_language(buyer):
    import io

    from docx import Document

    from procure.tenders.recommend import reason_text

    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    catering = reason_text("catering")  # the context says the contract is catering
    for language in ("fr", "en"):
        note = buyer.get(f"/tenders/{tender_id}/documents/note.docx?language={language}")
        cells = {
            cell.text for table in Document(io.BytesIO(note.data)).tables for cell in table._cells
        }
        text = "\n".join(cells).casefold()
        other = "en" if language == "fr" else "fr"
        assert shown(catering[language], language).casefold() in text, language
        assert shown(catering[other], language).casefold() not in text, language


def test_numbers_typed_the_french_way_are_read_and_shown_back(buyer, session):
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    purchase = purchase_form(estimated_value="1 200 000,50")
    assert buyer.post(f"{base}/purchase", data=purchase).status_code == 302
    session.expire_all()
    saved = session.get(Tender, tender_id).answers["purchase"]["estimated_value"]
    assert Decimal(saved) == Decimal("1200000.50")
    page = buyer.get(f"{base}/purchase").text
    assert 'value="1\u202f200\u202f000,50"' in page  # grouped, as the page writes it


def test_the_tender_page_offers_the_documents_too(buyer):
    tender_id = new_tender(buyer)
    assert "#documents-title" not in buyer.get("/tenders/").text
    walk_to_review(buyer, tender_id)
    listing = buyer.get("/tenders/").text
    assert f'href="/tenders/{tender_id}/step/review#documents-title"' in listing
    page = buyer.get(f"/review/tenders/{tender_id}").text
    link = f"/tenders/{tender_id}/documents/all.docx?language=fr"
    assert f'href="{link}"' in page
    assert buyer.get(link).data[:2] == b"PK"


def test_documents_are_refused_while_a_blocking_item_is_open(buyer):
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    buyer.post(f"{base}/purchase", data=purchase_form())
    buyer.post(f"{base}/context", data=context_form())
    buyer.post(f"{base}/clauses", data={"ambition": "core", "clauses": ["vegetarian-menu"]})
    response = buyer.get(f"/tenders/{tender_id}/documents/all.docx")
    assert response.status_code == 409
    assert "point bloquant" in response.text


def test_documents_of_another_organisation_are_not_found(buyer, auth, client):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    auth.logout()
    auth.login_as(Role.BUYER, email="stranger@example.org")
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 404


def test_a_newer_approved_version_is_shown_and_can_be_taken(buyer, session):
    from procure.library.versions import add_version, latest_version
    from procure.models import Clause
    from procure.vocabulary import ClauseStatus

    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    clause = session.scalar(select(Clause).where(Clause.slug == "vegetarian-menu"))
    current = latest_version(session, clause)
    content = dict(current.content, guidance={"fr": "Nouveau conseil.", "en": "New advice."})
    add_version(
        session, clause, content, status=ClauseStatus.APPROVED, author_id=None, previous=current
    )
    session.commit()
    page = buyer.get(f"/tenders/{tender_id}/step/clauses").text
    assert "Une version approuvée plus récente (v2)" in page
    response = buyer.post(f"/tenders/{tender_id}/clauses/vegetarian-menu/update")
    assert response.status_code == 302
    session.expire_all()
    chosen = session.scalar(
        select(TenderClause)
        .join(Clause)
        .where(TenderClause.tender_id == tender_id, Clause.slug == "vegetarian-menu")
    )
    assert chosen.clause_version.number == 2
    assert (
        "Une version approuvée plus récente"
        not in buyer.get(f"/tenders/{tender_id}/step/clauses").text
    )


def test_a_required_legal_review_gates_the_downloads(buyer, session, auth, client):
    from procure.models import Organisation, User
    from procure.review.services import approve_tender
    from tests.factories import make_user

    tender_id = new_tender(buyer)
    tender = session.get(Tender, tender_id)
    organisation = session.get(Organisation, tender.organisation_id)
    organisation.review_threshold = 500_000
    session.commit()
    review = walk_to_review(buyer, tender_id)
    assert "Envoyer en relecture juridique" in review
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 409
    session.expire_all()
    response = buyer.post(
        f"/review/tenders/{tender_id}/submit",
        data={"lock_version": session.get(Tender, tender_id).lock_version},
    )
    assert response.status_code == 302
    session.expire_all()
    tender = session.get(Tender, tender_id)
    assert tender.status == "in_review"
    lawyer = make_user(session, role=Role.LEGAL, organisation=organisation)
    approve_tender(
        session, tender, actor=session.get(User, lawyer.id), lock_version=tender.lock_version
    )
    session.commit()
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 200
    session.expire_all()
    assert session.get(Tender, tender_id).status == "approved"
    # a change after approval reopens the tender: it needs a new review
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form(title="Modifié"))
    session.expire_all()
    assert session.get(Tender, tender_id).status == "draft"
    assert client.get(f"/tenders/{tender_id}/documents/all.docx").status_code == 409


def test_an_approved_clause_set_is_offered_as_a_starting_point(buyer, session):
    from procure.models import User
    from tests.factories import make_approved_set

    town = session.scalar(select(User).where(User.email == "acheteuse@example.org")).organisation
    make_approved_set(
        session,
        town,
        "cantine-scolaire",
        ["egalim-quality-share", "catering-food-waste-plan", "fair-trade-coffee-tea-cocoa"],
        title_fr="Jeu standard pour la cantine",
    )
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    buyer.post(f"/tenders/{tender_id}/step/context", data=context_form())
    page = buyer.get(f"/tenders/{tender_id}/step/clauses").text
    assert "Jeu standard pour la cantine" in page
    page = buyer.post(
        f"/tenders/{tender_id}/step/clauses",
        data={"ambition": "core", "action": "set:cantine-scolaire"},
    ).text
    ticked = set(checked_clauses(page))
    assert {"fair-trade-coffee-tea-cocoa", "egalim-quality-share"} <= ticked  # the set
    assert "Pas encore satisfaite" not in page  # and a clause for each obligation it leaves
    assert "environmental-performance-criterion" in ticked  # the set has no award criterion


def test_invalid_answers_at_steps_two_to_five_are_named_and_kept(buyer):
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    walk_to_review(buyer, tender_id)
    page = buyer.post(f"{base}/context", data=context_form(labour_share="150")).text
    assert "Part de la main-d’œuvre dans le prix (%)" in page
    assert 'value="150"' in buyer.get(f"{base}/context").text  # the draft survives a reload
    page = buyer.post(f"{base}/clauses", data={"ambition": "stellar"}).text
    assert "Niveau d’ambition" in page
    assert "field__error" in page
    values = form_values(buyer.get(f"{base}/variables").text)
    hours = next(name for name in values if name.endswith("__insertion_hours"))
    page = buyer.post(f"{base}/variables", data=dict(values, **{hours: "-3"})).text
    assert "Nombre d&#39;heures d&#39;insertion" in page
    assert 'aria-invalid="true"' in page
    assert 'value="-3"' in buyer.get(f"{base}/variables").text


def test_a_written_justification_clears_an_exception_and_too_long_text_is_refused(buyer):
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    buyer.post(f"{base}/purchase", data=purchase_form())
    buyer.post(f"{base}/context", data=context_form())
    chosen = [
        "environmental-execution-condition",
        "environmental-performance-criterion",
        "egalim-quality-share",
        "egalim-meat-fish-share",
        "vegetarian-menu",
        "catering-plastic-free-containers",
    ]
    buyer.post(f"{base}/clauses", data={"ambition": "core", "clauses": chosen})
    review = buyer.get(f"{base}/review").text
    assert 'name="justify__social-execution-condition"' in review
    page = buyer.post(f"{base}/review", data={"justify__social-execution-condition": "x" * 2001})
    assert "dépasse 2000 caractères" in page.text
    assert "x" * 2001 in page.text  # nothing typed is lost
    reason = "Prestation immédiatement disponible : repas livrés par un prestataire existant."
    buyer.post(f"{base}/review", data={"justify__social-execution-condition": reason})
    review = buyer.get(f"{base}/review").text
    assert reason in review
    assert "Justifié" in review


def test_documents_are_built_on_the_organisation_active_template(buyer, session):
    import io
    from pathlib import Path

    from docx import Document

    from procure.models import DocumentTemplate

    template = Document(Path(__file__).parents[2] / "templates" / "default.docx")
    template.styles["Normal"].font.name = "Georgia"
    buffer = io.BytesIO()
    template.save(buffer)
    tender_id = new_tender(buyer)
    organisation_id = session.get(Tender, tender_id).organisation_id
    session.add(
        DocumentTemplate(
            organisation_id=organisation_id,
            name="Charte",
            filename="c.docx",
            content=buffer.getvalue(),
            sha256="0" * 64,
            active=True,
        )
    )
    session.commit()
    walk_to_review(buyer, tender_id)
    response = buyer.get(f"/tenders/{tender_id}/documents/rc.docx")
    assert response.status_code == 200
    assert Document(io.BytesIO(response.data)).styles["Normal"].font.name == "Georgia"


def test_a_justification_with_a_control_character_is_refused(buyer):
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    buyer.post(f"{base}/purchase", data=purchase_form())
    buyer.post(f"{base}/context", data=context_form())
    buyer.post(f"{base}/clauses", data={"ambition": "core", "clauses": ["vegetarian-menu"]})
    page = buyer.post(
        f"{base}/review", data={"justify__social-execution-condition": "Motif\x07 sonore"}
    )
    assert "U+0007, position 6" in page.text


def test_the_answer_on_what_works_do_decides_the_clauses_offered(buyer, session):
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    works = purchase_form(
        title="Construction d'un groupe scolaire",
        contract_type="works",
        cpv_main="45210000-2",
        cpv_additional="",
        estimated_value="8000000",
    )
    assert buyer.post(f"{base}/purchase", data=works).status_code == 302
    page = buyer.get(f"{base}/context").text
    assert "Pour des travaux : ce qu’ils réalisent" in page
    answers = context_form(catering=False, building=True, works=["building_new"])
    assert buyer.post(f"{base}/context", data=answers).status_code == 302
    assert session.get(Tender, tender_id).answers["context"]["works"] == ["building_new"]
    page = buyer.get(f"{base}/clauses").text
    assert 'value="re2020-new-building-compliance"' in page
    assert 'value="pemd-diagnosis-follow-through"' not in page  # renovation and demolition only
