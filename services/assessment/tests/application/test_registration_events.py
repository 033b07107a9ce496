"""Assessment's subscriber routes registration events to its policies (in-memory read models)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from bank_samples import scheme_event

from assessment.consumers.registration_events import registration_events
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.intake.application.ports import PooledCandidate
from assessment.intake.application.scheme_version_published import PublishedSchemeVersion
from eventkit.inbox import InboundMessage
from kompeten_contracts import Envelope, encode
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.base import PublicEvent

AT = datetime(2026, 11, 23, 9, tzinfo=UTC)


class Pool:
    def __init__(self) -> None:
        self.rows: list[Any] = []

    async def add(self, tx: Any, row: Any) -> None:
        self.rows.append(row)

    async def get(self, key: UUID) -> Any:
        return None

    async def in_district(self, district_code: str, limit: int) -> list[Any]:
        return []


class Root:
    """Stands in for the started AssessmentService: its read models, in memory."""

    def __init__(self, candidates: Pool, accepted: Pool, schemes: Pool | None = None) -> None:
        self.candidates, self.applications = candidates, accepted
        self.scheme_versions = schemes or Pool()

    def schemes(self) -> Pool:
        return self.scheme_versions

    def pooled(self) -> Pool:
        return self.candidates

    def accepted(self) -> Pool:
        return self.applications


def message(event: PublicEvent, subject: str) -> InboundMessage:
    envelope = Envelope(
        id=uuid4(), source=event.source(), type=event.ce_type(), time=AT, subject=subject
    )
    return InboundMessage(envelope, subject, encode(event), "kompeten.registration.events", 0, 0)


async def test_an_accepted_application_lands_among_those_awaiting_planning() -> None:
    candidates, accepted = Pool(), Pool()
    event = ApplicationAcceptedV1(
        application_id=uuid4(),
        candidate_id=uuid4(),
        scheme_code="KOP-KASIR",
        scheme_version=1,
        occupational_group="kasir",
        cooperative_id=uuid4(),
        district_code="5107",
        adjustment_needs=["vision"],
        accepted_at=AT,
    )
    await registration_events.handler(Root(candidates, accepted))(
        None, message(event, f"application-{event.application_id}")
    )
    assert candidates.rows == []
    (row,) = accepted.rows
    assert isinstance(row, AcceptedApplication) and row.application_id == event.application_id
    assert (row.district_code, row.adjustment_needs) == ("5107", ["vision"])
    assert not isinstance(row, PooledCandidate)


async def test_a_published_scheme_version_is_kept_with_its_units_and_owner() -> None:
    schemes, lsp_id = Pool(), uuid4()
    event = scheme_event("KOP-KASIR", lsp_id)
    root = Root(Pool(), Pool(), schemes)
    await registration_events.handler(root)(None, message(event, "scheme-KOP-KASIR"))
    (row,) = schemes.rows
    assert isinstance(row, PublishedSchemeVersion)
    assert (row.scheme_code, row.version, row.lsp_id) == ("KOP-KASIR", 1, lsp_id)
    assert row.unit_codes == [u.code for u in event.units]
    assert row.units[0]["elements"][0]["criteria"][1] == {"code": "1.2", "text": "Uang dihitung"}
