"""The installation's decision panels, from the environment: KOMPETEN_DECISION_PANEL (members
for every scheme; 1 when unset) and KOMPETEN_DECISION_PANELS (the schemes that differ, e.g.
"KOP-KASIR=2,KOP-BENDAHARA=3"). A malformed value stops the start."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from certificate.decisions.domain.panel import DEFAULT_PANEL, PanelSizes

SCHEME_CODE = re.compile(r"^[A-Z0-9]{2,12}(-[A-Z0-9]{1,12}){0,5}$")


def panels_from_environment(environ: Mapping[str, str] | None = None) -> PanelSizes:
    env = os.environ if environ is None else environ
    default = env.get("KOMPETEN_DECISION_PANEL", str(DEFAULT_PANEL))
    per_scheme: dict[str, int] = {}
    for entry in filter(
        None, (e.strip() for e in env.get("KOMPETEN_DECISION_PANELS", "").split(","))
    ):
        scheme, _, size = entry.partition("=")
        scheme = scheme.strip()
        if not SCHEME_CODE.match(scheme) or not size.strip().isdigit():
            raise ValueError(f"KOMPETEN_DECISION_PANELS: '{entry}' is not SCHEME-CODE=number")
        per_scheme[scheme] = int(size)
    try:
        return PanelSizes(int(default), per_scheme)
    except ValueError as exc:
        raise ValueError(f"KOMPETEN_DECISION_PANEL(S): {exc}") from exc
