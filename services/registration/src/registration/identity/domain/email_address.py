"""Which e-mail addresses the service accepts: the WHATWG HTML "valid e-mail address" (what a
phone's e-mail field accepts) with a dotted domain. A looser rule lets addresses through that the
SMTP server then refuses, and the person gets a server error instead of a named field.

One rule for every address we take: sign-up and sign-in, staff accounts, a candidate registered
by staff, APL-01's personal e-mail and cohort files."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+$"
MAX_EMAIL_CHARS = 254
EmailAddress = Annotated[str, Field(max_length=MAX_EMAIL_CHARS, pattern=EMAIL_PATTERN)]
