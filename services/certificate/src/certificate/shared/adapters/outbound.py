"""Which of certificate's private events become public contracts, and how: one mapper per
private event class, field by field (never **data: a private event may grow fields that must
stay inside). Judgements of single panel members stay inside; the decision is public; so do
the blanko import that brought a number and the certificate's token and QR payload."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from certificate.decisions.domain.decision import CertificationDecided
from certificate.issuance.domain import certificate_events as c
from certificate.shared.application.events import REGISTRY
from eventkit.store import RecordedEvent
from kompeten_contracts.assessment import OutcomeV1
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.certificate import (
    CertificateBlankoNumberAttachedV1,
    CertificateCollectedV1,
    CertificateDuplicateIssuedV1,
    CertificateExpiredV1,
    CertificateIssuedV1,
    CertificateReinstatedV1,
    CertificateReleasedV1,
    CertificateReplacedV1,
    CertificateSuspendedV1,
    CertificateWithdrawnV1,
    CertificationDecidedV1,
)


def decided(event: CertificationDecided) -> CertificationDecidedV1:
    return CertificationDecidedV1(
        attempt_id=event.attempt_id, candidate_id=event.candidate_id, lsp_id=event.lsp_id,
        scheme_code=event.scheme_code, scheme_version=event.scheme_version,
        session_id=event.session_id, outcome=OutcomeV1(event.outcome.value),
        panel_ids=list(event.panel), decided_at=event.at,
    )  # fmt: skip


def issued(event: c.CertificateIssued) -> CertificateIssuedV1:
    return CertificateIssuedV1(
        certificate_id=event.certificate_id, number=event.number,
        candidate_id=event.candidate_id, attempt_id=event.attempt_id, lsp_id=event.lsp_id,
        scheme_code=event.scheme_code, scheme_version=event.scheme_version,
        unit_codes=[u.unit_code for u in event.units], issued_on=event.issued_on,
        valid_until=event.valid_until, replaces=event.replaces,
    )  # fmt: skip


def _change(event: c.Change) -> dict[str, Any]:
    return {"certificate_id": event.certificate_id, "candidate_id": event.candidate_id,
            "lsp_id": event.lsp_id, "actor_id": event.actor_id,
            "actor_role": event.actor_role.value, "at": event.at}  # fmt: skip


def released(event: c.AgreementSigned) -> CertificateReleasedV1:
    return CertificateReleasedV1(**_change(event), agreement_version=event.agreement_version)


def suspended(event: c.CertificateSuspended) -> CertificateSuspendedV1:
    return CertificateSuspendedV1(**_change(event), reason=event.reason.value)


def reinstated(event: c.CertificateReinstated) -> CertificateReinstatedV1:
    return CertificateReinstatedV1(**_change(event), reason=event.reason.value)


def withdrawn(event: c.CertificateWithdrawn) -> CertificateWithdrawnV1:
    return CertificateWithdrawnV1(**_change(event), reason=event.reason.value)


def replaced(event: c.CertificateReplaced) -> CertificateReplacedV1:
    return CertificateReplacedV1(**_change(event), reason=event.reason.value,
                                 replaced_by=event.replaced_by,
                                 replacement_number=event.replacement_number)  # fmt: skip


def duplicated(event: c.DuplicateIssued) -> CertificateDuplicateIssuedV1:
    return CertificateDuplicateIssuedV1(**_change(event), reason=event.reason.value,
                                        copy_id=event.copy_id, copy_no=event.copy_no)  # fmt: skip


def expired(event: c.CertificateExpired) -> CertificateExpiredV1:
    return CertificateExpiredV1(**_change(event), valid_until=event.valid_until)


def blanko_attached(event: c.BlankoNumberAttached) -> CertificateBlankoNumberAttachedV1:
    return CertificateBlankoNumberAttachedV1(**_change(event), number=event.number,
                                             blanko_number=event.blanko_number)  # fmt: skip


def collected(event: c.CertificateCollected) -> CertificateCollectedV1:
    return CertificateCollectedV1(**_change(event), copy_no=event.copy_no,
                                  collected_on=event.collected_on)  # fmt: skip


MAPPERS: dict[type[Any], Callable[[Any], PublicEvent]] = {
    CertificationDecided: decided,
    c.CertificateIssued: issued,
    c.AgreementSigned: released,
    c.CertificateSuspended: suspended,
    c.CertificateReinstated: reinstated,
    c.CertificateWithdrawn: withdrawn,
    c.CertificateReplaced: replaced,
    c.DuplicateIssued: duplicated,
    c.CertificateExpired: expired,
    c.BlankoNumberAttached: blanko_attached,
    c.CertificateCollected: collected,
}
PUBLISHED = REGISTRY.select(*MAPPERS)


def to_public(event: RecordedEvent) -> Sequence[PublicEvent]:
    """The relay's mapper. Events that stay inside are not even decoded."""
    if event.event_type not in PUBLISHED:
        return []
    private = PUBLISHED.decode(event)
    return [MAPPERS[type(private)](private)]
