"""Sending mail: through SMTP when ``MAIL_SMTP_HOST`` is set, else into an outbox folder.

Invitation and password links go to the person they are for, never back to the
administrator's screen; review notifications (``procure.review.notifications``) go
the same way. In production, set ``MAIL_SMTP_HOST`` (and, as needed,
``MAIL_SMTP_PORT``, ``MAIL_SMTP_USERNAME``, ``MAIL_SMTP_PASSWORD``,
``MAIL_SMTP_STARTTLS``, ``MAIL_FROM``). Without it, each message is written as an
.eml file into ``MAIL_OUTBOX_PATH`` (``instance/outbox`` by default), readable only
by procure's own user, which ``flask outbox`` prints: enough for a development
machine or a demo, where nobody reads real mail.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path

from flask import Flask, current_app

from procure import clock
from procure.errors import ProcureError

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, object] = {
    "MAIL_FROM": "procure <no-reply@localhost>",
    "MAIL_SMTP_HOST": None,
    "MAIL_SMTP_PORT": 587,
    "MAIL_SMTP_USERNAME": None,
    "MAIL_SMTP_PASSWORD": None,
    "MAIL_SMTP_STARTTLS": True,
    "MAIL_SMTP_TIMEOUT": 20,
}


class MailError(ProcureError):
    """A message could not be handed over to the mail server or the outbox."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def init_app(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.config.setdefault("MAIL_OUTBOX_PATH", str(Path(app.instance_path) / "outbox"))
    if app.config["PRODUCTION"] and not app.config["MAIL_SMTP_HOST"]:
        logger.warning(
            "MAIL_SMTP_HOST is not set: invitation and password links are written to %s, not sent",
            app.config["MAIL_OUTBOX_PATH"],
        )


def send(mail: Mail) -> None:
    """Send ``mail`` by SMTP, or write it into the outbox; ``MailError`` if neither works."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    if config["MAIL_SMTP_HOST"]:
        _send_smtp(message)
    else:
        write_to_outbox(Path(config["MAIL_OUTBOX_PATH"]), message)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    try:
        with smtplib.SMTP(
            config["MAIL_SMTP_HOST"],
            int(config["MAIL_SMTP_PORT"]),
            timeout=float(config["MAIL_SMTP_TIMEOUT"]),
        ) as server:
            if config["MAIL_SMTP_STARTTLS"]:
                server.starttls()
            if config["MAIL_SMTP_USERNAME"]:
                server.login(config["MAIL_SMTP_USERNAME"], config["MAIL_SMTP_PASSWORD"] or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"the mail server refused the message: {error}") from error


def write_to_outbox(folder: Path, message: EmailMessage) -> Path:
    """One .eml file per message, named so that they sort by time, private to procure."""
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(message.as_bytes())
    except OSError as error:
        raise MailError(f"the outbox {folder} cannot be written: {error}") from error
    return path


def read_outbox(folder: Path) -> list[EmailMessage]:
    """The outbox's messages, oldest first."""
    if not folder.is_dir():
        return []
    parser = BytesParser(policy=default_policy)
    return [parser.parsebytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]


def clear_outbox(folder: Path) -> int:
    """Delete the outbox's messages; how many there were."""
    paths = sorted(folder.glob("*.eml")) if folder.is_dir() else []
    for path in paths:
        path.unlink()
    return len(paths)
