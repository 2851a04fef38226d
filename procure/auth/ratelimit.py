"""Limits on failed sign-in attempts, per account and per address (Flask-Limiter).

Only failures count, so the colleagues of a town hall behind one address can all
sign in each morning; but once an account or an address has used up its
failures, every attempt is refused until the window moves on, even with the
right password, so guessing cannot go on.

The counters live in ``RATELIMIT_STORAGE_URI``: ``memory://`` by default (each
worker counts for itself), or a shared storage when several workers serve the
application, e.g. ``PROCURE_RATELIMIT_STORAGE_URI=redis://localhost:6379/0``
(any storage the ``limits`` package knows). The limits themselves are the
settings ``SIGN_IN_LIMIT_PER_ACCOUNT`` and ``SIGN_IN_LIMIT_PER_ADDRESS``, in
the ``limits`` notation ("5 per 15 minutes").

Behind a reverse proxy, ``request.remote_addr`` is the proxy's address unless
``TRUSTED_PROXIES`` says how many proxies to trust (``create_app`` then wraps the
application in Werkzeug's ``ProxyFix``).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

EXTENSION_KEY = "procure.sign_in_limiter"
DEFAULTS = {
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STRATEGY": "moving-window",
    "RATELIMIT_KEY_PREFIX": "procure",
    "SIGN_IN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "SIGN_IN_LIMIT_PER_ADDRESS": "30 per 15 minutes",
}


def init_app(app: Flask) -> None:
    """Attach a limiter to ``app``; its storage comes from ``RATELIMIT_STORAGE_URI``."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    limiter = Limiter(key_func=get_remote_address)
    limiter.init_app(app)
    app.extensions[EXTENSION_KEY] = limiter


@dataclass(frozen=True)
class SignInGuard:
    """The failure counters that apply to one sign-in attempt."""

    limiter: Limiter
    keys: tuple[tuple[RateLimitItem, str], ...]

    @classmethod
    def for_attempt(cls, email: str | None, address: str | None) -> SignInGuard:
        config = current_app.config
        keys = [(parse(config["SIGN_IN_LIMIT_PER_ADDRESS"]), f"address:{address or 'unknown'}")]
        if email:
            # The address is hashed so that the storage holds no personal data.
            digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
            keys.append((parse(config["SIGN_IN_LIMIT_PER_ACCOUNT"]), f"account:{digest}"))
        return cls(current_app.extensions[EXTENSION_KEY], tuple(keys))

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
