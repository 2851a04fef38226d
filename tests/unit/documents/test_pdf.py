from __future__ import annotations

import pytest

from procure.documents import libreoffice
from procure.documents.libreoffice import LibreOfficeUnavailableError
from procure.documents.pdf import convert_to_pdf


def test_missing_libreoffice_is_reported_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    assert not libreoffice.is_libreoffice_available()
    with pytest.raises(LibreOfficeUnavailableError, match="libreoffice-writer-nogui"):
        convert_to_pdf(b"not used")
