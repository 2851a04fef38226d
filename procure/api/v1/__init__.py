"""The JSON API under ``/api/v1``: read-only, for machine clients with a token and for
signed-in browsers, described by a generated OpenAPI 3.1 document at
``/api/v1/openapi.json``.

Adding an endpoint: write it in a module of this package with an ``ApiBlueprint`` named
``bp`` (``@bp.get``, then ``@reads_api`` so that the reader is known before the
arguments are read, then ``@bp.arguments``/``@bp.response`` with marshmallow schemas),
and add the module's name to ``API_MODULES``.
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from procure.api.v1 import access
from procure.api.v1.core import API_PREFIX, make_api, problem_response, spec_bp
from procure.errors import PROBLEM_RENDERER

__all__ = ["API_PREFIX", "init_app", "problem_response"]

API_MODULES = ("clauses", "tenders")


def init_app(app: Flask) -> None:
    api = make_api(app)
    app.extensions["procure-api"] = api
    for name in API_MODULES:
        api.register_blueprint(import_module(f"procure.api.v1.{name}").bp)
    app.register_blueprint(spec_bp)
    access.init_app(app)
    app.extensions[PROBLEM_RENDERER] = (API_PREFIX + "/", problem_response)
    app.register_error_handler(401, _unauthorized)


def _unauthorized(error: HTTPException) -> Response:
    """Only the API answers 401 (the pages send anonymous users to the sign-in page)."""
    return problem_response(error)
