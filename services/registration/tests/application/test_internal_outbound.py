"""The personal-data relay's mapper: an accepted application's sealed holder details go to the
internal topic as they were sealed (never opened, never on the public topic); an acceptance
without them, and every other event, sends nothing there. Acceptance seals only the printed
fields, under the candidate's own key."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

from eventkit.pii import InMemoryVault
from eventkit.store import InMemoryEventStore, RecordedEvent
from kompeten_contracts.internal import HOLDER_FIELDS, HolderDetailsSealedV1
from registration.applications.application.verify_application import sealed_holder
from registration.applications.domain.application import Application, Status
from registration.applications.domain.application_events import (
    ApplicationAccepted,
    ApplicationSubmitted,
)
from registration.shared.adapters.internal_outbound import to_internal
from registration.shared.adapters.outbound import to_public
from registration.shared.application.events import REGISTRY

AT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
PERSONAL = {"full_name": "Ni Made Sukerti", "nik": "5107015203880002", "birth_place": "Amlapura",
            "birth_date": date(1988, 3, 12).isoformat(), "address": "Jl. Ngurah Rai",
            "phone": "081200000000", "email": "sukerti@example.id"}  # fmt: skip


async def recorded(event: Any) -> RecordedEvent:
    [row] = await InMemoryEventStore().append("s", 0, [REGISTRY.to_new(event)])
    return row


def accepted(holder: dict[str, Any] | None) -> ApplicationAccepted:
    return ApplicationAccepted(
        application_id=uuid4(), candidate_id=uuid4(), accepted_by=uuid4(), accepted_at=AT,
        scheme_code="KOP-KASIR", scheme_version=1, occupational_group="kasir",
        cooperative_id=uuid4(), district_code="5107", adjustment_needs=[], lsp_id=uuid4(),
        holder=holder,
    )  # fmt: skip


async def test_the_sealed_holder_goes_to_the_internal_topic_only() -> None:
    blob = {"v": 1, "subject": str(uuid4()), "nonce": "bm9uY2U=", "ciphertext": "c2VhbGVk"}
    event = accepted(blob)
    row = await recorded(event)
    [internal] = to_internal(row)
    assert isinstance(internal, HolderDetailsSealedV1)
    assert (internal.candidate_id, internal.sealed) == (event.candidate_id, blob)
    [public] = to_public(row)
    assert "holder" not in public.model_dump() and "c2VhbGVk" not in json.dumps(
        public.model_dump(mode="json")
    )
    assert to_internal(await recorded(accepted(None))) == []


async def test_acceptance_seals_only_the_printed_fields_under_the_persons_key() -> None:
    vault, candidate = InMemoryVault(b"k" * 32), uuid4()
    sealed = await vault.seal(None, candidate, {"personal": json.dumps(PERSONAL)})
    submitted = ApplicationSubmitted(
        application_id=uuid4(), candidate_id=candidate, submission=1, submitted_at=AT,
        scheme_code="KOP-KASIR", scheme_version=1, purpose="certification",
        cooperative_id=uuid4(), district_code="5107", role="karyawan",
        occupational_group="kasir", evidence_ids=[], adjustment_needs=[], judgements=[],
        sealed=sealed,
    )  # fmt: skip
    state = Application(submitted.application_id, candidate, Status.SUBMITTED, 1, None, submitted)
    holder = await sealed_holder(SimpleNamespace(vault=vault), state, None)  # type: ignore[arg-type]
    assert "Sukerti" not in json.dumps(holder)
    opened = await vault.open(None, candidate, holder)
    assert opened == {name: PERSONAL[name] for name in HOLDER_FIELDS}  # no NIK, no contacts
    await vault.erase(None, candidate)
    assert await vault.open(None, candidate, holder) is None
