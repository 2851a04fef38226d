"""The everyday paths of the guided form that used to fail: a correction after an error,
Back, reopening step 5, a reference already in use, two tabs, defaults that add up."""

from __future__ import annotations

import re

from sqlalchemy import select

from procure.cpv.loader import load_cpv_file
from procure.models import Tender, TenderClause, TenderDraft
from tests.factories import context_form, purchase_form
from tests.integration.test_wizard import (
    form_values,
    new_tender,
    walk_to_review,
)


def lock_of(session, tender_id: int) -> int:
    session.expire_all()
    return session.get(Tender, tender_id).lock_version


def test_a_buyer_corrects_a_mistyped_field_and_saves(buyer, session):
    tender_id = new_tender(buyer)
    page = buyer.get(f"/tenders/{tender_id}/step/purchase").text
    lock = re.search(r'name="lock_version" type="hidden" value="(\d+)"', page).group(1)
    wrong = buyer.post(
        f"/tenders/{tender_id}/step/purchase",
        data=purchase_form(estimated_value="beaucoup", lock_version=lock),
    )
    assert wrong.status_code == 200
    assert "Montant estimé HT" in wrong.text
    assert lock_of(session, tender_id) == int(lock)  # keeping the draft moved nothing
    corrected = buyer.post(
        f"/tenders/{tender_id}/step/purchase", data=purchase_form(lock_version=lock)
    )
    assert corrected.status_code == 302
    assert corrected.headers["Location"].endswith("/step/context")
    session.expire_all()
    tender = session.get(Tender, tender_id)
    assert tender.answers["purchase"]["estimated_value"] == "1200000"
    assert session.scalar(select(TenderDraft).where(TenderDraft.tender_id == tender_id)) is None


def test_a_reopened_draft_shows_its_errors_but_not_an_expired_form(buyer):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form(duration_months="0"))
    page = buyer.get(f"/tenders/{tender_id}/step/purchase").text
    assert 'value="0"' in page
    assert "Durée en mois" in page
    assert "Le formulaire a expiré" not in page
    assert (
        buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form()).status_code == 302
    )


def test_back_keeps_what_was_typed_on_the_step(buyer, session):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    typed = context_form(labour_share="150", action="back")  # not valid yet
    response = buyer.post(f"/tenders/{tender_id}/step/context", data=typed)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/step/purchase")
    assert "conservé comme brouillon" in buyer.get(response.headers["Location"]).text
    again = buyer.get(f"/tenders/{tender_id}/step/context").text
    assert 'value="150"' in again


def test_back_saves_a_valid_step(buyer, session):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    response = buyer.post(
        f"/tenders/{tender_id}/step/context", data=context_form(labour_share="65", action="back")
    )
    assert response.headers["Location"].endswith("/step/purchase")
    session.expire_all()
    assert session.get(Tender, tender_id).answers["context"]["labour_share"] == "65"


def test_the_back_button_posts_the_form(buyer):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    page = buyer.get(f"/tenders/{tender_id}/step/context").text
    assert re.search(r'<button type="submit" name="action" value="back"[^>]*>Retour</button>', page)
    save = page.index("Enregistrer et continuer")
    assert save < page.index(">Retour<")  # Enter in a field saves, it does not go back


def test_step_five_reopens_after_sub_criteria_are_saved(buyer, client):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    url = f"/tenders/{tender_id}/step/criteria"
    data = form_values(buyer.get(url).text)
    weights = [name for name in data if name.startswith("w__")]
    data.update(
        {
            "price_weight": "50",
            "technical_weight": str(50 - 10 * len(weights)),
            **dict.fromkeys(weights, "10"),
            "subcriteria-0-name": "Méthodologie",
            "subcriteria-0-weight": "50",
            "subcriteria-1-name": "Moyens humains",
            "subcriteria-1-weight": "50,5",
        }
    )
    assert buyer.post(url, data=data).status_code == 302
    french = buyer.get(url)
    assert french.status_code == 200
    assert 'value="50,50"' in french.text
    assert 'value="Méthodologie"' in french.text
    review = buyer.get(f"/tenders/{tender_id}/step/review").text
    assert f'href="{url}"' in review  # the review page's "Modifier" link
    client.post("/language", data={"language": "en", "next": "/"})
    english = buyer.get(url)
    assert english.status_code == 200
    assert 'value="50.50"' in english.text


