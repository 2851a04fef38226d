"""Fixtures for the integration tests that need tools outside Python."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from procure.documents.libreoffice import is_libreoffice_available
from procure.library.loader import load_library
from procure.vocabulary import Role
from tests.conftest import unavailable

CLAUSES = Path(__file__).parents[2] / "clauses"


@pytest.fixture(scope="session")
def office_tools() -> None:
    """LibreOffice and pdftotext: skipped locally without them, a failure under CI=true."""
    if not is_libreoffice_available():
        unavailable(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")


@pytest.fixture
def buyer(client, auth, session):
    """A signed-in buyer's client, with the clause library loaded."""
    load_library(session, CLAUSES)
    session.commit()
    auth.login_as(Role.BUYER, email="acheteuse@example.org")
    return client
