"""Find what PostgreSQL or the handlers cannot take in a JSON body, by the field that holds it:
U+0000 (text and jsonb refuse it) and non-finite numbers (NaN, Infinity, or 1e400, which
Python's json reads as inf; jsonb refuses them and pydantic lets them through)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

# A number Python's json reads as infinite: NaN/Infinity, an exponent of 3+ digits where a value
# starts (after `:`, `,`, `[` or at the start; not inside a UUID's hex such as "3e1234", which
# made every seventh answer batch parse twice), or a run of 300+ digits. A string holding such
# text only costs the full parse below, which finds nothing.
_SUSPECT_NUMBER = re.compile(
    rb"NaN|Infinity|[0-9]{300,}|(?:^|[:,\[])\s*-?[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]{3,}"
)


class _NonFinite:
    """Stands in for a non-finite number while the body is searched for where it was."""


_NON_FINITE = _NonFinite()


def _number(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NON_FINITE


def _constant(_: str) -> _NonFinite:
    return _NON_FINITE


def path_of(value: Any, found: Any, path: str = "") -> str | None:
    """Dotted path of the first value (or key) for which found(value) holds, or None."""
    if found(value):
        return path or "body"
    items: Any = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list)
        else ()
    )  # fmt: skip
    for key, item in items:
        here = f"{path}.{key}" if path else str(key)
        if found(key):
            return here
        inner = path_of(item, found, here)
        if inner:
            return inner
    return None


def _has_nul(value: Any) -> bool:
    return isinstance(value, str) and "\x00" in value


def problem_in(body: bytes) -> tuple[str, str] | None:
    """(field, "nul" | "non_finite") of the first unstorable value in a JSON body, or None.
    Cheap for ordinary bodies: it parses only a body whose bytes could hold either."""
    nul = b"\\u0000" in body
    number = _SUSPECT_NUMBER.search(body) is not None
    if not nul and not number:
        return None
    try:
        parsed = json.loads(body, parse_float=_number, parse_constant=_constant)
    except (ValueError, RecursionError):
        return None  # not JSON we can read: the endpoint's validation answers it as such
    for kind, wanted, found in (("nul", nul, _has_nul), ("non_finite", number, _is_non_finite)):
        try:
            field = path_of(parsed, found) if wanted else None
        except RecursionError:  # nested nearly as deep as json allows: name the body
            field = "body"
        if field:
            return field, kind
    return None


def _is_non_finite(value: Any) -> bool:
    return value is _NON_FINITE
