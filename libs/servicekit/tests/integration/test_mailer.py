"""Mail reaches a real SMTP server (the development sink) with the headers RFC 5322 asks for:
a Date and a Message-ID of our own domain, unique per message."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from uuid import uuid4

import pytest

from eventkit.settings import load_settings
from eventkit.testing.mail import mail_with_subject
from servicekit.mailer import SmtpMailer

pytestmark = pytest.mark.integration


async def test_mail_carries_date_and_a_unique_message_id() -> None:
    settings = load_settings()
    mailer = SmtpMailer(settings.smtp_host, settings.smtp_port)
    to = f"penerima.{uuid4().hex[:10]}@example.id"
    await mailer.send(to, "Kode verifikasi (1)", "Kode Anda: 123456")
    await mailer.send(to, "Kode verifikasi (2)", "Kode Anda: 654321")
    first = await mail_with_subject(to, "Kode verifikasi (1)")
    second = await mail_with_subject(to, "Kode verifikasi (2)")
    for mail in (first, second):
        assert parsedate_to_datetime(mail["date"]).tzinfo is not None
        assert mail["message_id"].startswith("<") and mail["message_id"].endswith("@kompeten.id>")
    assert first["message_id"] != second["message_id"]
    assert first["text"].strip() == "Kode Anda: 123456"
