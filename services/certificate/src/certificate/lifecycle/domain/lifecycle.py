"""A certificate's life after issue, decided by its LSP's admin (surveillance's events later):
suspend, reinstate, withdraw, replace with a corrected certificate, issue a duplicate copy, and
expiry at the end of validity. Each names its actor and a reason code; a repeat of the same
change (a retry) records nothing; a change that its status forbids is refused naming `status`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.issuance.domain.certificate import FINAL, Certificate, Status
from certificate.issuance.domain.certificate_events import (
    ActorRole,
    CertificateEvent,
    CertificateExpired,
    CertificateReinstated,
    CertificateReplaced,
    CertificateSuspended,
    CertificateWithdrawn,
    Change,
    DuplicateIssued,
    DuplicateReason,
    ReinstatementReason,
    ReplacementReason,
    SuspensionReason,
    WithdrawalReason,
)
from kompeten_contracts.errors import Refusal, conflict, not_found

C = TypeVar("C", bound=Change)
LIVE = frozenset({Status.AWAITING_AGREEMENT, Status.VALID})


class Act(BaseModel):
    """Who changes which certificate, when, for which LSP."""

    model_config = ConfigDict(frozen=True)

    certificate_id: UUID
    lsp_id: UUID | None
    actor_id: UUID
    at: datetime


def no_such_certificate() -> Refusal:
    return not_found("certificate_id", "sertifikat tidak ditemukan", "no such certificate")


def _refused(status: Status, verb_id: str, verb_en: str) -> Refusal:
    return conflict("status", f"sertifikat berstatus {status.value} tidak dapat {verb_id}",
                    f"a certificate that is {status.value} cannot be {verb_en}")  # fmt: skip


def _live(state: Certificate, act: Act, today: date) -> Status:
    if not state.of(act.lsp_id):
        raise no_such_certificate()
    return state.shown_status(today)


def _change(kind: type[C], state: Certificate, act: Act, **fields: Any) -> C:
    assert state.issued is not None
    return kind(certificate_id=act.certificate_id, candidate_id=state.issued.candidate_id,
                lsp_id=state.issued.lsp_id, actor_id=act.actor_id,
                actor_role=ActorRole.LSP_ADMIN, at=act.at, **fields)  # fmt: skip


def decide_suspend(
    state: Certificate, act: Act, reason: SuspensionReason, today: date
) -> list[CertificateEvent]:
    status = _live(state, act, today)
    if status is Status.SUSPENDED:
        return []
    if status not in LIVE:
        raise _refused(status, "dibekukan", "suspended")
    return [_change(CertificateSuspended, state, act, reason=reason)]


def decide_reinstate(
    state: Certificate, act: Act, reason: ReinstatementReason, today: date
) -> list[CertificateEvent]:
    status = _live(state, act, today)
    if status is not Status.SUSPENDED:
        raise _refused(status, "diberlakukan kembali", "reinstated")
    return [_change(CertificateReinstated, state, act, reason=reason)]


def decide_withdraw(
    state: Certificate, act: Act, reason: WithdrawalReason, today: date
) -> list[CertificateEvent]:
    status = _live(state, act, today)
    if status is Status.WITHDRAWN:
        return []
    if status in FINAL:
        raise _refused(status, "dicabut", "withdrawn")
    return [_change(CertificateWithdrawn, state, act, reason=reason)]


def decide_replace(
    state: Certificate, act: Act, reason: ReplacementReason, today: date,
    replaced_by: UUID, replacement_number: str,
) -> list[CertificateEvent]:  # fmt: skip
    status = _live(state, act, today)
    if status is Status.REPLACED and state.replaced_by == replaced_by:
        return []
    if status not in LIVE:
        raise _refused(status, "diganti", "replaced")
    return [_change(CertificateReplaced, state, act, reason=reason, replaced_by=replaced_by,
                                replacement_number=replacement_number)]  # fmt: skip


def decide_duplicate(
    state: Certificate, act: Act, reason: DuplicateReason, today: date, copy_id: UUID
) -> list[CertificateEvent]:
    status = _live(state, act, today)
    if copy_id in state.copy_ids:
        return []
    if status is not Status.VALID:
        raise _refused(status, "diterbitkan duplikatnya", "duplicated")
    return [_change(DuplicateIssued, state, act, reason=reason, copy_id=copy_id,
                            copy_no=state.copy_no + 1)]  # fmt: skip


def decide_expire(state: Certificate, today: date, at: datetime) -> list[CertificateEvent]:
    """Recorded by the service once past the last day of validity (nothing before, nothing
    twice, nothing for a certificate withdrawn or replaced)."""
    issued = state.issued
    if issued is None or state.status in FINAL or today <= issued.valid_until:
        return []
    return [CertificateExpired(certificate_id=issued.certificate_id,
                               candidate_id=issued.candidate_id, lsp_id=issued.lsp_id,
                               actor_id=None, actor_role=ActorRole.SYSTEM, at=at,
                               valid_until=issued.valid_until)]  # fmt: skip
