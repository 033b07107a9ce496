"""When assessment schedules, moves or cancels a candidate's assessment, mail the candidate and
their assessor (Bahasa Indonesia first, English below): assessment holds no addresses; the
people's are sealed here. The candidate gets one mail per event; the assessor one per session
change, however many candidates it assigned them. Each mail is recorded as sent at once, so a
redelivered event mails no one twice; an erased candidate or a closed account is not mailed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from kompeten_contracts.assessment import (
    AssessmentCancelledV1,
    AssessmentRescheduledV1,
    AssessmentScheduledV1,
)
from registration.identity.application.ports import Mailer
from registration.notices.domain.notice_text import Kind, Notice, assessor_mail, candidate_mail
from registration.shared.application.repositories import Accounts, Candidates, accounts, candidates

AssessmentNotice = AssessmentScheduledV1 | AssessmentRescheduledV1 | AssessmentCancelledV1


class SentNotices(Protocol):
    async def sent(self, notice: str) -> bool: ...

    async def record(self, notice: str) -> None: ...


def notice_of(event: AssessmentNotice) -> tuple[Notice, str]:
    """The notice's words and when it was issued (which tells one notice from another)."""
    common: dict[str, Any] = {
        "scheme_code": event.scheme_code,
        "site_name": event.site_name,
        "site_address": event.site_address,
        "district_code": event.district_code,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
    }
    if isinstance(event, AssessmentScheduledV1):
        return Notice(Kind.SCHEDULED, **common), event.scheduled_at.isoformat()
    if isinstance(event, AssessmentRescheduledV1):
        notice = Notice(
            Kind.RESCHEDULED,
            **common,
            previous_starts_at=event.previous_starts_at,
            reason=event.reason.value,
        )
        return notice, event.rescheduled_at.isoformat()
    return Notice(
        Kind.CANCELLED, **common, reason=event.reason.value
    ), event.cancelled_at.isoformat()


@dataclass
class AssessmentNotices:
    store: Any
    vault: Any
    sent: SentNotices
    mailer: Mailer
    candidates: Candidates = field(init=False)
    accounts: Accounts = field(init=False)

    def __post_init__(self) -> None:
        self.candidates = candidates(self.store)
        self.accounts = accounts(self.store)

    async def on_notice(self, tx: Any, event: AssessmentNotice) -> None:
        notice, issued = notice_of(event)
        to_candidate = f"candidate:{event.attempt_id}:{notice.kind}:{issued}"
        if not await self.sent.sent(to_candidate):
            person = await self._candidate(tx, event)
            if person is not None:
                subject, text = candidate_mail(notice, person["full_name"])
                await self.mailer.send(person["email"], subject, text)
            await self.sent.record(to_candidate)
        to_assessor = f"assessor:{event.assessor_id}:{event.session_id}:{notice.kind}:{issued}"
        if not await self.sent.sent(to_assessor):
            email = await self._assessor_email(tx, event)
            if email is not None:
                subject, text = assessor_mail(notice)
                await self.mailer.send(email, subject, text)
            await self.sent.record(to_assessor)

    async def _candidate(self, tx: Any, event: AssessmentNotice) -> dict[str, str] | None:
        state = (await self.candidates.load(event.candidate_id)).state
        if state.personal is None or state.erased:
            return None
        fields: dict[str, str] | None = await self.vault.open(
            tx, event.candidate_id, state.personal
        )
        return fields if fields and fields.get("email") else None

    async def _assessor_email(self, tx: Any, event: AssessmentNotice) -> str | None:
        state = (await self.accounts.load(event.assessor_id)).state
        if state.personal is None or not state.open:
            return None
        fields = await self.vault.open(tx, event.assessor_id, state.personal)
        return fields.get("email") if fields else None
