"""A tender divided into lots, built through the pages: its lots at step 1, a
reservation for one lot at step 3, and the consultation rules that say so (issue 14)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.browser.conftest import (
    balance_weights,
    expect,
    fill_context,
    fill_purchase,
    save_step,
    start_tender,
)

pytestmark = pytest.mark.browser

LOTS = (
    ("Repas des écoles", "55524000-9", "500000"),
    ("Repas des crèches", "55523100-3", "300000"),
    ("Goûters", "15800000-6", "100000"),
)


def test_a_reservation_for_lot_two_reaches_the_consultation_rules(buyer):
    page = buyer
    start_tender(page)
    fill_purchase(page, cpv="55524000-9")
    page.get_by_role("button", name="Allotir le marché").click()
    page.get_by_role("button", name="Ajouter un lot").click()
    for index, (title, cpv, value) in enumerate(LOTS):
        page.locator(f'[name="lots-{index}-title"]').fill(title)
        page.locator(f'[name="lots-{index}-cpv_main"]').fill(cpv)
        page.locator(f'[name="lots-{index}-estimated_value"]').fill(value)
    save_step(page, 2)
    fill_context(page)
    save_step(page, 3)

    page.get_by_text("Afficher les autres clauses applicables").click()
    clause = page.locator("#clause-reserved-insertion")
    clause.check()
    lots = page.get_by_role("group", name="Lots pour « Marché ou lot réservé aux structures")
    lots.get_by_label("Lot 2 — Repas des crèches").check()
    expect(lots.get_by_label("Lot 1 — Repas des écoles")).not_to_be_checked()
    save_step(page, 4)
    save_step(page, 5)
    balance_weights(page)
    save_step(page, 6)
    expect(page.locator(".clause-lots", has_text="Lot 2")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Clauses du règlement de la consultation (RC) (.docx)"
        ).first.click()
    with open(download.value.path(), "rb") as file:
        text = "\n".join(p.text for p in Document(io.BytesIO(file.read())).paragraphs)
    assert "le lot n° 2" in text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "le présent marché est réservé" not in text.replace("\u00a0", " ").lower()
