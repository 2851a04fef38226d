"""Everyday paths of the guided form in a browser: a correction after an error, Back,
reopening step 5 with sub-criteria, and a second tab saving the same step."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
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


def test_a_mistyped_amount_is_corrected_and_saved(buyer):
    page = buyer
    start_tender(page)
    fill_purchase(page)
    amount = page.get_by_label("Montant estimé HT (€)", exact=True)
    amount.fill("un million")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect_step(page, 1)
    expect(page.get_by_role("alert")).to_contain_text("Montant estimé HT (€)")
    amount.fill("1 200 000,50")
    save_step(page, 2)
    expect(page.get_by_text("modifiée dans un autre onglet")).to_have_count(0)
    page.get_by_role("button", name="Retour").click()
    expect_step(page, 1)
    expect(page.get_by_label("Montant estimé HT (€)", exact=True)).to_have_value(
        "1\u202f200\u202f000,50"
    )
    expect(page.get_by_text("Le formulaire a expiré")).to_have_count(0)


def test_back_keeps_what_was_typed_on_the_step(buyer):
    page = buyer
    start_tender(page)
    fill_purchase(page)
    save_step(page, 2)
    share = page.get_by_label("Part de la main-d’œuvre dans le prix (%)")
    share.fill("65")
    page.get_by_label("Denrées pour la restauration collective").uncheck()
    page.get_by_role("button", name="Retour").click()
    expect_step(page, 1)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect_step(page, 2)
    expect(share).to_have_value("65")
    expect(page.get_by_label("Denrées pour la restauration collective")).not_to_be_checked()


def test_step_five_reopens_with_its_sub_criteria_from_the_review_page(buyer):
    page = buyer
    walk_to_review(page)
    page.get_by_role("link", name=re.compile("^Modifier Critères d’attribution")).click()
    expect_step(page, 5)
    names = page.get_by_label("Sous-critère")
    weights = page.get_by_label("Poids au sein du critère (%)")
    names.nth(0).fill("Méthodologie")
    weights.nth(0).fill("60")
    names.nth(1).fill("Moyens humains")
    weights.nth(1).fill("40")
    balance_weights(page)
    save_step(page, 6)
    page.get_by_role("link", name=re.compile("^Modifier Critères d’attribution")).click()
    expect_step(page, 5)
    expect(page.get_by_label("Sous-critère").nth(0)).to_have_value("Méthodologie")
    expect(page.get_by_label("Poids au sein du critère (%)").nth(1)).to_have_value("40")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_text(re.compile(r"Step 5 of 6"))).to_be_visible()
    expect(page.get_by_label("Sub-criterion").nth(0)).to_have_value("Méthodologie")


def test_a_second_tab_is_refused_and_keeps_its_typed_values(buyer):
    first = buyer
    tender_id = start_tender(first)
    fill_purchase(first)
    save_step(first, 2)
    fill_context(first)
    save_step(first, 3)
    second = first.context.new_page()
    for page in (first, second):
        page.goto(f"/tenders/{tender_id}/step/purchase")
    first.get_by_label("Intitulé de la consultation", exact=True).fill("Cantines 2027")
    save_step(first, 2)
    second.get_by_label("Intitulé de la consultation", exact=True).fill("Restauration 2028")
    second.get_by_role("button", name="Enregistrer et continuer").click()
    expect(second.get_by_text(re.compile("modifiée dans un autre onglet"))).to_be_visible()
    expect(second.get_by_label("Intitulé de la consultation", exact=True)).to_have_value(
        "Restauration 2028"
    )
    changed = second.get_by_role("region", name="Enregistré entre-temps dans l’autre onglet")
    expect(changed).to_contain_text("Cantines 2027")
    save_step(second, 2)  # saved again, knowingly: the second tab's title wins
    second.goto(f"/tenders/{tender_id}/step/purchase")
    expect(second.get_by_label("Intitulé de la consultation", exact=True)).to_have_value(
        "Restauration 2028"
    )
    second.close()
