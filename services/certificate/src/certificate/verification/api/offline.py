"""The offline check in the verifier's browser (issue 11, item 7: "the same check in the page's
script"): a page where a QR code's payload (KC1:...) is checked against the key set saved while
online, with WebCrypto's Ed25519 and no network, as `python -m certificate.verify` does. Its
script is a file of this service, same origin, cached like the page (and ready for a CSP without
'unsafe-inline', which the proxy sets on the apps' pages though not yet on the APIs'); the page
sends nothing anywhere and records nothing (no one is asked)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from certificate.verification.api.page import layout

router = APIRouter(tags=["verification"])
STATIC = Path(__file__).parent / "static"
# The files change only with a release: a day in the browser's cache, a week if the network is
# down (the page must open in a hall with no signal once it has been opened there before).
CACHED = "public, max-age=86400, stale-if-error=604800"

OFFLINE_BODY = (
    "<h1>Periksa sertifikat tanpa jaringan "
    '<span class="en">Check a certificate offline</span></h1>'
    "<p>Tempelkan isi kode QR sertifikat (diawali <code>KC1:</code>, dari aplikasi pemindai QR "
    "mana pun). Tanda tangannya diperiksa di perangkat ini dengan kunci publik yang tersimpan, "
    'tanpa jaringan. <span class="en">Paste the text of the certificate\'s QR code (it starts '
    "with <code>KC1:</code>, from any QR scanner app). Its signature is checked on this device "
    "against the saved public keys, with no network.</span></p>"
    '<p id="keys" aria-live="polite"></p>'
    '<form id="check"><p><label for="payload">Isi kode QR <span class="en">QR code text'
    '</span></label><br><textarea id="payload" rows="6" cols="40" required spellcheck="false" '
    'autocomplete="off"></textarea></p>'
    '<p><button type="submit">Periksa <span class="en">Check</span></button></p></form>'
    '<div id="result" role="status" aria-live="polite"></div>'
    '<script src="offline.js"></script>'
)


@router.get("/verify/offline", response_class=HTMLResponse)
async def offline_page() -> HTMLResponse:
    return HTMLResponse(layout("Periksa sertifikat tanpa jaringan", OFFLINE_BODY),
                        headers={"Cache-Control": CACHED})  # fmt: skip


@router.get(
    "/verify/offline.js",
    response_class=Response,
    responses={200: {"content": {"text/javascript": {}}, "description": "the page's script"}},
)
async def offline_script() -> Response:
    script = (STATIC / "offline.js").read_bytes()
    return Response(script, media_type="text/javascript", headers={"Cache-Control": CACHED})
