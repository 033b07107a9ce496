"""The QR PNGs the API keeps: a payload is drawn once per scale and the same bytes answered
after; the least recently asked are dropped once the images take more than their budget; the
ETag names the payload and the scale; If-None-Match is compared as RFC 9110 asks."""

from __future__ import annotations

from certificate.issuance.adapters.qr_image import QrImages, qr_etag, qr_png
from certificate.issuance.api.qr_answer import names

PAYLOAD = "KC1:6BFOXN*TS0BI$ZD-PHQ7I9AD66V5B22CH9M9ESI9XBHXK-%69LQOGI.*V76GLV9"


class Drawer:
    def __init__(self) -> None:
        self.drawn: list[tuple[str, int]] = []

    def __call__(self, payload: str, scale: int) -> bytes:
        self.drawn.append((payload, scale))
        return f"{payload}@{scale}".encode().ljust(100, b".")


async def test_a_payload_is_drawn_once_per_scale() -> None:
    draw = Drawer()
    images = QrImages(draw=draw)
    first = await images.image(PAYLOAD, 6)
    assert await images.image(PAYLOAD, 6) == first
    bigger = await images.image(PAYLOAD, 12)
    assert draw.drawn == [(PAYLOAD, 6), (PAYLOAD, 12)]
    assert bigger.etag != first.etag and first.etag == qr_etag(PAYLOAD, 6)
    assert PAYLOAD not in first.etag  # the hash, not the payload


async def test_the_least_recently_asked_go_first_when_over_budget() -> None:
    draw = Drawer()
    images = QrImages(max_bytes=250, draw=draw)  # room for two images of 100 bytes
    for payload in ("A", "B", "A", "C"):  # A asked again: B is the oldest when C comes
        await images.image(payload, 6)
    assert len(images) == 2
    await images.image("A", 6)
    await images.image("B", 6)
    assert draw.drawn == [("A", 6), ("B", 6), ("C", 6), ("B", 6)]


async def test_the_real_drawing_is_a_png_of_level_q() -> None:
    image = await QrImages().image(PAYLOAD, 4)
    assert image.png == qr_png(PAYLOAD, 4) and image.png.startswith(b"\x89PNG")


def test_if_none_match_names_the_tag_among_others_weakly_or_with_a_star() -> None:
    tag = qr_etag(PAYLOAD, 6)
    assert names(tag, tag) and names(f'"other", W/{tag}', tag) and names("*", tag)
    assert not names("", tag) and not names('"other"', tag)
    assert not names(tag.strip('"'), tag)  # unquoted is another tag
