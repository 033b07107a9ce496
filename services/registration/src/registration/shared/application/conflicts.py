"""Registration's own lost races: what a refusal names when an application or a scheme changed
concurrently (eventkit.conflicts answers the race)."""

from __future__ import annotations

from eventkit.conflicts import Race

APPLICATION = Race(
    "application_id",
    "permohonan sedang diubah bersamaan; coba lagi",
    "the application changed concurrently; try again",
)
SCHEME = Race(
    "scheme_code",
    "skema sedang diubah orang lain; coba lagi",
    "the scheme changed concurrently; try again",
)
