"""The relay's mapping of certificate's log to its public contracts: each decision and each
change of a certificate becomes its public event with the recorded values and nothing
personal; a member's judgement stays inside."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from certificate.decisions.domain.decision import CertificationDecided, MemberJudged
from certificate.issuance.domain import certificate_events as e
from certificate.shared.adapters.outbound import to_public
from certificate.shared.application.events import REGISTRY
from certificate.shared.domain.outcomes import Outcome, UnitOutcome
from eventkit.store import InMemoryEventStore, RecordedEvent
from kompeten_contracts.registry import encode

AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
HOLDER, LSP, CERTIFICATE, ADMIN = uuid4(), uuid4(), uuid4(), uuid4()


async def published(event: Any) -> list[dict[str, Any]]:
    [row] = await InMemoryEventStore().append("s", 0, [REGISTRY.to_new(event)])
    assert isinstance(row, RecordedEvent)
    return [{"type": p.ce_type(), **json.loads(encode(p))} for p in to_public(row)]


def change(**fields: Any) -> dict[str, Any]:
    return {"certificate_id": CERTIFICATE, "candidate_id": HOLDER, "lsp_id": LSP,
            "actor_id": ADMIN, "actor_role": e.ActorRole.LSP_ADMIN, "at": AT, **fields}  # fmt: skip


async def test_the_decision_is_public_and_a_members_judgement_is_not() -> None:
    attempt, member = uuid4(), uuid4()
    decided = CertificationDecided(
        attempt_id=attempt, lsp_id=LSP, candidate_id=HOLDER, scheme_code="KOP-KASIR",
        scheme_version=1, session_id=uuid4(), outcome=Outcome.NOT_YET_COMPETENT,
        panel=(member,), at=AT,
    )  # fmt: skip
    [public] = await published(decided)
    assert public["type"] == "id.kompeten.certificate.CertificationDecided.v1"
    assert (public["outcome"], public["panel_ids"]) == ("BK", [str(member)])
    judged = MemberJudged(attempt_id=attempt, lsp_id=LSP, member=member,
                          outcome=Outcome.COMPETENT, reason=None, at=AT)  # fmt: skip
    assert await published(judged) == []


async def test_the_issue_and_every_change_are_public_with_their_reason_and_actor() -> None:
    issued = e.CertificateIssued(
        certificate_id=CERTIFICATE, token="A" * 22, attempt_id=uuid4(), candidate_id=HOLDER,
        lsp_id=LSP, scheme_code="KOP-KASIR", scheme_version=1, session_id=uuid4(),
        district_code="5107", units=(UnitOutcome(unit_code="U1", outcome=Outcome.COMPETENT),),
        number="KOP-KASIR/2026/00001", issued_on=date(2026, 11, 23),
        valid_until=date(2029, 11, 22), kid="dev", qr_payload="KC1:SECRET", at=AT,
    )  # fmt: skip
    [public] = await published(issued)
    assert public["unit_codes"] == ["U1"] and public["number"] == "KOP-KASIR/2026/00001"
    assert "token" not in public and "qr_payload" not in public  # the QR's secret stays inside
    cases = [
        (e.AgreementSigned(**change(actor_role=e.ActorRole.CANDIDATE, agreement_version="2026-1")),
         "CertificateReleased", "agreement_version", "2026-1"),
        (e.CertificateSuspended(**change(reason=e.SuspensionReason.MISUSE_SUSPECTED)),
         "CertificateSuspended", "reason", "misuse_suspected"),
        (e.CertificateReinstated(**change(reason=e.ReinstatementReason.REVIEW_CLEARED)),
         "CertificateReinstated", "reason", "review_cleared"),
        (e.CertificateWithdrawn(**change(reason=e.WithdrawalReason.MISUSE)),
         "CertificateWithdrawn", "reason", "misuse"),
        (e.CertificateReplaced(**change(reason=e.ReplacementReason.DATA_CORRECTION,
                                        replaced_by=uuid4(), replacement_number="N2")),
         "CertificateReplaced", "replacement_number", "N2"),
        (e.DuplicateIssued(**change(reason=e.DuplicateReason.LOST, copy_id=uuid4(), copy_no=2)),
         "CertificateDuplicateIssued", "copy_no", 2),
        (e.CertificateExpired(**change(actor_id=None, actor_role=e.ActorRole.SYSTEM,
                                       valid_until=date(2029, 11, 22))),
         "CertificateExpired", "actor_role", "system"),
        (e.BlankoNumberAttached(**change(blanko_number="0012345 2026", import_id=uuid4(),
                                         number="KOP-KASIR/2026/00001")),
         "CertificateBlankoNumberAttached", "blanko_number", "0012345 2026"),
        (e.CertificateCollected(**change(copy_no=2, collected_on=date(2026, 12, 1))),
         "CertificateCollected", "collected_on", "2026-12-01"),
    ]  # fmt: skip
    for event, name, field, value in cases:
        [public] = await published(event)
        assert public["type"] == f"id.kompeten.certificate.{name}.v1"
        assert (public[field], public["candidate_id"]) == (value, str(HOLDER))


async def test_a_blanko_number_is_public_with_its_certificates_number_and_not_its_import() -> None:
    attached = e.BlankoNumberAttached(**change(blanko_number="0012345 2026", import_id=uuid4(),
                                               number="KOP-KASIR/2026/00001"))  # fmt: skip
    [public] = await published(attached)
    assert (public["number"], public["blanko_number"]) == ("KOP-KASIR/2026/00001", "0012345 2026")
    assert "import_id" not in public
    recorded_before = attached.model_copy(update={"number": None})  # before it was carried
    assert (await published(recorded_before))[0]["number"] is None
    [collected] = await published(
        e.CertificateCollected(**change(copy_no=1, collected_on=date(2026, 12, 1)))
    )
    assert (collected["copy_no"], collected["collected_on"]) == (1, "2026-12-01")
