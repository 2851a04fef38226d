"""Browser test: a jurist uploads a tender file edited in Word and reads the deviation
report (issue 16)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from procure.compliance import check
from procure.documents.builder import build_document
from procure.tenders.snapshots import snapshot_of
from procure.vocabulary import Role
from tests.browser.conftest import expect, sign_in
from tests.deviation_edits import insert_paragraph_after, open_file, replace_words, saved
from tests.factories import make_organisation, make_tender, make_user


def test_a_jurist_uploads_an_edited_file_and_reads_the_report(live_server, page, tmp_path):
    with Session(live_server.engine) as session:
        organisation = make_organisation(session, "Ville du Rapport")
        buyer = make_user(
            session, role=Role.BUYER, organisation=organisation, email="rapport-achat@example.org"
        )
        make_user(
            session, role=Role.LEGAL, organisation=organisation, email="rapport-droit@example.org"
        )
        tender = make_tender(
            session,
            owner=buyer,
            reference="2027-RAPPORT",
            clauses=["insertion-hours"],
            values={"insertion-hours": {"insertion_hours": 1500, "insertion_rate": 5}},
        )
        session.commit()
        snapshot = snapshot_of(tender)
        data = build_document(snapshot, check(snapshot))
        tender_id = tender.id
    document = open_file(data)
    replace_words(document, "au moins 1", "au moins 2")
    insert_paragraph_after(document, "Le manquement aux engagements", "Une phrase ajoutée.")
    edited = tmp_path / "dossier-modifie.docx"
    edited.write_bytes(saved(document))

    sign_in(page, "rapport-droit@example.org")
    page.goto(f"/review/tenders/{tender_id}")
    expect(page.get_by_role("heading", name="Contrôler un fichier modifié")).to_be_visible()
    page.get_by_label("Fichier Word modifié").set_input_files(str(edited))
    page.get_by_role("button", name="Contrôler le fichier").click()

    expect(page.get_by_role("heading", name="Rapport d’écarts", exact=True)).to_be_visible()
    expect(page.get_by_text("dossier-modifie.docx")).to_be_visible()
    expect(page.get_by_text("Variables modifiées : 1")).to_be_visible()
    expect(page.get_by_text("Texte ajouté hors des clauses : 1")).to_be_visible()
    expect(page.get_by_text("insertion_hours")).to_be_visible()
    expect(page.get_by_text("Une phrase ajoutée.")).to_be_visible()
