"""Reading the mail procure wrote to a test application's outbox."""

from __future__ import annotations

import re
from email.message import EmailMessage
from pathlib import Path

from flask import Flask

from procure.mail import read_outbox

LINK = re.compile(r"https?://[^/\s]+(/account/activate/[A-Za-z0-9_-]+)")


def mail_to(app: Flask, email: str) -> list[EmailMessage]:
    """The messages sent to ``email``, oldest first."""
    return [m for m in read_outbox(Path(app.config["MAIL_OUTBOX_PATH"])) if m["To"] == email]


def mailed_link(app: Flask, email: str) -> str:
    """The one-time link (as a path) in the last message sent to ``email``."""
    messages = mail_to(app, email)
    assert messages, f"no mail was sent to {email}"
    links = set(LINK.findall(messages[-1].get_content()))
    assert len(links) == 1, links
    return links.pop()
