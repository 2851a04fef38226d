"""Domain errors and the one place that turns errors into pages."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

logger = logging.getLogger(__name__)

HANDLED_STATUS_CODES = (400, 403, 404, 405, 413, 429, 500)
# app.extensions key of (path prefix, renderer): errors under that prefix are answered by
# the renderer (the JSON API's problem documents) instead of a page.
PROBLEM_RENDERER = "procure.problem_renderer"


class ProcureError(Exception):
    """Base of every error procure raises on purpose."""


class ImmutableRecordError(ProcureError):
    """Something tried to change a record that is written once."""


class ConflictError(ProcureError):
    """Someone else changed the same thing since it was loaded."""


class ClauseFileError(ProcureError):
    """One or more clause files are invalid; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[object]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class TemplateError(ProcureError):
    """A Word template cannot be used."""


class NotFoundError(ProcureError):
    """What was asked for does not exist, or the person may not know it exists (404)."""


def init_app(app: Flask) -> None:
    for code in HANDLED_STATUS_CODES:
        app.register_error_handler(code, _render_http_error)
    app.register_error_handler(NotFoundError, _render_not_found)


def _render_http_error(error: HTTPException | Exception):
    if not isinstance(error, HTTPException):
        logger.exception("unhandled error", exc_info=error)
        code = 500
    else:
        code = error.code or 500
    _rollback()
    problems = current_app.extensions.get(PROBLEM_RENDERER)
    if problems is not None and request.path.startswith(problems[0]):
        return problems[1](error if isinstance(error, HTTPException) else InternalServerError())
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=code), code
    return render_template("errors/error.html", code=code), code


def _render_not_found(_error: NotFoundError):
    return _render_http_error(NotFound())


def _rollback() -> None:
    from flask import g

    session = g.get("db_session")
    if session is not None:
        session.rollback()
