"""Sample forms and a small scheme for registration's unit and application tests: one module on
pytest's pythonpath (tests/support), as the test folders are not one package."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from registration.applications.domain.application_form import ApplicationForm, SelfAssessment
from registration.applications.domain.self_assessment import SchemeFacts

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SCHEME = SchemeFacts(
    "KOP-KASIR", 1, {"K.64KOP00.001.1": ["1", "2"], "K.64KOP00.002.1": ["1"]}, frozenset({"kasir"})
)


def apl01(cooperative_id: UUID | None = None, **overrides: Any) -> ApplicationForm:
    fields: dict[str, Any] = {
        "personal": {
            "full_name": "Ni Made Sari",
            "nik": "5107014506910001",
            "birth_place": "Amlapura",
            "birth_date": date(1991, 6, 5),
            "address": "Jl. Raya Karangasem 1",
            "phone": "081234567890",
            "email": "sari@example.id",
        },
        "education": {"level": "SMA", "institution": "SMAN 1 Amlapura", "graduation_year": 2009},
        "employment": {
            "cooperative_id": cooperative_id or uuid4(),
            "role": "karyawan",
            "occupational_group": "kasir",
        },
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "purpose": "certification",
    }
    fields.update(overrides)
    return ApplicationForm.model_validate(fields)


def apl02(evidence: list[UUID] | None = None, skip: int | None = None) -> SelfAssessment:
    pairs = [(u, e) for u, elements in SCHEME.units.items() for e in elements]
    return SelfAssessment.model_validate(
        {
            "judgements": [
                {
                    "unit_code": u,
                    "element_code": e,
                    "judgement": "K",
                    "evidence_ids": evidence or [],
                }
                for i, (u, e) in enumerate(pairs)
                if i != skip
            ]
        }
    )
