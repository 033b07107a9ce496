"""Certificate numbers: a sequence per (LSP, scheme, year) without gaps or repeats, written in
the installation's format, e.g. "{scheme}/{year}/{seq:05d}" -> "KOP-KASIR/2026/00042". The
sequence itself is allocated by the numbering adapter, once per certificate."""

from __future__ import annotations

import string
from dataclasses import dataclass

DEFAULT_FORMAT = "{scheme}/{year}/{seq:05d}"
FIELDS = frozenset({"scheme", "year", "seq"})
LONGEST_NUMBER = 60


@dataclass(frozen=True)
class NumberFormat:
    pattern: str = DEFAULT_FORMAT

    def __post_init__(self) -> None:
        try:
            named = [name for _, name, _, _ in string.Formatter().parse(self.pattern) if name]
        except ValueError as exc:
            raise ValueError(f"certificate number format {self.pattern!r}: {exc}") from exc
        unknown = set(named) - FIELDS
        if unknown:
            raise ValueError(
                f"certificate number format {self.pattern!r} names {sorted(unknown)}; "
                f"it may use {sorted(FIELDS)}"
            )
        # Numbers are unique per (LSP, scheme, year) only if each of these is in them.
        if not FIELDS <= set(named):
            raise ValueError(
                f"certificate number format {self.pattern!r} must contain "
                "{scheme}, {year} and {seq}"
            )
        self.render("KOP-KASIR", 2026, 1)  # a bad format spec fails at start, not at issue

    def render(self, scheme: str, year: int, seq: int) -> str:
        number = self.pattern.format(scheme=scheme, year=year, seq=seq)
        if not 1 <= len(number) <= LONGEST_NUMBER:
            raise ValueError(f"certificate number {number!r} is not 1-{LONGEST_NUMBER} long")
        return number
