"""How many decision makers an LSP's certification decision takes, per scheme: a default for
every scheme (1) and the schemes that differ, set by the installation
(adapters.panel_setting)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_PANEL = 1
LARGEST_PANEL = 9


@dataclass(frozen=True)
class PanelSizes:
    default: int = DEFAULT_PANEL
    per_scheme: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for scheme, size in {"default": self.default, **self.per_scheme}.items():
            if not 1 <= size <= LARGEST_PANEL:
                raise ValueError(
                    f"the decision panel for {scheme} must have 1-{LARGEST_PANEL} members, "
                    f"not {size}"
                )

    def for_scheme(self, scheme_code: str) -> int:
        return self.per_scheme.get(scheme_code, self.default)
