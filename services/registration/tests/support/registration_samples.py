"""The one builder of APL-01/APL-02 samples for registration's tests, as models (unit and
application tests) and as the JSON a phone sends (integration tests), over one small scheme:
a module on pytest's pythonpath (tests/support), as the test folders are not one package."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from registration.applications.domain.application_form import ApplicationForm, SelfAssessment
from registration.applications.domain.self_assessment import SchemeFacts

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# The scheme's units and elements, as registration_catalogue.KASIR publishes them.
UNITS = {"K.64KOP00.001.1": ["1", "2"], "K.64KOP00.002.1": ["1"]}
SCHEME = SchemeFacts("KOP-KASIR", 1, UNITS, frozenset({"kasir"}))


def _form(cooperative_id: UUID) -> dict[str, Any]:
    return {
        "personal": {
            "full_name": "Ni Made Sari",
            "nik": "5107014506910001",
            "birth_place": "Amlapura",
            "birth_date": "1991-06-05",
            "address": "Jl. Raya Karangasem 1",
            "phone": "081234567890",
            "email": "sari@example.id",
        },
        "education": {"level": "SMA", "institution": "SMAN 1 Amlapura", "graduation_year": 2009},
        "employment": {
            "cooperative_id": str(cooperative_id),
            "role": "karyawan",
            "occupational_group": "kasir",
        },
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "purpose": "certification",
    }


def apl01_json(cooperative_id: UUID, **overrides: object) -> dict[str, object]:
    """APL-01 as the phone sends it (with a reasonable-adjustment need)."""
    return {**_form(cooperative_id), "adjustment_needs": ["vision"], **overrides}


def apl01(cooperative_id: UUID | None = None, **overrides: Any) -> ApplicationForm:
    return ApplicationForm.model_validate({**_form(cooperative_id or uuid4()), **overrides})


def _judgements(evidence: list[Any], skip: int | None) -> list[dict[str, Any]]:
    pairs = [(u, e) for u, elements in UNITS.items() for e in elements]
    return [
        {"unit_code": u, "element_code": e, "judgement": "K", "evidence_ids": evidence}
        for i, (u, e) in enumerate(pairs)
        if i != skip
    ]


def apl02_json(evidence_ids: list[str] | None = None) -> dict[str, object]:
    """APL-02 as the phone sends it: competent on every element of the scheme."""
    return {"judgements": _judgements(list(evidence_ids or []), None)}


def apl02(evidence: list[UUID] | None = None, skip: int | None = None) -> SelfAssessment:
    return SelfAssessment.model_validate({"judgements": _judgements(list(evidence or []), skip)})
