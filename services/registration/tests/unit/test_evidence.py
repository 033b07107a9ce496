"""Evidence: accepted by content, within the size limit; the client's name is made harmless."""

from __future__ import annotations

import pytest

from kompeten_contracts.errors import Refusal
from registration.applications.domain.evidence import (
    MAX_EVIDENCE_BYTES,
    MAX_NAME_CHARS,
    accepted_media_type,
    safe_file_name,
)

PDF, JPEG, PNG = b"%PDF-1.7\n...", b"\xff\xd8\xff\xe0....JFIF", b"\x89PNG\r\n\x1a\n...."


@pytest.mark.parametrize(
    ("content", "media_type"), [(PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")]
)
def test_pdf_jpeg_and_png_are_recognised_by_their_content(content: bytes, media_type: str) -> None:
    assert accepted_media_type(content) == media_type


@pytest.mark.parametrize("content", [b"MZ\x90\x00 an exe", b"<html><script>", b"PK\x03\x04 zip"])
def test_other_content_is_refused_whatever_it_is_called(content: bytes) -> None:
    with pytest.raises(Refusal) as caught:
        accepted_media_type(content)
    assert caught.value.status == 415 and caught.value.problems[0].field == "file"


def test_empty_and_oversized_files_are_refused() -> None:
    with pytest.raises(Refusal):
        accepted_media_type(b"")
    with pytest.raises(Refusal) as caught:
        accepted_media_type(PDF + b"x" * MAX_EVIDENCE_BYTES)
    assert caught.value.status == 413
    assert accepted_media_type(PDF + b"x" * (MAX_EVIDENCE_BYTES - len(PDF))) == "application/pdf"


@pytest.mark.parametrize(
    ("raw", "media_type", "safe"),
    [
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\sari\\ijazah.exe", "application/pdf", "ijazah.pdf"),
        ("ktp\x00\u202egnp.php", "image/png", "ktpgnp.png"),
        ("foto ktp (1).JPG", "image/jpeg", "foto ktp (1).jpg"),
        ("..", "image/png", "bukti.png"),
        (None, "image/png", "bukti.png"),
        ("<b onload=x>.pdf", "application/pdf", "b onload_x_.pdf"),
    ],
)
def test_the_client_file_name_is_reduced_to_a_safe_display_name(
    raw: str | None, media_type: str, safe: str
) -> None:
    assert safe_file_name(raw, media_type) == safe


def test_a_long_name_is_truncated() -> None:
    name = safe_file_name("a" * 1000 + ".pdf", "application/pdf")
    assert len(name) == MAX_NAME_CHARS and name.endswith(".pdf")