def test_a_reference_already_in_use_is_a_field_error(buyer, session):
    first = new_tender(buyer)
    buyer.post(f"/tenders/{first}/step/purchase", data=purchase_form(reference="CANTINE-27"))
    second = new_tender(buyer)
    page = buyer.post(
        f"/tenders/{second}/step/purchase", data=purchase_form(reference="CANTINE-27")
    )
    assert page.status_code == 200
    assert "La référence CANTINE-27 est déjà utilisée" in page.text
    assert 'href="#reference"' in page.text
    fixed = buyer.post(
        f"/tenders/{second}/step/purchase", data=purchase_form(reference="CANTINE-28")
    )
    assert fixed.status_code == 302
    assert buyer.post(f"/tenders/{second}/step/context", data=context_form()).status_code == 302
    session.expire_all()
    assert session.get(Tender, second).reference == "CANTINE-28"


def test_the_second_tab_is_refused_with_its_values_and_what_changed(buyer, session):
    tender_id = new_tender(buyer)
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase_form())
    lock = lock_of(session, tender_id)
    first = purchase_form(title="Cantines 2027", lock_version=lock)
    assert buyer.post(f"/tenders/{tender_id}/step/purchase", data=first).status_code == 302
    second = purchase_form(title="Restauration 2028", lock_version=lock)
    page = buyer.post(f"/tenders/{tender_id}/step/purchase", data=second)
    assert page.status_code == 409
    assert "modifiée dans un autre onglet" in page.text
    assert 'value="Restauration 2028"' in page.text  # the typed values are kept
    assert "Enregistré entre-temps dans l’autre onglet" in page.text
    assert "<dt>Intitulé de la consultation</dt><dd>Cantines 2027</dd>" in page.text
    session.expire_all()
    assert session.get(Tender, tender_id).title == "Cantines 2027"
    # the page now carries the current version: saving again replaces, knowingly
    lock_now = re.search(r'name="lock_version" type="hidden" value="(\d+)"', page.text).group(1)
    again = buyer.post(
        f"/tenders/{tender_id}/step/purchase", data=dict(second, lock_version=lock_now)
    )
    assert again.status_code == 302
    session.expire_all()
    assert session.get(Tender, tender_id).title == "Restauration 2028"


def test_step_two_infers_collective_catering_from_a_catering_cpv(buyer):
    tender_id = new_tender(buyer)
    purchase = purchase_form(cpv_main="55523100-3", cpv_additional="")
    buyer.post(f"/tenders/{tender_id}/step/purchase", data=purchase)
    page = buyer.get(f"/tenders/{tender_id}/step/context").text
    assert re.search(r'<input [^>]*checked id="catering"', page)
    assert "le code CPV 55523100-3 de l’achat l’implique" in page


