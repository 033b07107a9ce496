"""How long after a recommendation is published its candidate may appeal it: a number of days
for every scheme (14) and the schemes that differ, set by the installation
(adapters.window_setting)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

DEFAULT_APPEAL_DAYS = 14
LONGEST_APPEAL_DAYS = 90


@dataclass(frozen=True)
class AppealWindows:
    default_days: int = DEFAULT_APPEAL_DAYS
    per_scheme: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for scheme, days in {"default": self.default_days, **self.per_scheme}.items():
            if not 1 <= days <= LONGEST_APPEAL_DAYS:
                raise ValueError(
                    f"the appeal window for {scheme} must be 1-{LONGEST_APPEAL_DAYS} days, "
                    f"not {days}"
                )

    def days_for(self, scheme_code: str) -> int:
        return self.per_scheme.get(scheme_code, self.default_days)

    def closes_at(self, scheme_code: str, recommended_at: datetime) -> datetime:
        return recommended_at + timedelta(days=self.days_for(scheme_code))
