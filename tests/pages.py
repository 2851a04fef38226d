"""Reading an HTML page as a user sees it: the message shown next to a form field."""

from __future__ import annotations

import html
import re


def field_error(page: str, field_id: str) -> str:
    """The error shown under the field ``field_id``, as plain text ("" when there is none)."""
    found = re.search(
        rf'<p class="field__error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S
    )
    if found is None:
        return ""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())
