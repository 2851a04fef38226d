"""An adapted wording downloads as Word tracked changes; a clean copy stays available."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from sqlalchemy import select

from procure.documents.ooxml import w
from procure.documents.revisions import accept_all, problems, reject_all
from procure.models import AuditEvent
from tests.integration.test_adapted_wording import (
    FRENCH,
    WORDING,
    post_step_four,
    without_wording_review,
)
from tests.integration.test_wizard import new_tender, walk_to_review
from tests.unit.documents.helpers import shown

CLEAN_LINK = "Version propre (sans marques de révision)"


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def text(root: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in root.iter(w("p")))


def test_the_default_download_shows_the_adapted_wording_as_revisions_dated_when_saved(
    buyer, session
):
    tender_id = new_tender(buyer)
    without_wording_review(session, tender_id)  # to download before any review
    walk_to_review(buyer, tender_id)
    library = document_xml(buyer.get(f"/tenders/{tender_id}/documents/ccap.docx").data)
    assert library.find(f".//{w('ins')}") is None  # nothing adapted yet: no revision
    assert CLEAN_LINK not in buyer.get(f"/tenders/{tender_id}/step/review").text

    assert post_step_four(buyer, tender_id, **{FRENCH: WORDING}).status_code == 302
    saved = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "tender.wording_adapted")
    ).created_at
    tracked = document_xml(buyer.get(f"/tenders/{tender_id}/documents/ccap.docx").data)
    marks = list(tracked.iter(w("ins"), w("del")))
    assert {m.tag for m in marks} == {w("ins"), w("del")}
    assert {m.get(w("author")) for m in marks} == {"procure"}
    assert {m.get(w("date")) for m in marks} == {saved.strftime("%Y-%m-%dT%H:%M:%SZ")}
    assert problems(tracked) == []

    response = buyer.get(f"/tenders/{tender_id}/documents/ccap.docx?clean=1")
    assert response.status_code == 200
    assert "_CCAP_propre_fr.docx" in response.headers["Content-Disposition"]
    clean = document_xml(response.data)
    assert clean.find(f".//{w('ins')}") is None
    assert clean.find(f".//{w('del')}") is None
    assert shown("Le titulaire consacre au minimum 857\u00a0heures de travail") in text(clean)
    assert text(accept_all(tracked)) == text(clean)
    assert text(reject_all(tracked)) == text(library)


def test_the_downloads_offer_a_clean_copy_next_to_each_word_file_of_an_adapted_tender(
    buyer, session
):
    tender_id = new_tender(buyer)
    without_wording_review(session, tender_id)  # to download before any review
    walk_to_review(buyer, tender_id)
    post_step_four(buyer, tender_id, **{FRENCH: WORDING})
    page = buyer.get(f"/tenders/{tender_id}/step/review").text
    base = f"/tenders/{tender_id}/documents"
    for what in ("all", "rc", "ccap", "cctp", "note"):
        assert f'href="{base}/{what}.docx?language=fr&amp;clean=1">{CLEAN_LINK}</a>' in page
        assert f"{base}/{what}.docx?language=en&amp;clean=1" not in page  # English not adapted
    assert f'href="{base}/all.zip?language=fr&amp;clean=1"' in page

    archive = zipfile.ZipFile(io.BytesIO(buyer.get(f"{base}/all.zip?language=fr").data))
    ccap = next(name for name in archive.namelist() if "_CCAP_" in name)
    with zipfile.ZipFile(io.BytesIO(archive.read(ccap))) as docx:
        assert b"<w:ins " in docx.read("word/document.xml")  # the zip holds the default
    clean_zip = zipfile.ZipFile(io.BytesIO(buyer.get(f"{base}/all.zip?language=fr&clean=1").data))
    with zipfile.ZipFile(io.BytesIO(clean_zip.read(ccap))) as docx:
        assert b"<w:ins " not in docx.read("word/document.xml")
    assert buyer.get(f"{base}/ccap.docx?clean=yes").status_code == 404
