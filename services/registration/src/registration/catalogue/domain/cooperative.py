"""The cooperative (koperasi) aggregate: one stream per cooperative in the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import conflict, invalid
from registration.candidates.domain.nik import PROVINCE_CODES
from registration.catalogue.domain.cooperative_terms import CooperativeKind

LEGAL_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9./\- ]{3,78}[A-Z0-9]$")


class RegisterCooperative(BaseModel):
    model_config = ConfigDict(frozen=True)

    cooperative_id: UUID
    name: str
    kind: CooperativeKind
    legal_number: str
    district_code: str
    province_code: str
    registered_by: UUID
    registered_at: datetime


class CooperativeRegistered(BaseModel):
    model_config = ConfigDict(frozen=True)

    cooperative_id: UUID
    name: str
    kind: CooperativeKind
    legal_number: str
    district_code: str
    province_code: str
    registered_by: UUID
    registered_at: datetime


CooperativeEvent = CooperativeRegistered
EVENTS: tuple[type[CooperativeEvent], ...] = (CooperativeRegistered,)


@dataclass(frozen=True)
class Cooperative:
    registered: CooperativeRegistered | None = None


def stream_id(cooperative_id: UUID) -> str:
    return f"cooperative-{cooperative_id}"


def normalise_legal_number(raw: str) -> str:
    return " ".join(raw.upper().split())


def decide_register(state: Cooperative, command: RegisterCooperative) -> list[CooperativeEvent]:
    if state.registered is not None:
        raise conflict(
            "cooperative_id", "koperasi ini sudah terdaftar", "this cooperative is registered"
        )
    name = " ".join(command.name.split())
    if not 3 <= len(name) <= 200:
        raise invalid("name", "nama koperasi 3-200 karakter", "name must be 3-200 characters")
    legal_number = normalise_legal_number(command.legal_number)
    if not LEGAL_NUMBER.match(legal_number) or not any(c.isdigit() for c in legal_number):
        raise invalid(
            "legal_number",
            "nomor badan hukum tidak sesuai format (huruf, angka, . / -)",
            "legal number is malformed (letters, digits, . / -)",
        )
    _check_region(command.district_code, command.province_code)
    return [
        CooperativeRegistered(
            **command.model_dump(exclude={"name", "legal_number"}),
            name=name,
            legal_number=legal_number,
        )
    ]


def _check_region(district_code: str, province_code: str) -> None:
    if len(province_code) != 2 or not province_code.isdigit():
        raise invalid(
            "province_code", "kode provinsi harus 2 digit", "province code must be 2 digits"
        )
    if province_code not in PROVINCE_CODES:
        raise invalid(
            "province_code",
            f"kode provinsi {province_code} tidak dikenal",
            f"unknown province code {province_code}",
        )
    if len(district_code) != 4 or not district_code.isdigit() or district_code[2:] == "00":
        raise invalid(
            "district_code",
            "kode kabupaten/kota harus 4 digit (Kemendagri)",
            "district code must be 4 digits (Kemendagri)",
        )
    if not district_code.startswith(province_code):
        raise invalid(
            "district_code",
            f"kabupaten/kota {district_code} tidak berada di provinsi {province_code}",
            f"district {district_code} is not in province {province_code}",
        )


def evolve(state: Cooperative, event: CooperativeEvent) -> Cooperative:
    return Cooperative(registered=event)
