"""The confirmations a session owes its people (SOP step 3: the schedule is confirmed to the
assessor and the candidate): one notice per change, naming every assignment it concerns;
registration, which holds the people's addresses, mails them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessment.planning.domain.session import Assignment, SessionScheduled
from assessment.planning.domain.session_changes import (
    ChangeReason,
    NoticeKind,
    NoticeRecipient,
    NoticesIssued,
    SessionRescheduled,
)


@dataclass(frozen=True)
class SiteFacts:
    """The test site as the notices name it: an institution's name and address."""

    name: str
    address: str


def notice(
    plan: SessionScheduled,
    kind: NoticeKind,
    site: SiteFacts,
    assignments: list[Assignment] | tuple[Assignment, ...],
    now: datetime,
    reason: ChangeReason | None = None,
    moved: SessionRescheduled | None = None,
) -> list[NoticesIssued]:
    """What to say, to whom; nothing when no one is assigned."""
    if not assignments:
        return []
    return [
        NoticesIssued(
            session_id=plan.session_id,
            kind=kind,
            lsp_id=plan.lsp_id,
            scheme_code=plan.scheme_code,
            scheme_version=plan.scheme_version,
            district_code=plan.district_code,
            site_id=plan.site_id,
            site_name=site.name,
            site_address=site.address,
            starts_at=moved.starts_at if moved else plan.starts_at,
            ends_at=moved.ends_at if moved else plan.ends_at,
            previous_starts_at=moved.previous_starts_at if moved else None,
            previous_ends_at=moved.previous_ends_at if moved else None,
            reason=reason,
            recipients=[
                NoticeRecipient(
                    attempt_id=a.attempt_id, candidate_id=a.candidate_id, assessor_id=a.assessor_id
                )
                for a in assignments
            ],
            issued_at=now,
        )
    ]
