"""What a version of a certification scheme says: units, elements, performance criteria (KUK),
basic requirements, the occupational groups it fits and the brochure a candidate reads."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from kompeten_contracts.errors import invalid
from registration.catalogue.domain.cooperative_terms import CooperativeKind, OccupationalGroup

UNIT_CODE = r"^[A-Z]{1,3}\.[0-9]{2}[A-Z0-9]{2,6}\.[0-9]{3}\.[0-9]{1,2}$"
SCHEME_CODE = r"^[A-Z0-9]{2,12}(-[A-Z0-9]{1,12}){0,5}$"
Text = Field(min_length=1, max_length=2000)


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PerformanceCriterion(_Part):
    code: str = Field(pattern=r"^[0-9]{1,2}\.[0-9]{1,2}$", description="e.g. 1.2")
    text: str = Text


class Element(_Part):
    code: str = Field(pattern=r"^[0-9]{1,2}$", description="e.g. 1")
    title: str = Field(min_length=1, max_length=300)
    criteria: tuple[PerformanceCriterion, ...] = Field(default=(), max_length=30)


class Unit(_Part):
    code: str = Field(pattern=UNIT_CODE, description="SKKNI unit code, e.g. M.649000.001.01")
    title: str = Field(min_length=1, max_length=300)
    elements: tuple[Element, ...] = Field(default=(), max_length=20)


class SchemeContent(_Part):
    title: str = Field(min_length=3, max_length=300)
    brochure: str = Field(default="", max_length=20000, description="Bahasa Indonesia")
    basic_requirements: tuple[str, ...] = Field(default=(), max_length=30)
    occupational_groups: tuple[OccupationalGroup, ...] = Field(default=(), max_length=20)
    cooperative_kinds: tuple[CooperativeKind, ...] = Field(default=(), max_length=4)
    units: tuple[Unit, ...] = Field(default=(), max_length=40)


def check_consistent(content: SchemeContent) -> None:
    _unique((u.code for u in content.units), "units", "kode unit", "unit code")
    for i, unit in enumerate(content.units):
        where = f"units.{i}.elements"
        _unique((e.code for e in unit.elements), where, "kode elemen", "element code")
        for j, element in enumerate(unit.elements):
            for k, criterion in enumerate(element.criteria):
                if criterion.code.split(".")[0] != element.code:
                    raise invalid(
                        f"{where}.{j}.criteria.{k}.code",
                        f"KUK {criterion.code} bukan bagian dari elemen {element.code}",
                        f"criterion {criterion.code} does not belong to element {element.code}",
                    )


def check_complete(content: SchemeContent) -> None:
    required = [
        (not content.brochure.strip(), "brochure", "brosur", "the brochure"),
        (not content.basic_requirements, "basic_requirements", "persyaratan dasar",
         "basic requirements"),
        (not content.occupational_groups, "occupational_groups", "kelompok jabatan",
         "occupational groups"),
        (not content.units, "units", "unit kompetensi", "competency units"),
    ]  # fmt: skip
    for missing, field, what_id, what_en in required:
        if missing:
            raise invalid(
                field, f"{what_id} wajib diisi sebelum terbit", f"{what_en} required to publish"
            )
    for i, unit in enumerate(content.units):
        if not unit.elements:
            raise invalid(f"units.{i}.elements", "unit harus punya elemen", "unit has no elements")
        for j, element in enumerate(unit.elements):
            if not element.criteria:
                raise invalid(
                    f"units.{i}.elements.{j}.criteria",
                    "elemen harus punya kriteria unjuk kerja (KUK)",
                    "element has no performance criteria",
                )


def _unique(codes: Iterable[str], field: str, what_id: str, what_en: str) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise invalid(
                f"{field}.{index}.code", f"{what_id} {code} ganda", f"duplicate {what_en} {code}"
            )
        seen.add(code)
