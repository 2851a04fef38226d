"""Random and hostile values in every field of the main forms: never a server error.

For each form, hypothesis posts a valid submission with some fields replaced by
control characters, very long strings, HTML and JavaScript, SQL-like text,
emoji, right-to-left text and random Unicode. Every answer must be either a
valid result (a redirect, and the database holds what was typed) or the form
again with a clear error, and then the database must be as it was.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from procure.library.loader import load_library
from procure.models import ClauseVersion, DocumentTemplate, Organisation, Tender, User
from procure.vocabulary import Role
from tests.factories import (
    DEFAULT_PASSWORD,
    PURCHASE_FIELDS,
    context_form,
    make_tender,
    purchase_form,
)
from tests.integration.test_catalog import edit_form

CLAUSES = Path(__file__).parents[2] / "clauses"
HOSTILE = [
    "",
    " ",
    "\x00",
    "nul\x00byte",
    "\x0b\x0c\x1b[31m",
    "\ufffe\uffff",
    "\r\n\r\n",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7 * 7 }}{% raw %}",
    "' OR 1=1 --",
    "'; DROP TABLE tender; --",
    "Robert'); DROP TABLE user_account;--",
    "😀" * 80,
    "\u202eRTL override\u202c",
    "עברית ו العربية",
    "x" * 100_000,
    "1e999",
    "-1",
    "NaN",
    "Infinity",
    "9" * 60,
    "../../etc/passwd",
    "%00%0a",
    "null",
]
# Tried in every field of every form, whatever hypothesis draws.
ALWAYS = ("\x00", "<script>alert(1)</script>", " ")
# Any text a browser can send: every Unicode character but surrogates, which UTF-8
# cannot carry (browsers replace them before posting).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
VALUES = st.one_of(st.sampled_from(HOSTILE), TEXT)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ERROR_MARKERS = ('class="error-summary"', "flash--error", 'aria-invalid="true"')


def changes(fields: list[str]) -> st.SearchStrategy[dict[str, str]]:
    """Some of ``fields`` (at least one), each with a random or hostile value."""
    return st.dictionaries(st.sampled_from(fields), VALUES, min_size=1)


def fuzz_form(
    client,
    url: str,
    base: Callable[[], dict[str, Any]],
    fields: list[str],
    state: Callable[[], Any],
    *,
    saved: Callable[[dict[str, Any]], bool] | None = None,
    success_status: int = 302,
) -> None:
    """Post ``base()`` with fuzzed ``fields`` to ``url`` and check each answer.

    First each field alone with each of ``ALWAYS``, then random combinations.
    """

    def post_and_check(changed: dict[str, str]) -> None:
        data = {**base(), **changed}
        before = state()
        response = client.post(url, data=data)
        assert response.status_code < 500, f"{response.status_code} for {changed!r}"
        page = response.get_data(as_text=True)
        if response.status_code == success_status and not any(m in page for m in ERROR_MARKERS):
            assert saved is None or saved(data), f"not saved as typed: {changed!r}"
            return
        assert response.status_code in (200, 400, 404, 409, 413, 422, 429), response.status_code
        assert any(marker in page for marker in ERROR_MARKERS) or response.status_code != 200
        assert state() == before, f"the database changed on an error: {changed!r}"
        assert "<script>alert(1)</script>" not in page, f"unescaped HTML for {changed!r}"

    for name in fields:
        for value in ALWAYS:
            post_and_check({name: value})

    @FUZZ
    @given(changed=changes(fields))
    def check(changed: dict[str, str]) -> None:
        post_and_check(changed)

    check()


# -- The guided form, steps 1 and 2 ------------------------------------------------


@pytest.fixture
def tender(client, auth, session) -> int:
    load_library(session, CLAUSES)
    session.commit()
    buyer = session.get(User, auth.login_as(Role.BUYER))
    tender_id = make_tender(session, owner=buyer).id
    session.commit()
    return tender_id


def saved_answers(session, tender_id: int) -> Callable[[], Any]:
    def state() -> Any:
        session.expire_all()
        tender = session.get(Tender, tender_id)
        answers = {key: value for key, value in tender.answers.items() if key != "drafts"}
        return answers, tender.title, tender.reference, tender.current_step

    return state


def test_fuzz_wizard_purchase_step(client, session, tender):
    def saved(data: dict[str, Any]) -> bool:
        session.expire_all()
        return session.get(Tender, tender).answers["purchase"]["title"] == data["title"]

    fuzz_form(
        client,
        f"/tenders/{tender}/step/purchase",
        purchase_form,
        [*PURCHASE_FIELDS, "lock_version"],
        saved_answers(session, tender),
        saved=saved,
    )


def test_fuzz_wizard_context_step(client, session, tender):
    fuzz_form(
        client,
        f"/tenders/{tender}/step/context",
        context_form,
        [
            *("labour_share", "catering", "objectives", "spaser_targets", "annual_purchases"),
            *("digital", "building", "has_spaser", "lock_version"),
        ],
        saved_answers(session, tender),
    )


# -- The clause editor -------------------------------------------------------------


def test_fuzz_clause_edit_form(client, auth, session):
    load_library(session, CLAUSES)
    session.commit()
    auth.login_as(Role.LEGAL)
    fields = [
        "title_fr",
        "title_en",
        "text_fr",
        "text_en",
        "guidance_fr",
        "verification_en",
        "penalty_fr",
        "cpv_prefixes",
        "families",
        "min_value",
        "variables-0-name",
        "variables-1-type",
        "variables-1-minimum",
        "variables-1-default",
        "variables-2-default_en",
        "variables-2-max_length",
        "variables-3-choices",
        "kpi",
        "related",
        "kind",
        "ambition",
        "base_version",
    ]

    def versions() -> int:
        return session.scalar(select(func.count(ClauseVersion.id)))

    fuzz_form(
        client,
        "/library/insertion-hours/edit",
        lambda: edit_form(client, "insertion-hours"),
        fields,
        versions,
    )


# -- Administration ----------------------------------------------------------------


@pytest.fixture
def admin(client, auth, session) -> User:
    return session.get(User, auth.login_as(Role.ADMIN))


def test_fuzz_invitation_form(client, session, admin):
    def users() -> int:
        session.expire_all()
        return session.scalar(select(func.count(User.id)))

    def saved(data: dict[str, Any]) -> bool:
        session.expire_all()
        email = data["email"].strip().lower()
        user = session.scalar(select(User).where(User.email == email))
        return user is not None and user.name == data["name"].strip()

    counter = iter(range(10_000))
    fuzz_form(
        client,
        "/admin/users/invite",
        lambda: {
            "name": "Camille",
            "email": f"camille{next(counter)}@example.org",
            "role": "legal",
        },
        ["name", "email", "role"],
        users,
        saved=saved,
    )


def test_fuzz_organisation_settings_form(client, session, admin):
    def settings_of() -> tuple[str, Any]:
        session.expire_all()
        organisation = session.get(Organisation, admin.organisation_id)
        return organisation.category, organisation.review_threshold

    fuzz_form(
        client,
        "/admin/organisation",
        lambda: {"category": "central", "review_threshold": "90000"},
        ["category", "review_threshold", "csrf_token"],
        settings_of,
    )


def word_file() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_fuzz_template_upload_form(client, session, admin):
    valid = word_file()

    @FUZZ
    @given(
        name=VALUES,
        filename=VALUES,
        content=st.one_of(st.just(valid), st.binary(max_size=2000), st.just(valid[:-100])),
    )
    def check(name: str, filename: str, content: bytes) -> None:
        session.expire_all()
        before = session.scalar(select(func.count(DocumentTemplate.id)))
        boundary, body = encode_multipart(
            {"name": name, "file": FileStorage(io.BytesIO(content), filename=filename)}
        )
        response = client.post(
            "/admin/templates", data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )
        assert response.status_code in (200, 302), response.status_code
        session.expire_all()
        after = session.scalar(select(func.count(DocumentTemplate.id)))
        if response.status_code == 302:
            assert after == before + 1
            stored = session.scalar(select(DocumentTemplate).order_by(DocumentTemplate.id.desc()))
            assert stored.content == content == valid
            assert stored.name == name.strip()
        else:
            assert 'class="error-summary"' in response.text
            assert after == before

    check()


# -- Accounts ----------------------------------------------------------------------


def test_fuzz_password_change_form(client, session, auth):
    user_id = auth.login_as(Role.BUYER)

    def password_hash() -> str:
        session.expire_all()
        return session.get(User, user_id).password_hash

    fuzz_form(
        client,
        "/account/password",
        lambda: {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "une phrase de passe",
            "new_password_again": "une phrase de passe",
        },
        ["current_password", "new_password", "new_password_again"],
        password_hash,
    )


def test_fuzz_sign_in_form(app, session):
    client = app.test_client()

    @FUZZ
    @given(email=VALUES, password=VALUES)
    def check(email: str, password: str) -> None:
        response = client.post("/sign-in", data={"email": email, "password": password})
        assert response.status_code in (200, 429), response.status_code
        assert 'class="error-summary"' in response.text
        assert re.search(r"<script>alert\(1\)</script>", response.text) is None

    check()
