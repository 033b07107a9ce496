"""Signing keys and QR claims for certificate's unit tests: fresh random keys under the given
kids, as KOMPETEN_CERTIFICATE_KEYS would name them, and the claims of a 3-unit certificate."""

from __future__ import annotations

import base64
import os
from datetime import date
from uuid import uuid4

from certificate.issuance.application.issue import new_token
from certificate.issuance.application.ports import QrClaims

UNITS = ("M.702090.001.01", "M.702090.002.01", "M.702090.003.01")


def key_env(*kids: str) -> dict[str, str]:
    keys = ",".join(f"{kid}={base64.b64encode(os.urandom(32)).decode()}" for kid in kids)
    return {"KOMPETEN_CERTIFICATE_KEYS": keys}


def claims(status_index: int | None = None) -> QrClaims:
    return QrClaims(new_token(), "KOP-KASIR/2026/00007", uuid4(), "KOP-KASIR", 1, UNITS,
                    date(2026, 11, 23), date(2029, 11, 22), status_index)  # fmt: skip
