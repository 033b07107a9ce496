"""The outbound mapper on recorded events: each published private event becomes its public
contract carrying exactly the recorded values, the rest of the log stays inside."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from eventkit.store import InMemoryEventStore, RecordedEvent
from kompeten_contracts.registry import encode
from registration.applications.domain.application_events import ApplicationAccepted, DraftSaved
from registration.candidates.domain.candidate import (
    Affiliation,
    CandidateErased,
    CandidateRegistered,
)
from registration.catalogue.domain.cooperative_terms import CooperativeRole, OccupationalGroup
from registration.catalogue.domain.scheme import SchemeDraftRevised, SchemeVersionPublished
from registration.identity.domain.account import AccountOpened
from registration.seed import scheme_contents
from registration.shared.adapters.outbound import to_public
from registration.shared.application.events import REGISTRY

AT = datetime(2026, 11, 23, 8, 30, 15, 123456, tzinfo=UTC)


async def recorded(event: Any) -> RecordedEvent:
    [row] = await InMemoryEventStore().append("s", 0, [REGISTRY.to_new(event)])
    return row


def published(row: RecordedEvent) -> list[dict[str, Any]]:
    """What the relay sends: each public event's type and its record value."""
    return [{"type": p.ce_type(), **json.loads(encode(p))} for p in to_public(row)]


async def test_a_registration_is_published_without_personal_data() -> None:
    candidate = uuid4()
    affiliation = Affiliation(cooperative_id=uuid4(), role=CooperativeRole("pengurus"),
                              occupational_group=OccupationalGroup("bendahara"))  # fmt: skip
    row = await recorded(CandidateRegistered(candidate_id=candidate, district_code="5107",
        nik_hash="secret-hash", personal={"sealed": "x"}, registered_at=AT,
        affiliation=affiliation))  # fmt: skip

    assert published(row) == [
        {"type": "id.kompeten.registration.CandidateRegistered.v1",
         "candidate_id": str(candidate), "district_code": "5107",
         "registered_at": row.data["registered_at"]}
    ]  # fmt: skip


async def test_an_erasure_and_an_acceptance_carry_the_recorded_values() -> None:
    erased = await recorded(CandidateErased(candidate_id=uuid4(), erased_at=AT,
                                            requested_by=uuid4()))  # fmt: skip
    accepted = await recorded(ApplicationAccepted(application_id=uuid4(), candidate_id=uuid4(),
        accepted_by=uuid4(), accepted_at=AT, scheme_code="KOP-KASIR", scheme_version=2,
        occupational_group="kasir", cooperative_id=uuid4(), district_code="5107",
        adjustment_needs=["vision"], lsp_id=uuid4()))  # fmt: skip

    [gone] = published(erased)
    assert gone == {"type": "id.kompeten.registration.CandidateErased.v1",
                    "candidate_id": erased.data["candidate_id"],
                    "erased_at": erased.data["erased_at"]}  # fmt: skip
    [acceptance] = published(accepted)
    kept = ("application_id", "candidate_id", "scheme_code", "scheme_version",
            "occupational_group", "cooperative_id", "district_code", "adjustment_needs",
            "accepted_at", "lsp_id")  # fmt: skip
    assert acceptance == {"type": "id.kompeten.registration.ApplicationAccepted.v1",
                          **{k: accepted.data[k] for k in kept}}  # fmt: skip


async def test_a_published_scheme_version_carries_its_whole_recorded_content() -> None:
    code, content = scheme_contents()[0]
    lsp = uuid4()
    row = await recorded(SchemeVersionPublished(scheme_code=code, actor=uuid4(), at=AT,
                                                version=3, content=content,
                                                lsp_id=lsp))  # fmt: skip

    [scheme] = published(row)
    recorded_content = row.data["content"]
    assert scheme == {"type": "id.kompeten.registration.SchemeVersionPublished.v1",
                      "scheme_code": code, "scheme_version": 3,
                      "published_at": row.data["at"], "lsp_id": str(lsp),
                      **recorded_content}  # fmt: skip


async def test_what_stays_inside_is_not_published() -> None:
    code, content = scheme_contents()[0]
    inside = [
        AccountOpened(account_id=uuid4(), role="candidate", personal={}, opened_by=None,
                      opened_at=AT),
        DraftSaved(application_id=uuid4(), sealed={}, fingerprint="f", saved_at=AT),
        SchemeDraftRevised(scheme_code=code, actor=uuid4(), at=AT, version=1, content=content),
    ]  # fmt: skip
    for event in inside:
        assert to_public(await recorded(event)) == []
