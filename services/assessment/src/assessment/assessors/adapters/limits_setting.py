"""The installation's limits of candidates per assessor per session, from the environment:
KOMPETEN_ASSESSOR_LIMIT (every scheme; 10 when unset) and KOMPETEN_ASSESSOR_LIMITS (the
schemes that differ, e.g. "KOP-KASIR=15,KOP-BENDAHARA=8"). A malformed value stops the start."""

from __future__ import annotations

import os
from collections.abc import Mapping

from assessment.assessors.domain.limits import DEFAULT_CANDIDATES_PER_ASSESSOR, CandidateLimits
from assessment.shared.domain.codes import check_scheme_code


def limits_from_environment(environ: Mapping[str, str] | None = None) -> CandidateLimits:
    env = os.environ if environ is None else environ
    default = env.get("KOMPETEN_ASSESSOR_LIMIT", str(DEFAULT_CANDIDATES_PER_ASSESSOR))
    per_scheme: dict[str, int] = {}
    for entry in filter(
        None, (e.strip() for e in env.get("KOMPETEN_ASSESSOR_LIMITS", "").split(","))
    ):
        scheme, _, limit = entry.partition("=")
        try:
            per_scheme[check_scheme_code(scheme.strip())] = int(limit)
        except ValueError as exc:  # a Refusal is a ValueError too
            raise ValueError(
                f"KOMPETEN_ASSESSOR_LIMITS: '{entry}' is not SCHEME-CODE=number"
            ) from exc
    try:
        return CandidateLimits(int(default), per_scheme)
    except ValueError as exc:
        raise ValueError(f"KOMPETEN_ASSESSOR_LIMIT(S): {exc}") from exc
