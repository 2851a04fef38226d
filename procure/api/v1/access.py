"""Who reads the API: a machine client with a bearer token, or a signed-in browser.

Either way the reader is an ``ApiReader``: one organisation, read-only. A token reads
the approved library (as a buyer does); a browser session reads what its user reads
on the pages. Every request made with a token leaves one audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, Response, g, request
from flask_login import current_user
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from procure.apitokens.services import authenticate, record_use
from procure.db import get_session
from procure.models import ApiToken
from procure.vocabulary import Role

BEARER = "bearer "


@dataclass(frozen=True)
class ApiReader:
    """What the library and tender queries need to know about the reader."""

    organisation_id: int
    is_legal_staff: bool
    token_id: int | None = None  # None: a browser session


def api_reader() -> ApiReader:
    """The reader of this request; set by ``@reads_api``."""
    reader: ApiReader = g.api_reader
    return reader


def reads_api(view: Callable[..., Any]) -> Callable[..., Any]:
    """A bearer token of a live API token, or a signed-in user; 401 otherwise."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        g.api_reader = _reader_of_request()
        return view(*args, **kwargs)

    wrapped.allowed_roles = frozenset(Role)  # read by the route-by-role test
    return wrapped


def _reader_of_request() -> ApiReader:
    header = request.headers.get("Authorization")
    if header is not None:
        if not header.lower().startswith(BEARER):
            raise _unauthorized("The Authorization header must be 'Bearer <token>'.")
        token = authenticate(get_session(), header[len(BEARER) :].strip())
        if token is None:
            raise _unauthorized("The API token is unknown or was revoked.")
        g.api_token = token
        return ApiReader(
            organisation_id=token.organisation_id, is_legal_staff=False, token_id=token.id
        )
    if current_user.is_authenticated:
        return ApiReader(
            organisation_id=current_user.organisation_id,
            is_legal_staff=current_user.is_legal_staff,
        )
    raise _unauthorized("Send an API token as 'Authorization: Bearer <token>', or sign in.")


def _unauthorized(description: str) -> Unauthorized:
    error = Unauthorized(description)
    error.www_authenticate = [_bearer_challenge()]
    return error


def _bearer_challenge() -> WWWAuthenticate:
    return WWWAuthenticate("bearer", {"realm": "procure"})


def init_app(app: Flask) -> None:
    app.after_request(_audit_token_use)


def _audit_token_use(response: Response) -> Response:
    """One audit row per request made with a token, kept even when the answer is an
    error (the request boundary rolls those back: this row is committed on its own)."""
    token: ApiToken | None = g.pop("api_token", None)
    if token is None:
        return response
    session = get_session()
    if response.status_code >= 400:
        session.rollback()
    record_use(
        session, token, method=request.method, path=request.path, status=response.status_code
    )
    if response.status_code >= 400:
        session.commit()
    return response
