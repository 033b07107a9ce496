"""Who may capture for whom in a session: the session's assessor records for the candidates
assigned to them, under their own account; an admin of the session's LSP may record for any
candidate assigned to the session. Every record of a batch is checked before any is applied."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from assessment.capture.domain.capture_record import CaptureRecord
from assessment.planning.domain.session import Session
from kompeten_contracts.errors import Kind, Problem, Refusal, forbidden


def not_the_sessions_assessor() -> Refusal:
    return forbidden("session_id", "bukan asesor sesi ini", "not an assessor of this session")


def check_reader(session: Session, by: UUID, is_admin: bool) -> None:
    """The session's assessors and its LSP's admins (the LSP is checked by the caller)."""
    assert session.plan is not None
    if not is_admin and by not in session.plan.assessor_ids:
        raise not_the_sessions_assessor()


def mine(session: Session, by: UUID, is_admin: bool) -> list[UUID]:
    """The candidates whose records this reader sees: an assessor's own, all for an admin."""
    return [a.candidate_id for a in session.assignments if is_admin or a.assessor_id == by]


def check_recorders(
    session: Session, by: UUID, is_admin: bool, records: Sequence[CaptureRecord]
) -> None:
    check_reader(session, by, is_admin)
    refused: list[Problem] = []
    unassigned: list[Problem] = []
    for i, record in enumerate(records):
        where = f"records[{i}]"
        if record.assessor_id != by:
            refused.append(
                Problem(
                    f"{where}.assessor_id", "harus akun Anda sendiri", "must be your own account"
                )
            )
        assignment = session.assigned(record.candidate_id)
        if assignment is None:
            unassigned.append(
                Problem(f"{where}.candidate_id", "peserta tidak ditugaskan di sesi ini",
                        "the candidate is not assigned to this session")
            )  # fmt: skip
        elif not is_admin and assignment.assessor_id != by:
            refused.append(
                Problem(f"{where}.candidate_id", "peserta tidak ditugaskan kepada Anda",
                        "the candidate is not assigned to you")
            )  # fmt: skip
    if refused:
        raise Refusal(refused, Kind.FORBIDDEN)
    if unassigned:
        raise Refusal(unassigned, Kind.CONFLICT)
