"""Making buyer-typed text safe for Word and Excel files.

Choice: characters that XML 1.0 forbids (C0 control characters other than tab,
line feed and carriage return, lone surrogates, U+FFFE and U+FFFF) are
**stripped**, not rejected. They come from copy and paste (a vertical tab from
another word processor, a stray NUL from a web form), the buyer cannot see
them, and refusing the whole document over an invisible character would help
nobody. Line breaks, tabs and Unicode line or paragraph separators inside a
one-line value (a title, a variable) become single spaces, because a value sits
inside a sentence. Everything else — emoji, right-to-left scripts, very long
words — is kept as typed.

A value of the wrong *type* (a number where text is expected, text where a
number is expected) is a different matter: that raises ``ValueError`` naming
the field, because the buyer has to fix it.
"""

from __future__ import annotations

import re
from typing import Any

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = re.compile("[\t\n\r\u0085\u2028\u2029]+")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    """``text`` made XML-safe, with tabs and line breaks turned into single spaces."""
    return _LINE_BREAKS.sub(" ", xml_safe(text))


def require_text(value: Any, field: str) -> str:
    """``value`` as one line of safe text, or ``ValueError`` naming ``field``."""
    if not isinstance(value, str):
        raise ValueError(f"{field}: expected text, got {type(value).__name__} {value!r:.60}")
    return one_line(value)
