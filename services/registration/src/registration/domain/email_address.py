"""Which e-mail addresses the service accepts: the WHATWG HTML "valid e-mail address" (what a
phone's e-mail field accepts) with a dotted domain. A looser rule lets addresses through that the
SMTP server then refuses, and the person gets a server error instead of a named field."""

from __future__ import annotations

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+$"
