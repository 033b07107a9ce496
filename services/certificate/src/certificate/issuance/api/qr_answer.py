"""How both QR PNG endpoints answer (the LSP admin's and the holder's): the image with a strong
ETag of the payload's hash and the scale, cacheable by the asker's own browser for good (a
certificate's payload never changes; `private`: the endpoints need a token, so shared caches
keep nothing), and 304 with no body to an `If-None-Match` that names it."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from certificate.issuance.adapters.qr_image import QrImage

CACHE_CONTROL = "private, max-age=31536000, immutable"
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}}, "description": "the QR code (ETag: its payload's hash)"},
    304: {"description": "unchanged: the ETag given in If-None-Match"},
}


def names(if_none_match: str, etag: str) -> bool:
    """RFC 9110's weak comparison, as If-None-Match asks: `*`, or one of the listed tags."""
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag.removeprefix("W/") in tags


def qr_answer(request: Request, image: QrImage) -> Response:
    headers = {"ETag": image.etag, "Cache-Control": CACHE_CONTROL}
    if names(request.headers.get("if-none-match", ""), image.etag):
        return Response(status_code=304, headers=headers)
    return Response(image.png, media_type="image/png", headers=headers)
