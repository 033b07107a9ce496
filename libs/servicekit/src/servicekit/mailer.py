"""Mail through SMTP for every service: the development sink locally, any relay in production.

Each message carries Date and Message-ID (RFC 5322 requires the first and expects the second;
receiving servers penalise mail without them), from the sender's own domain."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

SENDER = "Kompeten <no-reply@kompeten.id>"
SENDER_DOMAIN = "kompeten.id"


def message(sender: str, to: str, subject: str, text: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = make_msgid(domain=SENDER_DOMAIN)
    mail.set_content(text)
    return mail


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str = SENDER) -> None:
        self.host = host
        self.port = port
        self.sender = sender

    async def send(self, to: str, subject: str, text: str) -> None:
        mail = message(self.sender, to, subject, text)
        await aiosmtplib.send(mail, hostname=self.host, port=self.port, timeout=15)
