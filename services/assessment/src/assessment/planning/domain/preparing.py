"""The rules of a candidate's preparation: the consultation and the adjustments are the
assessor's (any assessor of the session), before the exam starts; every need the application
named gets an action, and only those. (FR.AK.01: consenting.)"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from assessment.planning.domain.preparation import (
    Adjustment,
    AdjustmentsPlanned,
    ConsultationRecorded,
    Facts,
    Preparation,
)
from kompeten_contracts.errors import Problem, Refusal, conflict, forbidden, invalid

MAX_NOTES, MAX_AGREED, MAX_ACTION = 2000, 20, 500


def check_assessor(facts: Facts, by: UUID) -> None:
    if by not in facts.session_assessors:
        raise forbidden("attempt_id", "bukan asesor sesi ini", "not an assessor of this session")


def _before_start(facts: Facts) -> None:
    if facts.over or facts.started:
        raise conflict(
            "attempt_id",
            "asesmen sudah dimulai atau dibatalkan",
            "the assessment has started or was cancelled",
        )


def _text(text: str, where: str, most: int) -> str:
    tidy = " ".join(text.split())
    if not 1 <= len(tidy) <= most:
        raise invalid(
            where,
            f"wajib diisi, paling banyak {most} karakter",
            f"required, at most {most} characters",
        )
    return tidy


def decide_consultation(
    state: Preparation,
    facts: Facts,
    held_on: date,
    notes: str,
    agreed: list[str],
    by: UUID,
    now: datetime,
) -> list[ConsultationRecorded]:
    check_assessor(facts, by)
    _before_start(facts)
    if held_on > now.date():
        raise invalid("held_on", "tanggal konsultasi belum lewat", "a consultation not yet held")
    if len(agreed) > MAX_AGREED:
        raise invalid("agreed", f"paling banyak {MAX_AGREED} butir", f"at most {MAX_AGREED} items")
    tidy_notes = _text(notes, "notes", MAX_NOTES)
    tidy_agreed = [_text(a, f"agreed[{i}]", MAX_ACTION) for i, a in enumerate(agreed)]
    current = state.consultation
    if current is not None and (current.held_on, current.notes, current.agreed) == (
        held_on,
        tidy_notes,
        tidy_agreed,
    ):
        return []
    return [
        ConsultationRecorded(
            attempt_id=facts.attempt_id,
            held_on=held_on,
            notes=tidy_notes,
            agreed=tidy_agreed,
            recorded_by=by,
            recorded_at=now,
        )
    ]


def decide_adjustments(
    state: Preparation, facts: Facts, planned: list[Adjustment], by: UUID, now: datetime
) -> list[AdjustmentsPlanned]:
    check_assessor(facts, by)
    _before_start(facts)
    problems: list[Problem] = []
    seen: set[str] = set()
    adjustments = []
    for i, adjustment in enumerate(planned):
        if adjustment.need not in facts.needs:
            problems.append(
                Problem(
                    f"adjustments[{i}].need",
                    "kebutuhan ini tidak ada di permohonan",
                    "the application names no such need",
                )
            )
        elif adjustment.need in seen:
            problems.append(Problem(f"adjustments[{i}].need", "kebutuhan ganda", "a need twice"))
        seen.add(adjustment.need)
        action = _text(adjustment.action, f"adjustments[{i}].action", MAX_ACTION)
        adjustments.append(Adjustment(need=adjustment.need, action=action))
    missing = [need for need in facts.needs if need not in seen]
    if missing:
        problems.append(
            Problem(
                "adjustments",
                f"tindakan belum ditetapkan untuk: {', '.join(missing)}",
                f"no action for: {', '.join(missing)}",
            )
        )
    if problems:
        raise Refusal(problems)
    if adjustments == (state.adjustments.adjustments if state.adjustments else []):
        return []  # nothing new (nothing at all, when no need was named)
    return [
        AdjustmentsPlanned(
            attempt_id=facts.attempt_id, adjustments=adjustments, planned_by=by, planned_at=now
        )
    ]