def test_default_weights_total_one_hundred_whatever_is_ticked(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    award = [
        "environmental-performance-criterion",
        "insertion-award-criterion",
        "circularity-award-criterion",
        "life-cycle-cost-criterion",
        "fair-trade-award-criterion",
    ]
    base = f"/tenders/{tender_id}/step"
    for count in (0, 1, 3, 5):
        tender = session.get(Tender, tender_id)
        kept = [tc.clause.slug for tc in tender.clauses if tc.clause.slug not in award]
        buyer.post(f"{base}/clauses", data={"ambition": "core", "clauses": kept + award[:count]})
        session.expire_all()
        for tc in session.get(Tender, tender_id).clauses:
            tc.weight = None
        tender = session.get(Tender, tender_id)
        tender.answers = {k: v for k, v in tender.answers.items() if k != "criteria"}
        session.commit()
        page = buyer.get(f"{base}/criteria").text
        assert "data-weights-total>100\u202f%</strong>" in page, count
        response = buyer.post(f"{base}/criteria", data=form_values(page))
        assert response.status_code == 302, (count, response.text)


def test_a_criterion_weight_is_asked_once_and_the_clause_prints_it(buyer, session):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    base = f"/tenders/{tender_id}/step"
    tender = session.get(Tender, tender_id)
    kept = [tc.clause.slug for tc in tender.clauses]
    chosen = [*kept, "environmental-performance-criterion"]
    buyer.post(f"{base}/clauses", data={"ambition": "core", "clauses": chosen})
    variables = buyer.get(f"{base}/variables").text
    assert "v__environmental_performance_criterion__criterion_weight" not in variables
    buyer.post(f"{base}/variables", data=form_values(variables))
    data = form_values(buyer.get(f"{base}/criteria").text)
    weights = [name for name in data if name.startswith("w__")]
    data.update(dict.fromkeys(weights, "5"))
    data.update(price_weight="55", technical_weight=str(45 - 5 * len(weights)))
    data["w__environmental-performance-criterion"] = "15"
    data["technical_weight"] = str(45 - 5 * (len(weights) - 1) - 15)
    assert buyer.post(f"{base}/criteria", data=data).status_code == 302
    buyer.post(f"{base}/variables", data=form_values(buyer.get(f"{base}/variables").text))
    session.expire_all()
    clause = session.scalar(
        select(TenderClause)
        .join(TenderClause.clause)
        .where(TenderClause.tender_id == tender_id)
        .where(TenderClause.clause.has(slug="environmental-performance-criterion"))
    )
    assert clause.weight == 15
    review = buyer.get(f"{base}/review").text
    assert 'title="criterion_weight">15</mark>\u202f% de la note globale' in review


def test_cpv_codes_are_checked_against_the_imported_vocabulary(buyer, session, tmp_path):
    official = tmp_path / "cpv.csv"
    official.write_text(
        "code,label_fr,label_en\n"
        "03111900-1,Graines de tulipes,Tulip bulbs\n"
        "55524000-9,Services de restauration scolaire,School catering services\n",
        encoding="utf-8",
    )
    load_cpv_file(session, official)
    session.commit()
    tender_id = new_tender(buyer)
    url = f"/tenders/{tender_id}/step/purchase"
    wrong = buyer.post(url, data=purchase_form(cpv_additional="03111900-4"))
    assert "le chiffre de contrôle de 03111900 est 1" in wrong.text
    right = buyer.post(url, data=purchase_form(cpv_additional="03111900"))
    assert right.status_code == 302
    session.expire_all()
    assert session.get(Tender, tender_id).answers["purchase"]["cpv_additional"] == "03111900-1"


def test_the_error_summary_shows_translated_messages(buyer):
    tender_id = new_tender(buyer)
    page = buyer.post(
        f"/tenders/{tender_id}/step/purchase", data=purchase_form(launch_date="1999-01-01")
    ).text
    summary = page[page.index("error-summary") : page.index("</ul>", page.index("error-summary"))]
    assert 'href="#launch_date"' in summary
    assert (
        "Lancement prévu de la consultation\u202f: Saisissez une date entre 2000 et 2100."
        in summary
    )


def test_the_error_summary_and_flashes_set_the_colon_as_each_language_does(buyer, client):
    tender_id = new_tender(buyer)
    url = f"/tenders/{tender_id}/step/purchase"
    flashed = buyer.post(f"/tenders/{tender_id}/duplicate", follow_redirects=True).text
    assert re.search(r"Une copie a été créée\u202f: \d{4}-\d{4}\.", flashed)

    client.post("/language", data={"language": "en", "next": "/"})
    page = buyer.post(url, data=purchase_form(launch_date="1999-01-01")).text
    summary = page[page.index("error-summary") : page.index("</ul>", page.index("error-summary"))]
    assert re.search(r"launch of the consultation: \S", summary, re.I), summary
    assert "\u202f:" not in summary
