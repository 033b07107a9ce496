"""What evidence files the assessment keeps (photos, scans, audio of interviews), judged by the
content's own first bytes, never by the client's name or declared type: an image or a scan of
at most 20 MB, an interview's audio of at most 60 MB (about an hour of speech as a phone
records it)."""

from __future__ import annotations

from kompeten_contracts.errors import Kind, refuse

MB = 1024 * 1024
IMAGE_BYTES = 20 * MB  # as capture's photo records allow
AUDIO_BYTES = 60 * MB
MAX_EVIDENCE_BYTES = AUDIO_BYTES  # the largest of any type: where a body stops being read

LIMITS: dict[str, int] = {
    "image/jpeg": IMAGE_BYTES,
    "image/png": IMAGE_BYTES,
    "image/webp": IMAGE_BYTES,
    "application/pdf": IMAGE_BYTES,
    "audio/mp4": AUDIO_BYTES,  # M4A: AAC in an MP4 container, what Android records
    "audio/aac": AUDIO_BYTES,  # raw AAC in ADTS frames
    "audio/mpeg": AUDIO_BYTES,
    "audio/ogg": AUDIO_BYTES,  # Ogg Opus or Vorbis (WhatsApp's voice notes)
    "audio/wav": AUDIO_BYTES,
    "audio/webm": AUDIO_BYTES,  # Opus in WebM: what Chromium's MediaRecorder makes by default
}
MP4_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"isom", b"iso2", b"mp41", b"3gp4", b"3gp5")


EBML = b"\x1a\x45\xdf\xa3"
WEBM_DOCTYPE = b"webm"  # the value of the EBML header's DocType element (0x4282)


def sniff_media_type(content: bytes) -> str | None:
    head = content[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_AUDIO_BRANDS:
        return "audio/mp4"
    if head.startswith(EBML) and WEBM_DOCTYPE in content[:64]:
        return "audio/webm"  # Matroska's other DocTypes (video files) stay refused
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "audio/mpeg"  # an ID3 tag, or an MPEG-1/2 layer III frame header
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "audio/aac"  # an ADTS frame header (layer bits 00)
    return None


def too_large(limit: int) -> str:
    return f"{limit // MB} MB"


def accepted_media_type(content: bytes) -> str:
    """The file's type, or a refusal naming `file`: empty, of a type not kept, over its limit."""
    if not content:
        raise refuse("file", "berkas kosong", "the file is empty")
    media_type = sniff_media_type(content)
    if media_type is None:
        raise refuse(
            "file",
            "jenis berkas tidak diterima; unggah foto (JPEG, PNG, WebP), PDF atau rekaman suara "
            "(M4A, AAC, MP3, OGG, WAV, WebM)",
            "file type not accepted; upload a photo (JPEG, PNG, WebP), a PDF or an audio "
            "recording (M4A, AAC, MP3, OGG, WAV, WebM)",
            Kind.UNSUPPORTED,
        )
    limit = LIMITS[media_type]
    if len(content) > limit:
        raise refuse(
            "file",
            f"berkas {media_type} melebihi {too_large(limit)}",
            f"a {media_type} file exceeds {too_large(limit)}",
            Kind.TOO_LARGE,
        )
    return media_type
