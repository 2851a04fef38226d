"""Every UI string has a French translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]


def test_every_ui_string_is_translated_into_french(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(template),
            "procure",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as file:
        extracted = {message.id for message in read_po(file) if message.id}
    with (ROOT / "procure/translations/fr/LC_MESSAGES/messages.po").open("rb") as file:
        french = read_po(file, locale="fr")
    translated = {
        message.id
        for message in french
        if message.id
        and message.string
        and not message.fuzzy
        and (not isinstance(message.string, tuple) or all(message.string))
    }
    missing = sorted(str(m if isinstance(m, str) else m[0]) for m in extracted - translated)
    assert missing == [], "run `make translations` and translate these strings"
