"""Configuration: defaults that need nothing, overridden by the environment."""

from __future__ import annotations

import math
import os
import secrets
from collections import Counter
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

from procure.exports.ocds import DEFAULT_OCID_PREFIX

ENV_PREFIX = "PROCURE_"
DEFAULT_SECRET_NAME = "secret_key"
MIN_SECRET_BYTES = 32
MIN_SECRET_DISTINCT = 6
# A Shannon estimate of the key's information, below which it is obviously guessable;
# secrets.token_hex(16), the weakest random key we accept, scores about 115.
MIN_SECRET_BITS = 80
HSTS = "max-age=31536000"


def default_config(instance_path: str) -> dict[str, object]:
    """Settings for a local installation: an SQLite file in the instance folder."""
    database_path = Path(instance_path) / "procure.sqlite3"
    return {
        "DATABASE_URL": f"sqlite:///{database_path}",
        "SECRET_KEY": None,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "LANGUAGES": ("fr", "en"),
        # A sign-in lasts 8 hours at most, and ends after 30 minutes without a request
        # (procure.auth.sessions); a number in the environment is seconds.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=30),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "CLAUSES_PATH": str(Path(instance_path).parent / "clauses"),
        "LIBRARY_PAGE_SIZE": 20,
        "REFRESH_FIELDS": True,
        "TRUSTED_PROXIES": 0,
        # The OCDS ocid prefix (procure.exports.ocds): set PROCURE_OCDS_OCID_PREFIX to the
        # prefix the Open Contracting Partnership registered for the publisher.
        "OCDS_OCID_PREFIX": DEFAULT_OCID_PREFIX,
        "PRODUCTION": False,
    }


def environment_config(environ: os._Environ[str] | dict[str, str]) -> dict[str, object]:
    """Settings read from the environment: DATABASE_URL, SECRET_KEY and PROCURE_*."""
    config: dict[str, object] = {}
    for name in ("DATABASE_URL", "SECRET_KEY"):
        if environ.get(name):
            config[name] = environ[name]
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX):
            config[name.removeprefix(ENV_PREFIX)] = _parse_value(value)
    return config


def _parse_value(value: str) -> object:
    lowered = value.strip().lower()
    if lowered in {"true", "yes", "on"}:
        return True
    if lowered in {"false", "no", "off"}:
        return False
    if lowered.isdigit():
        return int(lowered)
    return value


def normalise_database_url(url: str) -> str:
    """Let operators write postgres:// or postgresql:// and still use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret_key(instance_path: str) -> str:
    """Read the secret key kept in the instance folder, creating it on first use."""
    path = Path(instance_path) / DEFAULT_SECRET_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is too weak to sign production sessions, or None.

    A strong key is random: ``python -c "import secrets; print(secrets.token_hex(32))"``.
    This catches the obvious mistakes: under 32 bytes, few distinct characters, a short
    pattern repeated, a run like ``abcdef…``, or too little information overall.
    """
    size = len(key.encode("utf-8"))
    if size < MIN_SECRET_BYTES:
        return f"is {size} bytes long; use at least {MIN_SECRET_BYTES} random bytes"
    counts = Counter(key)
    if len(counts) < MIN_SECRET_DISTINCT:
        return f"uses only {len(counts)} different characters"
    if any(
        len(key) % period == 0 and key == key[:period] * (len(key) // period)
        for period in range(1, len(key) // 2 + 1)
    ):
        return "repeats a shorter pattern"
    steps = sum(1 for first, second in pairwise(key) if abs(ord(second) - ord(first)) == 1)
    if steps * 2 > len(key):
        return "is mostly a run of consecutive characters (like abcdef or 123456)"
    bits = -sum(count * math.log2(count / len(key)) for count in counts.values())
    if bits < MIN_SECRET_BITS:
        return f"holds about {bits:.0f} bits of information; use at least 128 random bits"
    return None
