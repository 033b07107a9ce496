"""Evidence documents a candidate uploads: what is accepted, judged by the content itself.

The client's file name is never trusted: it is cut to its last path part, reduced to a safe
character set and truncated, and only ever shown back; storage never uses it as a path."""

from __future__ import annotations

import re
import unicodedata

from kompeten_contracts.errors import Kind, refuse

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
MAX_NAME_CHARS = 100
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()\-]+")


def sniff_media_type(content: bytes) -> str | None:
    for magic, media_type in SIGNATURES:
        if content.startswith(magic):
            return media_type
    return None


def accepted_media_type(content: bytes) -> str:
    if not content:
        raise refuse("file", "berkas kosong", "the file is empty")
    if len(content) > MAX_EVIDENCE_BYTES:
        raise refuse(
            "file",
            f"berkas melebihi {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB",
            f"the file exceeds {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB",
            Kind.TOO_LARGE,
        )
    media_type = sniff_media_type(content)
    if media_type is None:
        raise refuse(
            "file",
            "jenis berkas tidak diterima; unggah PDF, JPEG atau PNG",
            "file type not accepted; upload a PDF, JPEG or PNG",
            Kind.UNSUPPORTED,
        )
    return media_type


def safe_file_name(raw: str | None, media_type: str) -> str:
    name = unicodedata.normalize("NFKD", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CM")
    name = _UNSAFE.sub("_", name).strip(" ._")
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[media_type]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (stem[: MAX_NAME_CHARS - len(extension)] or "bukti") + extension
