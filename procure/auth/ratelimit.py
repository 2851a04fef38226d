"""Limits on failed sign-in attempts, per account and per address.

Only failures count, so the colleagues of a town hall behind one address can all
sign in each morning; but once an account or an address has used up its
failures, every attempt is refused until the window moves on, even with the
right password, so guessing cannot go on.

``SIGN_IN_COUNTER`` says where failures are counted:

- ``database`` (the default): one row per failure and key in ``sign_in_failure``,
  in the application's database, so every gunicorn worker (and every server using
  the database) sees the same counts, on SQLite and PostgreSQL alike;
- ``limiter``: Flask-Limiter's storage, ``RATELIMIT_STORAGE_URI``: ``memory://`` by
  default (each worker counts for itself), or a shared storage such as
  ``redis://localhost:6379/0`` (any storage the ``limits`` package knows).

The limits themselves are the settings ``SIGN_IN_LIMIT_PER_ACCOUNT`` and
``SIGN_IN_LIMIT_PER_ADDRESS``, in the ``limits`` notation ("5 per 15 minutes");
windows move (a failure counts for the window's length after it happened).

Behind a reverse proxy, ``request.remote_addr`` is the proxy's address unless
``TRUSTED_PROXIES`` says how many proxies to trust (``create_app`` then wraps the
application in Werkzeug's ``ProxyFix``).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from procure import clock
from procure.db import get_session
from procure.models import SignInFailure

EXTENSION_KEY = "procure.sign_in_limiter"
DEFAULTS = {
    "SIGN_IN_COUNTER": "database",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STRATEGY": "moving-window",
    "RATELIMIT_KEY_PREFIX": "procure",
    "SIGN_IN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "SIGN_IN_LIMIT_PER_ADDRESS": "30 per 15 minutes",
}


COUNTERS = ("database", "limiter")


class SignInCounterError(ValueError):
    """``SIGN_IN_COUNTER`` names no known place to count failures."""


def init_app(app: Flask) -> None:
    """Attach a limiter to ``app``; its storage comes from ``RATELIMIT_STORAGE_URI``."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    if app.config["SIGN_IN_COUNTER"] not in COUNTERS:
        raise SignInCounterError(
            f"SIGN_IN_COUNTER: expected one of {', '.join(COUNTERS)}, "
            f"not {app.config['SIGN_IN_COUNTER']!r}"
        )
    limiter = Limiter(key_func=get_remote_address)
    limiter.init_app(app)
    app.extensions[EXTENSION_KEY] = limiter


def attempt_keys(email: str | None, address: str | None) -> tuple[tuple[RateLimitItem, str], ...]:
    """The counters one attempt counts against, each with its limit. The email and the
    client address are hashed so that the storage holds no personal data."""
    config = current_app.config
    keys = [
        (parse(config["SIGN_IN_LIMIT_PER_ADDRESS"]), f"address:{_digest(address or 'unknown')}")
    ]
    if email:
        keys.append(
            (
                parse(config["SIGN_IN_LIMIT_PER_ACCOUNT"]),
                f"account:{_digest(email.strip().lower())}",
            )
        )
    return tuple(keys)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def guard_for_attempt(email: str | None, address: str | None) -> SignInGuard | DatabaseSignInGuard:
    """The failure counters for one attempt, where ``SIGN_IN_COUNTER`` keeps them."""
    if current_app.config["SIGN_IN_COUNTER"] == "limiter":
        return SignInGuard.for_attempt(email, address)
    return DatabaseSignInGuard(get_session(), attempt_keys(email, address))


@dataclass(frozen=True)
class DatabaseSignInGuard:
    """The failure counters of one attempt, as rows of ``sign_in_failure``."""

    session: Session
    keys: tuple[tuple[RateLimitItem, str], ...]

    def _failures(self, item: RateLimitItem, key: str) -> list[float]:
        """When the failures still in ``key``'s window happened (newest first), as
        timestamps; the newest ``item.amount`` are enough to decide."""
        since = clock.now() - timedelta(seconds=item.get_expiry())
        moments = self.session.scalars(
            select(SignInFailure.created_at)
            .where(SignInFailure.key == key, SignInFailure.created_at > since)
            .order_by(SignInFailure.created_at.desc())
            .limit(item.amount)
        )
        return [_timestamp(moment) for moment in moments]

    def is_blocked(self) -> bool:
        return any(len(self._failures(item, key)) >= item.amount for item, key in self.keys)

    def record_failure(self) -> None:
        now = clock.now()
        config = current_app.config
        longest = max(
            parse(config[name]).get_expiry()
            for name in ("SIGN_IN_LIMIT_PER_ACCOUNT", "SIGN_IN_LIMIT_PER_ADDRESS")
        )
        # Failures older than every window count no more: forget them, whatever their key.
        self.session.execute(
            delete(SignInFailure).where(
                SignInFailure.created_at <= now - timedelta(seconds=longest)
            )
        )
        self.session.add_all(SignInFailure(key=key, created_at=now) for _item, key in self.keys)
        self.session.flush()

    def record_success(self) -> None:
        """A right password forgets the account's earlier failures (not the address's)."""
        accounts = [key for _item, key in self.keys if key.startswith("account:")]
        self.session.execute(delete(SignInFailure).where(SignInFailure.key.in_(accounts)))
        self.session.flush()

    def minutes_to_wait(self) -> int:
        """Whole minutes until every exhausted counter lets an attempt through again."""
        now = clock.now().timestamp()
        waits = []
        for item, key in self.keys:
            failures = self._failures(item, key)
            if len(failures) >= item.amount:
                waits.append(failures[-1] + item.get_expiry() - now)
        return max(1, math.ceil(max(waits, default=60) / 60))


def _timestamp(moment: datetime) -> float:
    """SQLite gives back naive datetimes: they are UTC, as procure writes them."""
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True)
class SignInGuard:
    """The failure counters of one attempt, in Flask-Limiter's storage."""

    limiter: Limiter
    keys: tuple[tuple[RateLimitItem, str], ...]

    @classmethod
    def for_attempt(cls, email: str | None, address: str | None) -> SignInGuard:
        return cls(current_app.extensions[EXTENSION_KEY], attempt_keys(email, address))

    def is_blocked(self) -> bool:
        strategy = self.limiter.limiter
        return any(not strategy.test(item, "sign-in", key) for item, key in self.keys)

    def record_failure(self) -> None:
        strategy = self.limiter.limiter
        for item, key in self.keys:
            strategy.hit(item, "sign-in", key)

    def record_success(self) -> None:
        """A right password forgets the account's earlier failures (not the address's)."""
        strategy = self.limiter.limiter
        for item, key in self.keys:
            if key.startswith("account:"):
                strategy.clear(item, "sign-in", key)

    def minutes_to_wait(self) -> int:
        """Whole minutes until every exhausted counter lets an attempt through again."""
        strategy = self.limiter.limiter
        now = time.time()
        waits = [
            strategy.get_window_stats(item, "sign-in", key).reset_time - now
            for item, key in self.keys
            if not strategy.test(item, "sign-in", key)
        ]
        return max(1, math.ceil(max(waits, default=60) / 60))
