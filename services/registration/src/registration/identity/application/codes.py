"""One-time sign-in codes: six digits, kept only as a keyed hash, mailed in Bahasa Indonesia
first and English below."""

from __future__ import annotations

import secrets
from uuid import UUID

from eventkit.pii import keyed_hash
from eventkit.settings import LOCAL_APP_URL
from registration.identity.domain.account import CODE_LIFETIME

SUBJECT = "Kode verifikasi Kompeten / Kompeten verification code"


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def code_hash(secret: bytes, account_id: UUID, code: str) -> str:
    # Salted by the account: one code's hash tells nothing about another account's code.
    return keyed_hash(secret, f"code:{account_id}:{code.strip()}")


def email_hash(secret: bytes, email: str) -> str:
    return keyed_hash(secret, f"email:{normalize_email(email)}")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def code_mail(code: str, app_url: str = LOCAL_APP_URL) -> str:
    """The code first (tests and people read the first six digits), then where to type it."""
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    return (
        f"Kode verifikasi Kompeten Anda: {code}\n"
        f"Kode ini berlaku {minutes} menit. Jangan berikan kode ini kepada siapa pun,\n"
        "termasuk petugas LSP.\n"
        f"Buka aplikasi Kompeten: {app_url}\n"
        "\n"
        "---\n"
        f"Your Kompeten verification code: {code}\n"
        f"It is valid for {minutes} minutes. Do not share it with anyone, LSP staff included.\n"
        f"Open the Kompeten app: {app_url}\n"
    )


def console_url(app_url: str) -> str:
    """Where staff sign in: the operator and LSP console, beside the candidate app."""
    return app_url.rstrip("/") + "/console/"


INVITATION_SUBJECT = "Akun staf Kompeten / Kompeten staff account"


def invitation_mail(role: str) -> str:
    return (
        f"Akun staf Kompeten telah dibuat untuk alamat ini dengan peran {role}.\n"
        "Masuk dengan meminta kode verifikasi ke alamat e-mail ini.\n"
        "\n"
        "---\n"
        f"A Kompeten staff account with the role {role} was created for this address.\n"
        "Sign in by requesting a verification code to this e-mail address.\n"
    )
