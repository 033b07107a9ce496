"""Which evidence files assessment keeps, judged by their first bytes: photos, scans and the
audio a phone records of an interview; anything else, an empty file or one over its type's
limit is refused naming `file`. The same file received twice by a session is one file."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from assessment.evidence.domain.evidence_file import (
    EvidenceFile,
    EvidenceFileReceived,
    decide_receive,
    evolve,
    stream_id,
)
from assessment.evidence.domain.media import (
    AUDIO_BYTES,
    IMAGE_BYTES,
    accepted_media_type,
    sniff_media_type,
)
from kompeten_contracts.errors import Kind, Refusal

SAMPLES = {
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "image/png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "image/webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "application/pdf": b"%PDF-1.7\n%\xe2\xe3",
    "audio/mp4": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00",
    "audio/aac": b"\xff\xf1\x50\x80\x02\x1f\xfc",
    "audio/mpeg": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "audio/ogg": b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00OpusHead",
    "audio/wav": b"RIFF\x24\x08\x00\x00WAVEfmt ",
    # The EBML header Chromium's MediaRecorder writes: version 1, read 1, ids 4, sizes 8, "webm".
    "audio/webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04"
    b"\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02",
}


@pytest.mark.parametrize("media_type", SAMPLES)
def test_each_kept_type_is_known_by_its_first_bytes(media_type: str) -> None:
    assert sniff_media_type(SAMPLES[media_type]) == media_type
    assert accepted_media_type(SAMPLES[media_type] + b"\x00" * 100) == media_type


def test_an_mp3_without_a_tag_is_known_by_its_frame_header() -> None:
    assert sniff_media_type(b"\xff\xfb\x90\x64\x00") == "audio/mpeg"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>",
        b"MZ\x90\x00",
        b"PK\x03\x04",
        b"\x00\x00\x00\x20ftypqt  ",
        b"GIF89a",
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska",  # a Matroska video
    ],
)
def test_anything_else_is_refused_as_unsupported_naming_file(content: bytes) -> None:
    with pytest.raises(Refusal) as refused:
        accepted_media_type(content)
    assert refused.value.kind is Kind.UNSUPPORTED
    assert [p.field for p in refused.value.problems] == ["file"]


def test_an_empty_file_and_files_over_their_types_limit_are_refused() -> None:
    with pytest.raises(Refusal) as empty:
        accepted_media_type(b"")
    assert empty.value.kind is Kind.INVALID
    photo = SAMPLES["image/jpeg"].ljust(IMAGE_BYTES + 1, b"\x00")
    with pytest.raises(Refusal) as large:
        accepted_media_type(photo)
    assert large.value.kind is Kind.TOO_LARGE and "20 MB" in large.value.problems[0].reason_en
    # The same size is well within an interview's audio.
    audio = SAMPLES["audio/mp4"].ljust(IMAGE_BYTES + 1, b"\x00")
    assert accepted_media_type(audio) == "audio/mp4"
    with pytest.raises(Refusal):
        accepted_media_type(SAMPLES["audio/mp4"].ljust(AUDIO_BYTES + 1, b"\x00"))


def test_a_session_receives_a_file_once() -> None:
    session_id = uuid4()
    received = EvidenceFileReceived(
        session_id=session_id, content_hash="ab" * 32, media_type="image/jpeg", size_bytes=10,
        uploaded_by=uuid4(), received_at=datetime(2026, 12, 1, tzinfo=UTC),
    )  # fmt: skip
    assert decide_receive(EvidenceFile(), received) == [received]
    held = evolve(EvidenceFile(), received)
    again = received.model_copy(update={"uploaded_by": uuid4()})
    assert decide_receive(held, again) == []
    assert stream_id((session_id, "ab" * 32)) == f"evidence-{session_id}-{'ab' * 32}"
