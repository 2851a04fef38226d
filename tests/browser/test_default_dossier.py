"""A buyer who accepts every default gets a dossier a lawyer would publish."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from tests.browser.conftest import expect_step, fill_purchase, save_step, start_tender

pytestmark = pytest.mark.browser
RESERVATION_ARTICLES = re.compile(r"L\.?\s?2113-1[2-5](?:-1)?")
SPACE = r"[\s\u00a0\u202f]"  # French typography puts no-break spaces before "%"


def test_school_catering_with_the_defaults_gives_a_coherent_dossier(buyer):
    page = buyer
    tender_id = start_tender(page)
    fill_purchase(page, cpv="55524000-9")
    page.get_by_label("Montant estimé HT (€)", exact=True).fill("800000")
    save_step(page, 2)
    expect_step(page, 2)
    save_step(page, 3)  # catering is ticked from the CPV code
    assert page.get_by_text("Pas encore satisfaite").count() == 0
    save_step(page, 4)
    save_step(page, 5)
    save_step(page, 6)  # the default weights total 100 %

    response = page.request.get(f"/tenders/{tender_id}/documents/all.docx?language=fr")
    assert response.status == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.body())).paragraphs)

    assert len(set(RESERVATION_ARTICLES.findall(text))) <= 1  # one reservation at most
    assert not re.search(r"\blot n°", text, re.IGNORECASE)  # a one-lot contract
    contents = rf"^\d(?:\.\d)+ (.+) \((\d+){SPACE}%\)"  # "1.2.1 Prix (50 %)" and its page
    weights = dict(re.findall(contents, text, re.MULTILINE))
    assert sum(int(weight) for weight in weights.values()) == 100
    printed = [int(n) for n in re.findall(rf"(\d+){SPACE}% de la note globale", text)]
    assert printed  # the clause criteria print their weight…
    assert set(printed) <= {int(weight) for weight in weights.values()}  # …the RC's one
    assert not re.search(r"noté sur 20 points", text)  # no scale of their own
