"""Seed data for a catalogue that a newcomer can use at once: the cooperative certification
schemes (Bahasa Indonesia) and demo cooperatives of Karangasem (district 5107, Bali).

Seeding goes through the same command handlers as the API, so every fact is an event in the
log. It is idempotent: a scheme whose latest published version already says the same is left
alone (one that differs gets a new version), and a cooperative is a replay of its legal number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from registration.catalogue.application.register_cooperative import RegisterCooperativeRequest
from registration.catalogue.domain.scheme_content import SchemeContent
from registration.seed.cooperatives import DEMO_COOPERATIVES

SEED_ACTOR = UUID("00000000-0000-4000-8000-000000005eed")
NAMESPACE = UUID("2c4b9f3e-8d1a-4e6b-9c0f-5a7d3e1b2f60")


@dataclass(frozen=True)
class SeedReport:
    schemes_published: int
    cooperatives_registered: int
    lsps: dict[str, UUID] = field(default_factory=dict)  # code -> id

    @property
    def changed(self) -> bool:
        return bool(self.schemes_published or self.cooperatives_registered)


def scheme_contents() -> list[tuple[str, SchemeContent]]:
    data = json.loads((Path(__file__).parent / "schemes.json").read_text(encoding="utf-8"))
    return [
        (scheme["code"], _content(scheme, data["common_requirements"]))
        for scheme in data["schemes"]
    ]


def _content(scheme: dict[str, Any], common: list[str]) -> SchemeContent:
    units = [
        {
            "code": code,
            "title": title,
            "elements": [
                {
                    "code": str(e),
                    "title": element_title,
                    "criteria": [
                        {"code": f"{e}.{k}", "text": text}
                        for k, text in enumerate(criteria, start=1)
                    ],
                }
                for e, (element_title, criteria) in enumerate(elements, start=1)
            ],
        }
        for code, title, elements in scheme["units"]
    ]
    return SchemeContent.model_validate(
        {
            "title": scheme["title"],
            "brochure": scheme["brochure"],
            "basic_requirements": [*common, *scheme["extra"]],
            "occupational_groups": scheme["groups"],
            "cooperative_kinds": scheme["kinds"],
            "units": units,
        }
    )


# Two certification bodies share the platform in the demo: each is its own tenant.
DEMO_LSPS = (
    ("LSP-KOPERASI-BALI", "LSP Koperasi Bali", "BNSP-LSP-0451-ID"),
    ("LSP-KOPERASI-NUSANTARA", "LSP Perkoperasian Nusantara", "BNSP-LSP-0132-ID"),
)


def demo_lsp_id(code: str) -> UUID:
    """Fixed for the demo LSPs, so the demo can sign tokens for their staff."""
    return uuid5(NAMESPACE, code)


async def seed(catalogue: Any) -> SeedReport:
    lsps = {code: await catalogue.lsps.register(code, name, licence, demo_lsp_id(code))
            for code, name, licence in DEMO_LSPS}  # fmt: skip
    published = 0
    for code, content in scheme_contents():
        owner = demo_lsp_id(scheme_owner(code))
        published += await _seed_scheme(catalogue.schemes, code, content, owner)
    registered = 0
    for name, kind, legal_number in DEMO_COOPERATIVES:
        result = await catalogue.register_cooperative(
            RegisterCooperativeRequest(
                name=name,
                kind=kind,
                legal_number=legal_number,
                district_code="5107",
                province_code="51",
                cooperative_id=uuid5(NAMESPACE, legal_number),
            ),
            SEED_ACTOR,
        )
        registered += not result.replayed
    return SeedReport(published, registered, lsps)


def scheme_owner(scheme_code: str) -> str:
    """Which demo LSP a seeded scheme belongs to: the savings-and-loan and sharia schemes to
    the second, every other to the first."""
    second = ("KSP", "SYARIAH", "KSPPS")
    return DEMO_LSPS[1 if any(part in scheme_code for part in second) else 0][0]


async def _seed_scheme(schemes: Any, code: str, content: SchemeContent, lsp_id: UUID) -> int:
    state, _ = await schemes.state(code)
    if state.code is None:
        version = await schemes.draft(code, content, SEED_ACTOR, lsp_id)
    else:
        latest = state.versions[-1]
        if latest.content == content and latest.published:
            return 0
        version = latest.number
        if latest.published:
            version = await schemes.draft_next(code, SEED_ACTOR, lsp_id)
        if latest.content != content:
            await schemes.revise(code, version, content, SEED_ACTOR, lsp_id)
    await schemes.publish(code, version, SEED_ACTOR, lsp_id)
    return 1
