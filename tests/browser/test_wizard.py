"""The guided form in a browser: six steps, the scripts of wizard.js, errors and reloads."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    PURCHASE,
    balance_weights,
    expect,
    expect_step,
    fill_context,
    fill_purchase,
    save_step,
    start_tender,
    walk_to_review,
)

pytestmark = pytest.mark.browser
SCHOOL_MEALS = "55523100-3"


def weight_inputs_total(page) -> float:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
             "input[name=price_weight], input[name=technical_weight], input[name^=w__]"))
           .reduce((sum, input) => sum + (parseFloat(input.value.replace(",", ".")) || 0), 0)"""
    )


def pick_cpv_with_the_keyboard(page) -> None:
    """Step 1: type words in the main CPV field, Tab to the suggestion, Enter."""
    cpv = page.get_by_label("Code CPV principal")
    cpv.press_sequentially("restauration scolaire", delay=20)
    suggestion = page.get_by_role("button", name=f"{SCHOOL_MEALS} — Services de restauration")
    expect(suggestion).to_be_visible()
    cpv.press("Tab")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Enter")
    expect(cpv).to_have_value(SCHOOL_MEALS)
    expect(cpv).to_be_focused()
    expect(suggestion).to_be_hidden()


def check_recommended_clauses_are_ticked(page) -> None:
    """Step 3: every obligation is met by a ticked clause, the mandatory clauses come
    ticked, one clause per need; a clause opens in place."""
    obligations = page.get_by_role("region", name="Ce que la loi impose pour cet achat")
    expect(obligations).to_contain_text("Satisfaite")
    expect(obligations.get_by_text("Pas encore satisfaite")).to_have_count(0)
    boxes = page.get_by_role("region", name=re.compile("^Obligatoires")).get_by_role("checkbox")
    assert boxes.count() > 0, "no clause under “Obligatoires”"
    for index in range(boxes.count()):
        expect(boxes.nth(index)).to_be_checked()
    # the group's heading counts the ticked clauses as boxes change, before any save
    count = page.locator("#group-mandatory [data-ticked-count]")
    total = boxes.count()
    expect(count).to_have_text(f"— cochées : {total} sur {total}")
    boxes.first.uncheck()
    expect(count).to_have_text(f"— cochées : {total - 1} sur {total}")
    boxes.first.check()
    expect(count).to_have_text(f"— cochées : {total} sur {total}")
    recommended = page.get_by_role("region", name=re.compile(r"^Vivement recommandées"))
    expect(recommended.get_by_role("checkbox", checked=True).first).to_be_visible()
    recommended = page.get_by_role("region", name=re.compile(r"^Vivement recommandées"))
    first_clause = recommended.get_by_role("listitem").first
    clause_text = first_clause.locator(".clause-text")
    expect(clause_text).to_be_hidden()
    first_clause.get_by_text("Lire la clause et ses conseils").click()
    expect(clause_text).to_be_visible()


def check_live_weight_total(page) -> None:
    """Step 5: the total of the weights follows what is typed, before any save."""
    total = page.locator("[data-weights-total]")
    box = page.locator(".weights-total")
    page.get_by_label("Prix (%)", exact=True).fill("30")
    expect(total).to_have_text(f"{weight_inputs_total(page):g}\u202f%")
    assert weight_inputs_total(page) != 100
    expect(box).to_have_class(re.compile("weights-total--wrong"))
    balance_weights(page, price="40")
    expect(total).to_have_text("100\u202f%")
    expect(box).not_to_have_class(re.compile("weights-total--wrong"))


def test_buyer_walks_the_guided_form_and_finds_the_answers_after_a_reload(buyer):
    page = buyer
    start_tender(page)
    expect_step(page, 1)
    fill_purchase(page, cpv="")
    pick_cpv_with_the_keyboard(page)
    save_step(page, 2)

    expect(page.get_by_label("Part de la main-d’œuvre dans le prix (%)")).to_have_value("50")
    fill_context(page)
    save_step(page, 3)

    check_recommended_clauses_are_ticked(page)
    save_step(page, 4)

    save_step(page, 5)  # every variable starts with a value

    check_live_weight_total(page)
    save_step(page, 6)

    checklist = page.get_by_role("region", name="Liste de contrôle de conformité")
    expect(checklist).to_be_visible()
    expect(checklist.locator(".checklist__item").first).to_be_visible()

    # Back on step 1 and reloaded: every answer comes from the database.
    page.get_by_role("navigation", name="Étapes du formulaire guidé").get_by_role(
        "link", name="1. L’achat"
    ).click()
    expect_step(page, 1)
    page.reload()
    expect_step(page, 1)
    for label, value in PURCHASE.items():
        field = page.get_by_label(label, exact=True)
        if label.startswith("Montant"):  # shown grouped the French way: 1 200 000
            shown = field.input_value().replace("\u202f", "").replace(",", ".")
            assert float(shown) == float(value)
        else:
            expect(field).to_have_value(value)
    expect(page.get_by_role("radio", name="Services", exact=True)).to_be_checked()
    expect(page.get_by_label("Code CPV principal")).to_have_value(SCHOOL_MEALS)


