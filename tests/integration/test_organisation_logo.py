"""Administrators upload their organisation's logo (PNG or JPEG, checked by content); it
is shown in the header, served with an ETag, and only to the organisation's own users."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from procure.admin.logo_check import MAX_LOGO_BYTES
from procure.models import AuditEvent, Organisation, User
from procure.vocabulary import Role
from tests.factories import make_user
from tests.images import SVG, jpeg, png

FIELD = "Logo (image PNG ou JPEG, 512 Ko au plus)"


@pytest.fixture
def admin(client, auth, session):
    return session.get(User, auth.login_as(Role.ADMIN))


def upload(client, data: bytes, filename: str = "logo.png"):
    # Encoded here, in memory: the test client's own encoder leaves a temporary file open
    # for large bodies.
    boundary, body = encode_multipart({"logo": FileStorage(io.BytesIO(data), filename=filename)})
    return client.post(
        "/admin/organisation/logo",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def logo_url(page: str) -> str:
    (url,) = re.findall(r'<img class="organisation-badge__logo" src="([^"]+)" alt="([^"]*)"', page)
    return url[0].replace("&amp;", "&")


def test_an_uploaded_logo_is_in_the_header_with_the_name_as_alt_and_served_with_an_etag(
    client, admin, session
):
    image = png(120, 40)
    assert upload(client, image).status_code == 302
    page = client.get("/admin/organisation").text
    assert "Le logo de votre organisation a été enregistré." in page
    name = admin.organisation.name
    header = page.split("</header>")[0]
    (src, alt) = re.findall(
        r'<img class="organisation-badge__logo" src="([^"]+)" alt="([^"]*)"', header
    )[0]
    assert alt == name
    served = client.get(src)
    assert served.data == image
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["Cache-Control"] == "private, max-age=86400"
    etag = served.headers["ETag"]
    session.expire_all()
    assert etag.strip('"') == session.get(Organisation, admin.organisation_id).logo_sha256
    again = client.get(src, headers={"If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organisation.logo_changed")
    )
    assert (event.actor_id, event.after["media_type"], event.after["width"]) == (
        admin.id,
        "image/png",
        120,
    )


def test_a_jpeg_is_accepted_whatever_its_name(client, admin, session):
    assert upload(client, jpeg(200, 100), filename="logo.bin").status_code == 302
    session.expire_all()
    assert session.get(Organisation, admin.organisation_id).logo_media_type == "image/jpeg"
    assert client.get("/organisation/logo").headers["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (SVG, "Les images SVG sont refusées : elles peuvent contenir des scripts."),
        (
            png(padding=MAX_LOGO_BYTES),
            "L’image dépasse 512 Ko.",
        ),
        (b"%PDF-1.7 a document", "Le fichier n’est pas une image PNG ou JPEG."),
        (b"", "Le fichier est vide."),
    ],
    ids=["svg", "too-big", "not-an-image", "empty"],
)
def test_a_refused_logo_names_the_field_and_changes_nothing(client, admin, session, data, message):
    response = upload(client, data)
    assert response.status_code == 200
    page = response.text
    assert message in page
    assert f"{FIELD}\u202f: " in page  # the error summary names the field
    assert 'aria-invalid="true"' in page
    session.expire_all()
    assert session.get(Organisation, admin.organisation_id).logo_sha256 is None
    assert client.get("/organisation/logo").status_code == 404


def test_removing_the_logo_takes_it_out_of_the_header_and_is_recorded(client, admin, session):
    upload(client, png())
    response = client.post("/admin/organisation/logo/remove")
    assert response.status_code == 302
    page = client.get("/admin/organisation").text
    assert "Le logo de votre organisation a été retiré." in page
    assert "organisation-badge__logo" not in page
    assert f'<span class="organisation-badge__name">{admin.organisation.name}</span>' in page
    assert client.get("/organisation/logo").status_code == 404
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("organisation.logo_%"))
    ).all()
    assert sorted(actions) == ["organisation.logo_changed", "organisation.logo_removed"]


def test_another_organisation_never_sees_the_logo(client, admin, auth, session):
    upload(client, png())
    url = logo_url(client.get("/").text)
    auth.logout()
    outsider = make_user(session, role=Role.ADMIN)
    session.commit()
    auth.login(outsider.email)
    assert "organisation-badge__logo" not in client.get("/").text
    assert client.get(url).status_code == 404


def test_sending_no_file_asks_for_one(client, admin):
    response = client.post("/admin/organisation/logo", data={}, content_type="multipart/form-data")
    assert f"{FIELD}\u202f: Choisissez une image PNG ou JPEG." in response.text


def test_only_administrators_upload_a_logo(client, auth, session):
    auth.login_as(Role.BUYER)
    assert upload(client, png()).status_code == 403
    assert client.post("/admin/organisation/logo/remove").status_code == 403
