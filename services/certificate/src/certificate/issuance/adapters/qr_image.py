"""The QR code of a certificate's payload as a PNG: error correction level Q (a quarter of the
code may be soiled or torn and it still reads, as the EU digital certificate asks), the
alphanumeric mode base45 was chosen for, and a quiet zone of four modules.

Drawing one takes segno ~25 ms (most of it scoring the eight masks), so the API keeps what it
drew (`QrImages`): the PNG is a pure function of the payload and the scale, and a certificate's
payload never changes (a re-signing is a replacement: another certificate, another id). The
QR carries no status: a suspension reaches verifiers through the verification page and the
status lists, never through this image, so keeping it hides nothing."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import segno


def qr_png(payload: str, scale: int = 4) -> bytes:
    code = segno.make(payload, error="q", mode="alphanumeric", boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_version(payload: str) -> int:
    version = segno.make(payload, error="q", mode="alphanumeric", boost_error=False).version
    return int(version)


@dataclass(frozen=True)
class QrImage:
    png: bytes
    etag: str  # strong: the payload's hash and the scale name the bytes


def qr_etag(payload: str, scale: int) -> str:
    return f'"qr-{hashlib.sha256(payload.encode()).hexdigest()[:32]}-{scale}"'


class QrImages:
    """The PNGs drawn in this process, least recently asked for dropped first once they take
    more than `max_bytes` (a version-18 code is ~2-4 KB at the default scale 6: thousands fit).
    Kept by the payload's hash, not the certificate: the same payload is the same image. Only
    the event loop touches the table; a miss is drawn in a worker thread so the loop goes on
    answering meanwhile (two misses of one payload at once both draw: the same bytes)."""

    def __init__(
        self, max_bytes: int = 8 * 2**20, draw: Callable[[str, int], bytes] = qr_png
    ) -> None:
        self.max_bytes, self.draw = max_bytes, draw
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0

    async def image(self, payload: str, scale: int) -> QrImage:
        etag = qr_etag(payload, scale)
        png = self._kept.get(etag)
        if png is not None:
            self._kept.move_to_end(etag)
            return QrImage(png, etag)
        png = await asyncio.to_thread(self.draw, payload, scale)
        if etag not in self._kept:
            self._kept[etag] = png
            self._size += len(png)
            while self._size > self.max_bytes and len(self._kept) > 1:
                self._size -= len(self._kept.popitem(last=False)[1])
        return QrImage(png, etag)

    def __len__(self) -> int:
        return len(self._kept)
