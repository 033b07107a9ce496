"""The installation's appeal windows, from the environment: KOMPETEN_APPEAL_WINDOW_DAYS (every
scheme; 14 when unset) and KOMPETEN_APPEAL_WINDOWS (the schemes that differ, e.g.
"KOP-KASIR=30,KOP-BENDAHARA=7"). A malformed value stops the start."""

from __future__ import annotations

import os
from collections.abc import Mapping

from assessment.appeals.domain.window import DEFAULT_APPEAL_DAYS, AppealWindows
from assessment.shared.domain.codes import check_scheme_code


def windows_from_environment(environ: Mapping[str, str] | None = None) -> AppealWindows:
    env = os.environ if environ is None else environ
    default = env.get("KOMPETEN_APPEAL_WINDOW_DAYS", str(DEFAULT_APPEAL_DAYS))
    per_scheme: dict[str, int] = {}
    for entry in filter(
        None, (e.strip() for e in env.get("KOMPETEN_APPEAL_WINDOWS", "").split(","))
    ):
        scheme, _, days = entry.partition("=")
        try:
            per_scheme[check_scheme_code(scheme.strip())] = int(days)
        except ValueError as exc:  # a Refusal is a ValueError too
            raise ValueError(f"KOMPETEN_APPEAL_WINDOWS: '{entry}' is not SCHEME-CODE=days") from exc
    try:
        return AppealWindows(int(default), per_scheme)
    except ValueError as exc:
        raise ValueError(f"KOMPETEN_APPEAL_WINDOW_DAYS / _WINDOWS: {exc}") from exc
