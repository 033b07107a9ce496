"""A candidate's training record with one LSP: one stream per (LSP, candidate), a
ModuleCompleted per diklat module a training provider recorded, with who trained them. Each
completion carries the provider's client id: a retry or a duplicate is recorded once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from assessment.training.domain.requirement import Module, TrainingRequirement
from kompeten_contracts.errors import Problem, Refusal


class Completion(BaseModel):
    """One module one candidate completed, as the provider reports it."""

    model_config = ConfigDict(frozen=True)

    client_id: UUID
    candidate_id: UUID
    scheme_code: str
    module_code: str
    completed_on: date
    provider_ref: str
    trainer_id: UUID  # the staff account of whoever trained the candidate


class RecordCompletions(BaseModel):
    model_config = ConfigDict(frozen=True)

    lsp_id: UUID
    candidate_id: UUID
    completions: tuple[Completion, ...]
    fields: tuple[str, ...]  # where each completion came from: completions[3], rows[7]
    actor: UUID
    at: datetime


class ModuleCompleted(Completion):
    lsp_id: UUID
    recorded_by: UUID
    recorded_at: datetime


TrainingEvent = ModuleCompleted
EVENTS: tuple[type[TrainingEvent], ...] = (ModuleCompleted,)


class Outcome(StrEnum):
    APPLIED = "applied"
    ALREADY_APPLIED = "already_applied"  # this client id was recorded before: a retry
    ALREADY_COMPLETED = "already_completed"  # the module was recorded under another client id


@dataclass(frozen=True)
class TrainingRecord:
    by_client: dict[UUID, Completion] | None = None
    completed: dict[tuple[str, str], date] | None = None  # (scheme, module) -> completed on

    @property
    def trainer_ids(self) -> tuple[UUID, ...]:
        """Everyone who trained the candidate, once each, in the order first recorded."""
        return tuple(dict.fromkeys(c.trainer_id for c in (self.by_client or {}).values()))

    def done(self, scheme_code: str) -> frozenset[str]:
        return frozenset(m for (s, m) in (self.completed or {}) if s == scheme_code)


def stream_id(key: tuple[UUID, UUID]) -> str:
    lsp_id, candidate_id = key
    return f"training-{lsp_id}-{candidate_id}"


def decide_record(
    state: TrainingRecord, command: RecordCompletions
) -> tuple[list[TrainingEvent], list[Outcome]]:
    """The events to record, and each completion's outcome in the command's order."""
    events: list[TrainingEvent] = []
    outcomes: list[Outcome] = []
    problems: list[Problem] = []
    for where, completion in zip(command.fields, command.completions, strict=True):
        earlier = (state.by_client or {}).get(completion.client_id)
        if earlier is not None and _differs(earlier, completion):
            problems.append(
                Problem(
                    f"{where}.client_id",
                    "client_id ini sudah dipakai untuk penyelesaian modul lain",
                    "this client_id was used for another completion",
                )
            )
            continue
        if earlier is not None:
            outcomes.append(Outcome.ALREADY_APPLIED)
            continue
        if (completion.scheme_code, completion.module_code) in (state.completed or {}):
            outcomes.append(Outcome.ALREADY_COMPLETED)
            continue
        event = ModuleCompleted(
            **completion.model_dump(),
            lsp_id=command.lsp_id,
            recorded_by=command.actor,
            recorded_at=command.at,
        )
        events.append(event)
        outcomes.append(Outcome.APPLIED)
        state = evolve(state, event)
    if problems:
        raise Refusal(problems)
    return events, outcomes


def missing_modules(
    record: TrainingRecord, requirement: TrainingRequirement, scheme_code: str
) -> tuple[Module, ...]:
    done = record.done(scheme_code)
    return tuple(m for m in requirement.modules if m.code not in done)


def _differs(one: Completion, other: Completion) -> bool:
    return one.model_dump(exclude={"trainer_id"}) != other.model_dump(exclude={"trainer_id"})


def evolve(state: TrainingRecord, event: TrainingEvent) -> TrainingRecord:
    key = (event.scheme_code, event.module_code)
    return replace(
        state,
        by_client={
            **(state.by_client or {}),
            event.client_id: Completion(**event.model_dump(include=set(Completion.model_fields))),
        },
        completed={**(state.completed or {}), key: event.completed_on},
    )
