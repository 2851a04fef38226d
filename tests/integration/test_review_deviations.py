"""Legal staff upload a tender file edited in Word and read the deviation report (issue 16)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from procure.compliance import check
from procure.documents.builder import build_document
from procure.documents.properties import read_custom_properties, set_custom_properties
from procure.models import AuditEvent
from procure.tenders.snapshots import snapshot_of
from procure.vocabulary import Role
from tests.deviation_edits import (
    add_web_link,
    attach_remote_template,
    delete_clause,
    delete_paragraph,
    insert_paragraph_after,
    open_file,
    replace_words,
    saved,
)
from tests.factories import make_organisation
from tests.integration.test_review_pages import sign_in
from tests.integration.test_review_tenders import cleaning_tender
from tests.integration.test_review_workflow import make_clause, person


@pytest.fixture
def town(session):
    organisation = make_organisation(session, "Ville de Démoville")
    buyer = person(session, Role.BUYER, organisation=organisation, email="acheteuse@example.org")
    person(session, Role.LEGAL, organisation=organisation, email="juriste@example.org")
    make_clause(session, reference=True)
    tender = cleaning_tender(session, buyer)
    session.commit()
    return tender


def built(tender) -> bytes:
    snapshot = snapshot_of(tender)
    return build_document(snapshot, check(snapshot))


def upload(client, tender, data: bytes, name: str = "dossier.docx"):
    # Encoded here, in memory: the test client's own encoder leaves a temporary file open
    # for large bodies.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(
        f"/review/tenders/{tender.id}/edited-file",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_the_report_names_each_change(client, session, town):
    document = open_file(built(town))
    replace_words(document, "au moins 1", "au moins 2")
    insert_paragraph_after(document, "Le manquement aux engagements", "Un ajout à la main.")
    sign_in(client, "juriste@example.org")
    response = upload(client, town, saved(document))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Variables modifiées" in page
    assert "insertion_hours" in page
    assert "Texte ajouté hors des clauses" in page
    assert "Un ajout à la main." in page
    [event] = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "tender.deviation_report")
    ).all()
    assert event.after["file_name"] == "dossier.docx"
    assert re.fullmatch(r"[0-9a-f]{64}", event.after["sha256"])
    assert event.after["counts"]["variables"] == 1
    assert event.after["counts"]["added"] == 1
    review = client.get(f"/review/tenders/{town.id}").get_data(as_text=True)
    assert "Fichiers contrôlés" in review
    assert response.headers["Location"] in review


def test_the_report_warns_when_the_tender_changed_after_the_download(client, session, town):
    warning = "La consultation a changé depuis la production de ce fichier"
    data = built(town)
    sign_in(client, "juriste@example.org")
    page = client.get(upload(client, town, data).headers["Location"]).get_data(as_text=True)
    assert warning not in page
    [chosen] = town.clauses
    chosen.variable_values = {**chosen.variable_values, "insertion_hours": 1800}
    session.commit()
    page = client.get(upload(client, town, data).headers["Location"]).get_data(as_text=True)
    assert warning in page
    assert "Variables modifiées" in page


def test_a_deleted_clause_is_reported_removed(client, town):
    document = open_file(built(town))
    delete_clause(document, "insertion-hours")
    sign_in(client, "juriste@example.org")
    response = upload(client, town, saved(document))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Clause supprimée du fichier" in page
    assert "Texte supprimé hors des clauses" not in page


def test_a_deleted_weighting_paragraph_is_reported_with_its_text(client, town):
    document = open_file(built(town))
    delete_paragraph(document, "L’offre économiquement la plus avantageuse")
    sign_in(client, "juriste@example.org")
    response = upload(client, town, saved(document))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Texte supprimé hors des clauses" in page
    assert "<del>L’offre économiquement la plus avantageuse" in page


def zipped(members: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = content
    return zipped(members)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda data: b"not a zip at all", "paquet .docx valide"),
        (
            lambda data: with_member(data, "word/vbaProject.bin", b"macro"),
            "des macros ou des contrôles ActiveX",
        ),
        (
            lambda data: with_member(
                data,
                "word/document.xml",
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b"<x>&e;</x>",
            ),
            "déclaration de type de document",
        ),
        (
            lambda data: with_member(data, "word/big.xml", b"<a>" + b" " * 60_000_000 + b"</a>"),
            "bombe zip",
        ),
        (lambda data: data + b"\0" * (4 * 1024 * 1024), "dépasse 4 Mo"),
    ],
    ids=["not-zip", "macro", "xxe", "zip-bomb", "too-big"],
)
def test_hostile_uploads_are_refused_with_a_message(client, town, make, message):
    sign_in(client, "juriste@example.org")
    response = upload(client, town, make(built(town)))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_link_to_a_web_page_added_in_word_is_accepted(client, town):
    document = open_file(built(town))
    add_web_link(document, "Le manquement aux engagements", "https://www.legifrance.gouv.fr/")
    sign_in(client, "juriste@example.org")
    response = upload(client, town, saved(document))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chaque clause se lit comme procure la produit aujourd’hui" in page


def test_a_remote_template_is_refused_even_though_web_links_are_accepted(client, town):
    document = open_file(built(town))
    attach_remote_template(document, "https://attacker.example/template.dotm")
    sign_in(client, "juriste@example.org")
    response = upload(client, town, saved(document))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "attachedTemplate" in page
    assert "Supprimez le lien" in page


def test_another_tenders_file_is_refused(client, town):
    document = open_file(built(town))
    properties = read_custom_properties(document)
    set_custom_properties(document, {**properties, "reference": "2099-AUTRE"}.items())
    sign_in(client, "juriste@example.org")
    response = upload(client, town, saved(document))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "produit pour une autre consultation" in page
    assert "2099-AUTRE" in page


def test_a_file_without_traces_is_refused(client, town):
    document = open_file(built(town))
    set_custom_properties(document, [])
    sign_in(client, "juriste@example.org")
    response = upload(client, town, saved(document))
    assert response.status_code == 422
    assert "n’a pas été produit par procure" in response.get_data(as_text=True)


def test_a_buyer_cannot_check_a_file(client, session, town):
    sign_in(client, "acheteuse@example.org")
    response = upload(client, town, built(town))
    assert response.status_code == 403
    assert (
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == "tender.deviation_report")
        ).all()
        == []
    )


def test_the_review_page_shows_the_checklist_and_the_upload_form(client, town):
    sign_in(client, "juriste@example.org")
    page = client.get(f"/review/tenders/{town.id}").get_data(as_text=True)
    assert "Liste de contrôle" in page
    assert "Contrôler un fichier modifié" in page
    assert "justify__" not in page


def test_the_report_exports_as_pdf(client, town):
    sign_in(client, "juriste@example.org")
    response = upload(client, town, built(town))
    pdf = client.get(response.headers["Location"] + ".pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")


def test_a_jurist_of_another_organisation_cannot_read_the_report(client, session, town):
    sign_in(client, "juriste@example.org")
    location = upload(client, town, built(town)).headers["Location"]
    client.post("/sign-out")
    other = make_organisation(session, "Ville Voisine")
    person(session, Role.LEGAL, organisation=other, email="voisin@example.org")
    session.commit()
    sign_in(client, "voisin@example.org")
    assert client.get(location).status_code == 404
    assert client.get(location + ".pdf").status_code == 404


def test_a_buyer_sees_neither_the_form_nor_the_reports(client, town):
    sign_in(client, "acheteuse@example.org")
    page = client.get(f"/review/tenders/{town.id}").get_data(as_text=True)
    assert "Contrôler un fichier modifié" not in page
    assert "Liste de contrôle" in page


def test_the_review_page_shows_the_buyers_written_justification(client, session, town):
    rule_id = check(snapshot_of(town))[0].rule_id
    reason = "Motif écrit par l’acheteuse pour la revue."
    town.answers = {**town.answers, "justifications": {rule_id: reason}}
    session.commit()
    sign_in(client, "juriste@example.org")
    page = client.get(f"/review/tenders/{town.id}").get_data(as_text=True)
    assert "Justification écrite de l’acheteur" in page
    assert reason in page
