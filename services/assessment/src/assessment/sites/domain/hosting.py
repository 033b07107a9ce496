"""May a test site host an assessment of a scheme on a date? Planning asks before it places a
session at a site: only a site its LSP has verified, within the verification's validity, with an
equipment checklist for the scheme, and with the seats the session needs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from assessment.sites.domain.site import TestSite
from kompeten_contracts.errors import Kind, Problem, Refusal, not_found


def site_can_host(
    site: TestSite, scheme_code: str, on_date: date, seats: int | None = None
) -> Refusal | None:
    """None when it may; otherwise a refusal (409) naming every reason, in both languages."""
    if site.registered is None:
        return not_found("site_id", "TUK tidak ditemukan", "no such test site")
    problems = list(_problems(site, scheme_code, on_date, seats))
    return Refusal(problems, Kind.CONFLICT) if problems else None


def _problems(
    site: TestSite, scheme_code: str, on_date: date, seats: int | None
) -> Iterator[Problem]:
    assert site.registered is not None
    verification = site.verification
    if verification is None:
        yield Problem(
            "site_id",
            "TUK belum diverifikasi oleh LSP",
            "the test site has not been verified by the LSP",
        )
    elif on_date < verification.verified_on:
        yield Problem(
            "site_id",
            f"TUK baru terverifikasi sejak {verification.verified_on.isoformat()}",
            f"the test site is verified only from {verification.verified_on.isoformat()}",
        )
    elif on_date > verification.valid_until:
        yield Problem(
            "site_id",
            f"verifikasi TUK berakhir pada {verification.valid_until.isoformat()}",
            f"the test site's verification expired on {verification.valid_until.isoformat()}",
        )
    if scheme_code not in site.equipment:
        yield Problem(
            "scheme_code",
            f"TUK belum memiliki daftar peralatan untuk skema {scheme_code}",
            f"the test site has no equipment checklist for scheme {scheme_code}",
        )
    capacity = site.registered.capacity
    if seats is not None and seats > capacity:
        yield Problem(
            "capacity",
            f"TUK hanya memuat {capacity} peserta",
            f"the test site seats only {capacity}",
        )
