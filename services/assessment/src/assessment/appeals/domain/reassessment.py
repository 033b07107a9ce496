"""When an application may be assessed again, and as which attempt: a first attempt when it
has none; after that, a new attempt (the previous number plus one) only when the latest one was
recommended BK, or an appeal against its recommendation was upheld. The old attempts and their
recommendations stay on record; an attempt of a cancelled session does not count."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class PriorAttempt:
    attempt_id: UUID
    attempt_no: int
    overall: str | None  # "K" / "BK" once recommended
    upheld: bool  # an appeal against its recommendation was upheld


@dataclass(frozen=True)
class NextAttempt:
    attempt_no: int
    refused: tuple[str, str] | None = None  # (reason_id, reason_en)


def next_attempt(attempts: list[PriorAttempt]) -> NextAttempt:
    if not attempts:
        return NextAttempt(1)
    latest = max(attempts, key=lambda a: a.attempt_no)
    n = latest.attempt_no
    if latest.upheld or latest.overall == "BK":
        return NextAttempt(n + 1)
    if latest.overall is None:
        return NextAttempt(n + 1, (
            f"asesmen ke-{n} belum memiliki rekomendasi",
            f"attempt {n} has no recommendation yet",
        ))  # fmt: skip
    return NextAttempt(n + 1, (
        f"sudah direkomendasikan K pada asesmen ke-{n}; asesmen ulang hanya setelah BK "
        "atau banding yang diterima",
        f"already recommended K in attempt {n}; a re-assessment needs a BK or an upheld appeal",
    ))  # fmt: skip
