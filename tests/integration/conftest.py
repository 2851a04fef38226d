"""Fixtures for the integration tests that need tools outside Python."""

from __future__ import annotations

import shutil

import pytest

from procure.documents.libreoffice import is_libreoffice_available
from tests.conftest import unavailable


@pytest.fixture(scope="session")
def office_tools() -> None:
    """LibreOffice and pdftotext: skipped locally without them, a failure under CI=true."""
    if not is_libreoffice_available():
        unavailable(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: apt-get install poppler-utils")
