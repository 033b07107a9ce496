"""Who of a cohort is ready to print, and why not: the rule a print batch applies to each
member, from the facts certification holds about them. A member is ready when their
certificate is issued K, nothing holds it (withdrawn, suspended, an open appeal, an agreement
not signed yet) and the
name to print is readable (not erased at the holder's request); printed before, when an
earlier batch printed it and no reprint was asked; otherwise missing with the first reason in
the order a member's file moves through the process. Every reason but BK, erasure and
withdrawal may pass (a suspended certificate prints once reinstated):
those members are carried into a follow-up batch."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.shared.domain.outcomes import Outcome


class Reason(StrEnum):
    NO_RESULT = "no_result"  # no recommendation received from assessment yet
    AWAITING_DECISION = "awaiting_decision"  # recommended; the LSP's panel has not decided
    NOT_YET_COMPETENT = "not_yet_competent"  # decided BK: there is no certificate to print
    APPEAL_OPEN = "appeal_open"
    AGREEMENT_NOT_SIGNED = "agreement_not_signed"
    SCHEME_UNKNOWN = "scheme_unknown"  # the scheme version's titles have not been received
    NAME_MISSING = "name_missing"  # the holder's name not received (or not readable now)
    ERASED = "erased"  # the holder's data erased at their request: the name never prints
    SUSPENDED = "suspended"  # held while suspended; printed in a follow-up once reinstated
    WITHDRAWN = "withdrawn"  # withdrawn for good: never printed


EXPLAINED: dict[Reason, tuple[str, str]] = {
    Reason.NO_RESULT: ("belum ada hasil asesmen", "no assessment result yet"),
    Reason.AWAITING_DECISION: ("menunggu keputusan sertifikasi", "awaiting the decision"),
    Reason.NOT_YET_COMPETENT: ("diputuskan belum kompeten (BK)", "decided not yet competent"),
    Reason.APPEAL_OPEN: ("banding masih berjalan", "an appeal is open"),
    Reason.AGREEMENT_NOT_SIGNED: ("perjanjian pemegang belum ditandatangani",
                                  "the holder's agreement is not signed yet"),
    Reason.SCHEME_UNKNOWN: ("versi skema belum diterima", "the scheme version is not received"),
    Reason.NAME_MISSING: ("nama pemegang belum tersedia", "the holder's name is not available"),
    Reason.ERASED: ("data pemegang dihapus atas permintaannya",
                    "the holder's data was erased at their request"),
    Reason.SUSPENDED: ("sertifikat sedang dibekukan", "the certificate is suspended"),
    Reason.WITHDRAWN: ("sertifikat telah dicabut", "the certificate was withdrawn"),
}  # fmt: skip

FINAL = frozenset({Reason.NOT_YET_COMPETENT, Reason.ERASED, Reason.WITHDRAWN})


class Status(StrEnum):
    READY = "ready"
    PRINTED_BEFORE = "printed_before"
    MISSING = "missing"


class MemberFacts(BaseModel):
    """What certification knows of one member of a cohort when a batch is requested."""

    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    attempt_id: UUID | None = None  # None: no recommendation received
    decision: Outcome | None = None
    certificate_id: UUID | None = None
    number: str | None = None
    appeal_open: bool = False
    suspended: bool = False
    withdrawn: bool = False
    agreement_signed: bool | None = None  # None: the agreement is not tracked
    scheme_known: bool = True
    name_readable: bool = False
    name_erased: bool = False  # erased at the holder's request (the key is gone)
    printed_in: UUID | None = None  # the batch that printed it first


class Member(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: UUID
    attempt_id: UUID | None
    certificate_id: UUID | None
    number: str | None
    status: Status
    reason: Reason | None = None
    printed_in: UUID | None = None

    @property
    def carried(self) -> bool:
        """Missing for a reason that may pass: the follow-up batch looks at them again."""
        return self.status is Status.MISSING and self.reason not in FINAL


def missing_reason(facts: MemberFacts) -> Reason | None:
    if facts.attempt_id is None:
        return Reason.NO_RESULT
    if facts.decision is None:  # an open appeal is why the decision waits, if there is one
        return Reason.APPEAL_OPEN if facts.appeal_open else Reason.AWAITING_DECISION
    if facts.decision is Outcome.NOT_YET_COMPETENT:
        return Reason.NOT_YET_COMPETENT
    if facts.certificate_id is None:
        return Reason.AWAITING_DECISION  # decided K, the certificate not yet in the register
    if facts.withdrawn:
        return Reason.WITHDRAWN
    if facts.suspended:
        return Reason.SUSPENDED
    if facts.appeal_open:
        return Reason.APPEAL_OPEN
    if facts.agreement_signed is False:
        return Reason.AGREEMENT_NOT_SIGNED
    if not facts.scheme_known:
        return Reason.SCHEME_UNKNOWN
    if facts.name_erased:
        return Reason.ERASED
    if not facts.name_readable:
        return Reason.NAME_MISSING
    return None


def member(facts: MemberFacts, reprint: bool) -> Member:
    reason = missing_reason(facts)
    if reason is not None:
        status = Status.MISSING
    elif facts.printed_in is not None and not reprint:
        status = Status.PRINTED_BEFORE
    else:
        status = Status.READY
    return Member(
        candidate_id=facts.candidate_id, attempt_id=facts.attempt_id,
        certificate_id=facts.certificate_id, number=facts.number, status=status,
        reason=reason, printed_in=facts.printed_in,
    )  # fmt: skip
