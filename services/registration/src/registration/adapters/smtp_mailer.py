"""Mail through SMTP: the development sink locally, any relay in production."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

SENDER = "Kompeten <no-reply@kompeten.id>"


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str = SENDER) -> None:
        self.host = host
        self.port = port
        self.sender = sender

    async def send(self, to: str, subject: str, text: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(text)
        await aiosmtplib.send(message, hostname=self.host, port=self.port, timeout=15)
