"""procure: a responsible-procurement clause assistant for public buyers."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from importlib import import_module
from typing import Any

from flask import Flask

from procure import config as settings

logger = logging.getLogger(__name__)

# Each feature's pages, registered here: importing a feature package does not load them.
BLUEPRINT_MODULES = (
    "main",
    "api",
    "auth",
    "catalog",
    "wizard",
    "review",
    "auditlog",
    "admin",
    "apitokens",
    "documents",
    "exchange",
    "statistics",
)


class ConfigurationError(RuntimeError):
    """procure refuses to start with this configuration."""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then the environment, then ``config``."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings.default_config(app.instance_path))
    app.config.from_mapping(settings.environment_config(os.environ))
    if config is not None:
        app.config.from_mapping(config)
    _finish_config(app)

    from procure import db, errors, i18n, mail, routing, security, templating
    from procure.extensions import csrf, login_manager

    routing.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    errors.init_app(app)
    mail.init_app(app)
    security.init_app(app)
    templating.init_app(app)

    from procure import auth

    auth.init_app(app)
    for feature in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(f"procure.{feature}.routes").bp)

    from procure.api import v1 as api_v1

    api_v1.init_app(app)

    from procure.cli import register_commands

    register_commands(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, take the client's address and scheme
    from their X-Forwarded-For/-Proto headers (never trusted otherwise: a client could
    forge them to escape the per-address sign-in limit)."""
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def _finish_config(app: Flask) -> None:
    app.config["DATABASE_URL"] = settings.normalise_database_url(app.config["DATABASE_URL"])
    if not app.config.get("SECRET_KEY"):
        if app.config["PRODUCTION"]:
            raise ConfigurationError(
                "SECRET_KEY must be set in the environment when PROCURE_PRODUCTION is on"
            )
        app.config["SECRET_KEY"] = settings.instance_secret_key(app.instance_path)
    if app.config["PRODUCTION"]:
        weakness = settings.secret_key_weakness(str(app.config["SECRET_KEY"]))
        if weakness:
            raise ConfigurationError(
                f"SECRET_KEY {weakness}: PROCURE_PRODUCTION refuses a weak key. Generate one "
                "with: python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
