"""The current time, read through one function so that tests can move it.

Code whose behaviour depends on how much time has passed (the session cookie's
lifetime) calls ``clock.now()`` through the module, never a copy of the function:
a test replaces ``procure.clock.now`` with ``monkeypatch`` instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)
