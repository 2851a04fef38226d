"""Configuration: defaults that need nothing, overridden by the environment."""

from __future__ import annotations

import pytest

from procure import ConfigurationError, create_app
from procure.config import environment_config, normalise_database_url, secret_key_weakness

# What `python -c "import secrets; print(secrets.token_hex(32))"` prints, once.
STRONG_KEY = "5f0c9be1a4d27e83c61f09ab7d3e5c2418b6fa90d7c3e1b5a2f48d6c0e9b7a13"


def test_environment_overrides_database_secret_and_procure_settings():
    config = environment_config(
        {
            "DATABASE_URL": "postgresql://u@h/db",
            "SECRET_KEY": "s3cret",
            "PROCURE_LIBRARY_PAGE_SIZE": "50",
            "PROCURE_PRODUCTION": "true",
            "UNRELATED": "x",
        }
    )
    assert config == {
        "DATABASE_URL": "postgresql://u@h/db",
        "SECRET_KEY": "s3cret",
        "LIBRARY_PAGE_SIZE": 50,
        "PRODUCTION": True,
    }


def test_postgres_urls_use_psycopg_3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_default_config_uses_instance_sqlite_and_a_persisted_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from flask import Flask

    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path / "inst"))
    first = create_app()
    second = create_app()
    assert first.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/inst/procure.sqlite3"
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PROCURE_PRODUCTION", "true")
    with pytest.raises(ConfigurationError, match="SECRET_KEY must be set"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})


def test_production_sets_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("PROCURE_PRODUCTION", "true")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == STRONG_KEY


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("from the environment", "is 20 bytes long; use at least 32 random bytes"),
        ("x" * 64, "uses only 1 different characters"),
        ("0123456789abcdef" * 4, "repeats a shorter pattern"),
        ("abcdefghijklmnopqrstuvwxyz0123456789", "is mostly a run of consecutive characters"),
        ("a" * 40 + "bcdxyz", "holds about"),
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(tmp_path, monkeypatch, key, reason):
    monkeypatch.setenv("PROCURE_PRODUCTION", "true")
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigurationError, match=f"SECRET_KEY {reason}"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})


def test_development_keeps_accepting_any_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("PROCURE_PRODUCTION", raising=False)
    monkeypatch.setenv("SECRET_KEY", "dev")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert app.config["SECRET_KEY"] == "dev"


def test_generated_keys_are_never_called_weak():
    import secrets

    assert all(secret_key_weakness(secrets.token_hex(32)) is None for _ in range(1000))
    assert all(secret_key_weakness(secrets.token_urlsafe(32)) is None for _ in range(1000))