def test_invalid_purchase_lists_errors_that_lead_to_each_field(buyer):
    page = buyer
    start_tender(page)
    page.get_by_label("Intitulé de la consultation", exact=True).fill("Nettoyage des écoles")
    page.get_by_label("Code CPV principal").fill("1234")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect_step(page, 1)
    summary = page.get_by_role("alert").filter(has_text="Veuillez corriger les points suivants")
    expect(summary).to_be_visible()
    links = summary.get_by_role("link")
    assert links.count() >= 3  # object, contract type, CPV, value, duration, launch date

    # What was typed is still there.
    expect(page.get_by_label("Intitulé de la consultation", exact=True)).to_have_value(
        "Nettoyage des écoles"
    )
    expect(page.get_by_label("Code CPV principal")).to_have_value("1234")
    # Opened again later (a GET, not a re-post), the unsaved answers are still there.
    page.goto(page.url.split("#")[0])
    expect(page.get_by_label("Intitulé de la consultation", exact=True)).to_have_value(
        "Nettoyage des écoles"
    )
    expect(page.get_by_label("Code CPV principal")).to_have_value("1234")

    invalid_ids = []
    for index in range(links.count()):
        link = links.nth(index)
        target_id = link.get_attribute("href").removeprefix("#")
        target = page.locator(f"[id='{target_id}']")
        assert target.count() == 1, f"the error link {link.inner_text()!r} leads nowhere"
        link.click()
        expect(target).to_be_focused()
        invalid_ids.append(target_id)

    for target_id in invalid_ids:
        target = page.locator(f"[id='{target_id}']")
        expect(target).to_have_attribute("aria-invalid", "true")
        described_by = (target.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"[id='{name}']") for name in described_by]
        error_messages = [
            m for m in messages if m.count() and "field__error" in (m.get_attribute("class") or "")
        ]
        assert error_messages, f"#{target_id} is not described by its error message"
        expect(error_messages[0]).not_to_be_empty()


def test_a_buyer_adapts_a_clause_wording_with_the_keyboard_and_finds_it_again(buyer):
    page = buyer
    tender_id = walk_to_review(page)
    page.goto(f"/tenders/{tender_id}/step/variables")
    # the defaults fill every value: each clause's section is there, closed
    expect(page.get_by_text("Toutes les valeurs sont renseignées")).to_be_visible()
    card = page.locator("section.clause-values").first
    expect(card.get_by_role("heading", level=2)).to_be_visible()
    expect(card.locator(".clause-values__status")).to_have_text("Complet")
    outer = card.locator("summary").first
    summary = card.locator("summary", has_text="Adapter la rédaction")
    french = card.get_by_label(re.compile("^Texte français de"))
    expect(summary).to_be_hidden()
    outer.focus()
    page.keyboard.press("Enter")  # opens the clause's section…
    expect(summary).to_be_visible()
    page.keyboard.press("Enter")  # …closes it…
    expect(summary).to_be_hidden()
    page.keyboard.press(" ")  # …and opens it again
    expect(french).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(french).to_be_visible()
    adapted = french.input_value().rstrip() + " Clause complétée par l’acheteur."
    french.fill(adapted)
    save_step(page, 5)

    page.goto(f"/tenders/{tender_id}/step/variables")
    card = page.locator("section.clause-values").first
    card.locator("summary").first.click()
    expect(card.locator("summary .tag")).to_have_text("Rédaction adaptée")
    card.locator("summary", has_text="Adapter la rédaction").click()
    expect(card.get_by_label(re.compile("^Texte français de"))).to_have_value(adapted)
