"""Administrators upload, check, activate and delete their organisation's Word templates."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from procure.models import AuditEvent, DocumentTemplate, User
from procure.vocabulary import Role
from tests.factories import make_organisation
from tests.unit.documents.templates import default_bytes, without_styles

MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def word_file(text: str = "Modèle de la ville") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_macros(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    MAIN_TYPE, b"application/vnd.ms-word.document.macroEnabled.main+xml"
                )
            target.writestr(info.filename, content)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return out.getvalue()


@pytest.fixture
def admin(client, auth, session):
    return session.get(User, auth.login_as(Role.ADMIN))


def upload(client, data: bytes, name: str = "Standard 2027", filename: str = "standard.docx"):
    # Encoded here, in memory: the test client's own encoder leaves a temporary file open
    # for large bodies.
    boundary, body = encode_multipart(
        {"name": name, "file": FileStorage(io.BytesIO(data), filename=filename)}
    )
    return client.post(
        "/admin/templates", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def stored(session) -> list[DocumentTemplate]:
    session.expire_all()
    return list(session.scalars(select(DocumentTemplate).order_by(DocumentTemplate.id)))


def test_a_valid_template_is_checked_stored_and_listed(client, admin, session):
    data = word_file()
    response = upload(client, data)
    assert response.status_code == 302
    page = client.get("/admin/templates").text
    assert "Le modèle «\u202fStandard 2027\u202f» a été vérifié et enregistré." in page
    assert "standard.docx" in page
    (template,) = stored(session)
    assert template.organisation_id == admin.organisation_id
    assert template.content == data
    assert template.sha256 == hashlib.sha256(data).hexdigest()
    assert (template.filename, template.active, template.uploaded_by_id) == (
        "standard.docx",
        False,
        admin.id,
    )
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "template.uploaded"))


def test_the_template_is_kept_in_the_database_not_in_the_static_folder(app, client, admin):
    static = Path(app.static_folder)
    before = sorted(path.name for path in static.rglob("*"))
    upload(client, word_file(), filename="dans-static.docx")
    assert sorted(path.name for path in static.rglob("*")) == before
    assert client.get("/static/dans-static.docx").status_code == 404


def test_a_template_downloads_as_uploaded(client, admin, session):
    data = word_file()
    upload(client, data, filename="Modèle Démoville.docx")
    (template,) = stored(session)
    response = client.get(f"/admin/templates/{template.id}/download")
    assert response.status_code == 200
    assert response.data == data
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response.headers["Content-Disposition"]


def test_activating_keeps_a_single_active_template(client, admin, session):
    upload(client, word_file("un"), name="Un")
    upload(client, word_file("deux"), name="Deux")
    first, second = stored(session)
    client.post(f"/admin/templates/{first.id}/activate")
    response = client.post(f"/admin/templates/{second.id}/activate", follow_redirects=True)
    assert "Vos documents utilisent désormais le modèle «\u202fDeux\u202f»." in response.text
    assert [(t.name, t.active) for t in stored(session)] == [("Un", False), ("Deux", True)]
    response = client.post("/admin/templates/default", follow_redirects=True)
    assert "modèle par défaut de procure" in response.text
    assert [t.active for t in stored(session)] == [False, False]


def test_deleting_asks_first_then_deletes(client, admin, session):
    upload(client, word_file())
    (template,) = stored(session)
    page = client.get(f"/admin/templates/{template.id}/delete")
    assert "Voulez-vous vraiment supprimer le modèle « Standard 2027 »" in page.text
    assert stored(session) != []
    response = client.post(f"/admin/templates/{template.id}/delete", follow_redirects=True)
    assert "Le modèle «\u202fStandard 2027\u202f» a été supprimé." in response.text
    assert stored(session) == []


@pytest.mark.parametrize(
    "case",
    [
        (with_macros(word_file()), "macros.docx", "contient des macros"),
        (b"%PDF-1.7", "scan.docx", "ce n’est pas un paquet .docx valide"),
        (b"", "vide.docx", "Le fichier est vide."),
        (word_file(), "modele.pdf", "Le fichier doit être un document Word (.docx ou .dotx)."),
    ],
)
def test_a_refused_file_gets_a_precise_message_and_nothing_is_stored(client, admin, session, case):
    data, filename, message = case
    page = upload(client, data, filename=filename)
    assert page.status_code == 200
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    assert 'value="Standard 2027"' in page.text
    assert stored(session) == []


def test_a_template_without_a_heading_style_is_refused_naming_the_style(client, admin, session):
    page = upload(client, without_styles("Heading2", "Heading3"))
    assert page.status_code == 200
    assert "Il manque au modèle des styles dont procure a besoin" in page.text
    assert "Heading 2, Heading 3" in page.text
    assert stored(session) == []


def test_missing_optional_styles_are_named_when_the_template_is_saved(client, admin, session):
    upload(client, word_file())
    page = client.get("/admin/templates").text
    assert "Le modèle «\u202fStandard 2027\u202f» a été vérifié et enregistré." in page
    assert "Il n’a pas de style nommé Table Text, Toc 1, Toc 2, Toc 3" in page
    upload(client, default_bytes(), name="Modèle complet")
    page = client.get("/admin/templates").text
    assert "Le modèle «\u202fModèle complet\u202f» a été vérifié et enregistré." in page
    assert "Il n’a pas de style nommé" not in page


def test_a_file_over_two_megabytes_is_refused_with_its_size(client, admin, session):
    page = upload(client, b"PK" + b"\0" * (3 * 1024 * 1024))
    assert "Le fichier dépasse 2 Mo (2 Mo ou plus)" in page.text
    assert stored(session) == []


def test_a_request_over_the_upload_limit_is_refused(client, admin, session):
    response = upload(client, b"\0" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert stored(session) == []


def test_an_external_link_in_the_template_is_named(client, admin, session):
    data = word_file()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr(
            "word/_rels/settings.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/attachedTemplate" Target="http://evil.example/x.dotm" '
            'TargetMode="External"/></Relationships>',
        )
    page = upload(client, out.getvalue())
    assert "renvoie vers une ressource extérieure" in page.text
    assert "attachedTemplate → http://evil.example/x.dotm" in page.text
    assert stored(session) == []


def test_a_second_template_with_the_same_name_is_refused(client, admin, session):
    upload(client, word_file())
    page = upload(client, word_file("autre"))
    assert "Un modèle de votre organisation porte déjà ce nom." in page.text
    assert len(stored(session)) == 1


def test_folders_in_the_uploaded_file_name_are_dropped(client, admin, session):
    upload(client, word_file(), filename="../../etc/modele.docx")
    (template,) = stored(session)
    assert template.filename == "modele.docx"


def test_another_organisations_templates_are_not_found(client, admin, session):
    other = DocumentTemplate(
        organisation_id=make_organisation(session).id,
        name="Secret",
        filename="secret.docx",
        content=word_file(),
        sha256="0" * 64,
    )
    session.add(other)
    session.commit()
    assert "Secret" not in client.get("/admin/templates").text
    assert client.get(f"/admin/templates/{other.id}/download").status_code == 404
    assert client.post(f"/admin/templates/{other.id}/activate").status_code == 404
    assert client.post(f"/admin/templates/{other.id}/delete").status_code == 404
    assert session.scalar(select(func.count(DocumentTemplate.id))) == 1


HOSTILE = Path(__file__).parents[1] / "data" / "templates"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "field-includetext-header.docx",
            "Le fichier contient un champ Word qui pourrait aller chercher ou exécuter quelque "
            "chose en dehors du document à son ouverture (word/header1.xml: INCLUDETEXT).",
        ),
        (
            "field-ddeauto-footer.docx",
            "(word/footer1.xml: DDEAUTO)",
        ),
        (
            "dtd-header.docx",
            "La partie word/header1.xml du fichier contient une déclaration de type de document",
        ),
        (
            "utf16-doctype.docx",
            "La partie word/document.xml du fichier contient une déclaration de type de document",
        ),
    ],
)
def test_a_template_with_fields_or_a_dtd_is_refused_naming_the_part(
    client, admin, session, name, message
):
    page = upload(client, (HOSTILE / name).read_bytes())
    assert page.status_code == 200
    assert message in page.text
    assert stored(session) == []


def test_a_template_with_page_numbers_and_a_table_of_contents_is_kept(client, admin, session):
    upload(client, (HOSTILE / "allowed-fields.docx").read_bytes())
    assert [template.filename for template in stored(session)] == ["standard.docx"]
