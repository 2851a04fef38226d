"""Flask's signed session cookie, with its age measured by ``procure.clock``.

Flask signs the cookie with a timestamp and refuses it once it is older than
``PERMANENT_SESSION_LIFETIME``; the only change here is where the current time
comes from, so that tests can advance the clock instead of sleeping.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from procure import clock


class ClockTimestampSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


class ClockSessionInterface(SecureCookieSessionInterface):
    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        serializer = super().get_signing_serializer(app)
        if serializer is not None:
            serializer.signer = ClockTimestampSigner
        return serializer

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        if session.permanent:
            return clock.now() + app.permanent_session_lifetime
        return None
