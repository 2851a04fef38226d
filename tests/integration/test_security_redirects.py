"""A user-supplied ``next`` never sends anyone to another site, whatever its disguise."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from procure.vocabulary import Role

# Decoded values, as the view reads them; each one, or what a browser makes of it once
# it drops tabs and line breaks and turns backslashes into slashes, leaves the site.
HOSTILE_TARGETS = [
    "https://evil.example/",
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/\r\n/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\x00/evil.example",
    "/\u200b/evil.example",
    "/\u3000/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/" + "a" * 5000,
]


@pytest.fixture
def signed_out(client, auth):
    auth.login_as(Role.BUYER, email="next@example.org")
    auth.logout()
    return client


def sign_in(client, query: str):
    return client.post(
        f"/sign-in?{query}",
        data={"email": "next@example.org", "password": "correct horse battery"},
    )


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_sign_in_never_redirects_off_site(signed_out, target):
    response = sign_in(signed_out, "next=" + quote(target, safe=""))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_and_language_switch_follow_a_path_on_this_site(signed_out):
    target = "/library/?q=d%C3%A9chets&theme=environment"
    assert sign_in(signed_out, "next=" + quote(target, safe="")).headers["Location"] == target
    response = signed_out.post("/language", data={"language": "fr", "next": target})
    assert response.headers["Location"] == target
