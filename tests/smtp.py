"""A real SMTP server for the tests (aiosmtpd), on a free local port, that keeps every
message it receives, or refuses them all when told to."""

from __future__ import annotations

import socket
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller

REFUSED = "554 5.7.1 Message refused by the test server"


class _Handler:
    """aiosmtpd calls ``handle_DATA`` (its name) with each message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        if self.refuse:
            return REFUSED
        parsed = BytesParser(policy=default_policy).parsebytes(envelope.content)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SmtpServer:
    """``messages`` holds what was sent, oldest first; set ``refuse`` to make every
    message fail as a server that rejects it would."""

    def __init__(self) -> None:
        self._handler = _Handler()
        self.port = _free_port()
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)
        self._running = False

    def start(self) -> SmtpServer:
        self._controller.start()
        self._running = True
        return self

    def stop(self) -> None:
        """Stop listening (again: nothing happens)."""
        if self._running:
            self._controller.stop()
            self._running = False

    @property
    def messages(self) -> list[EmailMessage]:
        return self._handler.messages

    @property
    def refuse(self) -> bool:
        return self._handler.refuse

    @refuse.setter
    def refuse(self, value: bool) -> None:
        self._handler.refuse = value

    def to(self, email: str) -> list[EmailMessage]:
        """The messages sent to ``email``, oldest first."""
        return [message for message in self.messages if message["To"] == email]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def body_of(message: EmailMessage) -> str:
    """The message's text as written, with SMTP's CRLF line ends back to LF."""
    return str(message.get_content()).replace("\r\n", "\n")
