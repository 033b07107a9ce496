"""Base45 (RFC 9285): bytes as text of the 45 characters a QR code's alphanumeric mode holds,
so a signed binary payload fills fewer modules than its base64 would in byte mode."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {char: value for value, char in enumerate(ALPHABET)}


def b45encode(data: bytes) -> str:
    out = []
    for start in range(0, len(data), 2):
        pair = data[start : start + 2]
        n = pair[0] * 256 + pair[1] if len(pair) == 2 else pair[0]
        digits = 3 if len(pair) == 2 else 2
        for _ in range(digits):
            n, digit = divmod(n, 45)
            out.append(ALPHABET[digit])
    return "".join(out)


def b45decode(text: str) -> bytes:
    if len(text) % 3 == 1:
        raise ValueError("base45 text of a length that no bytes have")
    try:
        values = [_VALUE[char] for char in text]
    except KeyError as exc:
        raise ValueError(f"not a base45 character: {exc.args[0]!r}") from None
    out = bytearray()
    for start in range(0, len(values), 3):
        chunk = values[start : start + 3]
        n = sum(v * 45**i for i, v in enumerate(chunk))
        if len(chunk) == 3:
            if n > 0xFFFF:
                raise ValueError("base45 triple out of range")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise ValueError("base45 pair out of range")
            out.append(n)
    return bytes(out)
