"""The application factory, health check, language, sign-in and error pages."""

from __future__ import annotations

from procure import create_app
from procure.vocabulary import Role


def test_home_page_speaks_french_by_default(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "Rédigez des clauses responsables" in page.text


def test_language_switch_shows_english_and_remembers_it(client):
    response = client.post("/language", data={"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert '<html lang="en">' in page.text
    assert "Write responsible clauses for your tenders" in page.text


def test_language_switch_ignores_unknown_language_and_foreign_next(client):
    response = client.post("/language", data={"language": "de", "next": "//evil.example"})
    assert response.headers["Location"] == "/"
    assert '<html lang="fr">' in client.get("/").text


def test_healthz_reports_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "reachable"}


def test_healthz_reports_unreachable_database(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_sign_in_then_sign_out(client, auth, app):
    auth.login_as(Role.LEGAL, email="juriste@example.org")
    page = client.get("/")
    assert "Juriste" in page.text
    assert "Se déconnecter" in page.text
    assert auth.logout().status_code == 302
    assert "Se connecter" in client.get("/").text


def test_sign_in_rejects_wrong_password_with_message_on_field(client, auth):
    auth.login_as(Role.BUYER, email="buyer@example.org")
    auth.logout()
    page = auth.login("buyer@example.org", "not the password")
    assert page.status_code == 200
    assert "L’adresse électronique ou le mot de passe est incorrect." in page.text
    assert 'aria-invalid="true"' in page.text


def test_sign_in_follows_only_local_next(client, auth):
    auth.login_as(Role.BUYER, email="next@example.org")
    auth.logout()
    response = client.post(
        "/sign-in?next=https://evil.example/",
        data={"email": "next@example.org", "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/"


def test_not_found_page_in_both_languages(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page introuvable" in page.text
    client.post("/language", data={"language": "en"})
    page = client.get("/no-such-page")
    assert "Page not found" in page.text


def test_bad_request_page_is_rendered_in_layout(app):
    app.config["WTF_CSRF_ENABLED"] = True
    page = app.test_client().post("/language", data={"language": "en"})
    assert page.status_code == 400
    assert "<main" in page.text
    assert "La requête n’a pas pu être comprise" in page.text


def test_server_error_page_rolls_back_and_renders(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = app.test_client().get("/boom")
    assert page.status_code == 500
    assert "Une erreur s’est produite de notre côté" in page.text
