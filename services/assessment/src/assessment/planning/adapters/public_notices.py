"""A session's notice becomes one public event per assignment it names, keyed by the session's
stream (a schedule and its changes arrive in order): field by field, ids, codes and the test
site; nothing personal, and not the admin's own words."""

from __future__ import annotations

from typing import Any

from assessment.planning.domain.session_changes import NoticeKind, NoticeRecipient, NoticesIssued
from kompeten_contracts.assessment import (
    AssessmentCancelledV1,
    AssessmentRescheduledV1,
    AssessmentScheduledV1,
    ChangeReasonV1,
)
from kompeten_contracts.base import PublicEvent


def _common(event: NoticesIssued, to: NoticeRecipient) -> dict[str, Any]:
    return {
        "attempt_id": to.attempt_id,
        "session_id": event.session_id,
        "candidate_id": to.candidate_id,
        "assessor_id": to.assessor_id,
        "lsp_id": event.lsp_id,
        "scheme_code": event.scheme_code,
        "scheme_version": event.scheme_version,
        "district_code": event.district_code,
        "site_id": event.site_id,
        "site_name": event.site_name,
        "site_address": event.site_address,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
    }


def _one(event: NoticesIssued, to: NoticeRecipient) -> PublicEvent:
    common = _common(event, to)
    if event.kind is NoticeKind.SCHEDULED:
        return AssessmentScheduledV1(**common, scheduled_at=event.issued_at)
    assert event.reason is not None  # a change always says why
    reason = ChangeReasonV1(event.reason.value)
    if event.kind is NoticeKind.RESCHEDULED:
        assert event.previous_starts_at is not None and event.previous_ends_at is not None
        return AssessmentRescheduledV1(
            **common,
            previous_starts_at=event.previous_starts_at,
            previous_ends_at=event.previous_ends_at,
            reason=reason,
            rescheduled_at=event.issued_at,
        )
    return AssessmentCancelledV1(**common, reason=reason, cancelled_at=event.issued_at)


def notices_issued(event: NoticesIssued) -> list[PublicEvent]:
    return [_one(event, to) for to in event.recipients]
