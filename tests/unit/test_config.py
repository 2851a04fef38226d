"""Configuration: defaults that need nothing, overridden by the environment."""

from __future__ import annotations

import pytest

from procure import ConfigurationError, create_app
from procure.config import environment_config, normalise_database_url


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
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "from the environment"
