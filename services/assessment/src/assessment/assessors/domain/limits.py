"""How many candidates one assessor may take in one session, per scheme: a default for every
scheme (10) and the schemes that differ, set by the installation (adapters.limits_setting).
Planning checks it as it assigns candidates to a session's assessors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assessment.assessors.domain.blocking import Block, BlockingReason

DEFAULT_CANDIDATES_PER_ASSESSOR = 10
MOST_CANDIDATES_PER_ASSESSOR = 100


@dataclass(frozen=True)
class CandidateLimits:
    default: int = DEFAULT_CANDIDATES_PER_ASSESSOR
    per_scheme: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for scheme, limit in {"default": self.default, **self.per_scheme}.items():
            if not 1 <= limit <= MOST_CANDIDATES_PER_ASSESSOR:
                raise ValueError(
                    f"the limit of candidates per assessor for {scheme} must be "
                    f"1-{MOST_CANDIDATES_PER_ASSESSOR}, not {limit}"
                )

    def for_scheme(self, scheme_code: str) -> int:
        return self.per_scheme.get(scheme_code, self.default)

    def over_limit(self, scheme_code: str, candidates: int) -> BlockingReason | None:
        """`candidates`: how many the assessor would have in the session with this assignment."""
        limit = self.for_scheme(scheme_code)
        if candidates <= limit:
            return None
        return BlockingReason(
            Block.OVER_LIMIT,
            f"asesor sudah mencapai batas {limit} kandidat per sesi untuk skema {scheme_code}",
            f"the assessor has reached the limit of {limit} candidates per session "
            f"for scheme {scheme_code}",
        )
