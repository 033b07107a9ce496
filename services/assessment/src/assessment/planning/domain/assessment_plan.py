"""The assessment plan (FR.MAPA.01): for every unit of the scheme, the instruments the
assessment will use, chosen from what the published bank version offers for that unit. Set by
the LSP's admin or one of the session's assessors, before the exam starts; set again to change
it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from assessment.planning.domain.rescheduling import not_started
from assessment.planning.domain.session import Session
from assessment.planning.domain.session_changes import AssessmentPlanSet, UnitPlan
from kompeten_contracts.errors import Problem, Refusal, forbidden

# What a bank version offers: unit code -> instrument codes, in the scheme's order.
Offer = dict[str, tuple[str, ...]]


def decide_plan(
    state: Session,
    bank_version: int,
    offer: Offer,
    chosen: dict[str, list[str]],
    by: UUID,
    is_admin: bool,
    now: datetime,
) -> list[AssessmentPlanSet]:
    plan = not_started(state)
    if not is_admin and by not in plan.assessor_ids:
        raise forbidden("session_id", "bukan asesor sesi ini", "not an assessor of this session")
    problems: list[Problem] = []
    for unit_code in chosen:
        if unit_code not in offer:
            problems.append(
                Problem(
                    f"units.{unit_code}", "unit tidak ada di skema ini", "not a unit of this scheme"
                )
            )
    units: list[UnitPlan] = []
    for unit_code, offered in offer.items():
        picked = chosen.get(unit_code, [])
        where = f"units.{unit_code}"
        if not picked:
            problems.append(
                Problem(
                    where,
                    "pilih minimal satu instrumen untuk unit ini",
                    "choose at least one instrument for this unit",
                )
            )
        unknown = [code for code in picked if code not in offered]
        if unknown:
            problems.append(
                Problem(
                    where,
                    f"instrumen {', '.join(unknown)} tidak tersedia; pilih dari "
                    f"{', '.join(offered)}",
                    f"instruments {', '.join(unknown)} are not offered; choose from "
                    f"{', '.join(offered)}",
                )
            )
        in_order = [code for code in offered if code in picked]
        units.append(UnitPlan(unit_code=unit_code, instruments=in_order))
    if problems:
        raise Refusal(problems)
    current = state.mapa
    if current is not None and (current.bank_version, current.units) == (bank_version, units):
        return []
    return [
        AssessmentPlanSet(
            session_id=plan.session_id,
            bank_version=bank_version,
            units=units,
            set_by=by,
            set_at=now,
        )
    ]
