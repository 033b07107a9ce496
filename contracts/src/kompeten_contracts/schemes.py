"""Public events of the scheme catalogue, published by registration (topic
kompeten.registration.events). A published version never changes, so its event carries the
version's full content: a consumer builds its own copy of the catalogue from these alone."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.base import PublicEvent


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True)


class PerformanceCriterionV1(_Part):
    """A performance criterion (kriteria unjuk kerja, KUK) of an element."""

    code: str = Field(description="e.g. 1.2: element 1, criterion 2")
    text: str = Field(description="Bahasa Indonesia")


class SchemeElementV1(_Part):
    code: str = Field(description="Element number within its unit, e.g. 1")
    title: str
    criteria: list[PerformanceCriterionV1]


class SchemeUnitV1(_Part):
    """A unit of competency (unit kompetensi), coded as in the national standard (SKKNI)."""

    code: str = Field(description="SKKNI unit code, e.g. M.649000.001.01")
    title: str
    elements: list[SchemeElementV1]


class SchemeVersionPublishedV1(PublicEvent):
    """A version of a certification scheme (skema sertifikasi) was published; it is immutable.
    A later version of the same scheme is another event with a higher `version`."""

    service: ClassVar[str] = "registration"
    name: ClassVar[str] = "SchemeVersionPublished"
    version: ClassVar[int] = 1

    scheme_code: str = Field(description="Stable code of the scheme, e.g. KOP-KASIR")
    scheme_version: int = Field(ge=1, description="Version number within the scheme")
    title: str = Field(description="Title of the scheme, Bahasa Indonesia")
    brochure: str = Field(description="Brochure text a candidate reads before applying")
    basic_requirements: list[str] = Field(description="Persyaratan dasar of candidates")
    occupational_groups: list[str] = Field(
        description="Occupational groups the scheme fits, e.g. kasir, bendahara, juru_tulis"
    )
    cooperative_kinds: list[str] = Field(
        description="Kinds of cooperative it is meant for, e.g. ksp_usp, kspps_uspps"
    )
    units: list[SchemeUnitV1]
    published_at: datetime
    lsp_id: UUID | None = Field(
        default=None,
        description="The certification body (LSP) whose scheme it is: opaque id; absent on "
        "versions published before schemes had an owner",
    )
