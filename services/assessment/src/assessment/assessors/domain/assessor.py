"""The assessor aggregate: one stream per assessor, kept by their LSP. The MET licence and its
validity, the schemes they may assess, home district, the dates they cannot work, the relations
they declared and the candidates they trained: what conflicts.py judges an assignment by."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from assessment.assessors.domain.assessor_events import (
    AssessorEvent,
    AssessorRegistered,
    AssessorRelationDeclared,
    AssessorSchemesSet,
    AssessorTrainingRecorded,
    AssessorUnavailabilityDeclared,
    DeclareRelation,
    DeclareUnavailability,
    RecordTraining,
    RegisterAssessor,
    Relation,
    SetSchemes,
)
from assessment.shared.domain.codes import check_district_code, check_scheme_code
from kompeten_contracts.errors import conflict, invalid, not_found

MET_NUMBER = re.compile(r"^MET\.[0-9]{3}\.[0-9]{6}( [0-9]{4})?$")
MAX_SCHEMES, MAX_DATES, MAX_TRAINED = 50, 366, 1000


@dataclass(frozen=True)
class Assessor:
    registered: AssessorRegistered | None = None
    scheme_codes: frozenset[str] = frozenset()
    relations: tuple[Relation, ...] = ()
    unavailable: frozenset[date] = frozenset()
    trained: frozenset[UUID] = frozenset()

    def of(self, lsp_id: UUID | None) -> bool:
        """Registered, and by this LSP: another LSP's assessor is answered as one that is not."""
        return self.registered is not None and self.registered.lsp_id == lsp_id


def stream_id(assessor_id: UUID) -> str:
    return f"assessor-{assessor_id}"


def normalise_met_number(raw: str) -> str:
    return " ".join(raw.upper().replace("NO. REG.", "").split())


def decide_register(state: Assessor, command: RegisterAssessor) -> list[AssessorEvent]:
    if state.registered is not None:
        raise conflict(
            "account_id", "akun ini sudah terdaftar sebagai asesor", "already an assessor"
        )
    if command.lsp_id is None:
        raise invalid("lsp", "asesor terdaftar pada sebuah LSP", "an assessor works for an LSP")
    met_number = normalise_met_number(command.met_number)
    if not MET_NUMBER.match(met_number):
        raise invalid(
            "met_number",
            "No. Reg. MET tidak sesuai format, mis. MET.000.001234 2019",
            "the MET number is malformed, e.g. MET.000.001234 2019",
        )
    if command.licence_valid_until < command.at.date():
        raise invalid(
            "licence_valid_until", "lisensi MET sudah kedaluwarsa", "the MET licence has expired"
        )
    check_district_code(command.district_code)
    schemes = _schemes(command.scheme_codes)
    fields = {"met_number": met_number, "scheme_codes": schemes}
    return [AssessorRegistered(**{**command.model_dump(), **fields})]


def decide_set_schemes(state: Assessor, command: SetSchemes) -> list[AssessorEvent]:
    _registered(state)
    schemes = _schemes(command.scheme_codes)
    if frozenset(schemes) == state.scheme_codes:
        return []
    return [AssessorSchemesSet(**{**command.model_dump(), "scheme_codes": schemes})]


def decide_declare_relation(state: Assessor, command: DeclareRelation) -> list[AssessorEvent]:
    _registered(state)
    relation = command.relation
    if (relation.candidate_id is None) == (relation.cooperative_id is None):
        raise invalid(
            "candidate_id",
            "sebutkan kandidat atau koperasi (salah satu saja)",
            "name either a candidate or a cooperative, not both",
        )
    if relation in state.relations:
        return []
    return [AssessorRelationDeclared(**command.model_dump())]


def decide_declare_unavailability(
    state: Assessor, command: DeclareUnavailability
) -> list[AssessorEvent]:
    _registered(state)
    if not 1 <= len(command.dates) <= MAX_DATES:
        raise invalid("dates", f"1-{MAX_DATES} tanggal", f"1-{MAX_DATES} dates")
    if min(command.dates) < command.at.date():
        raise invalid("dates", "tanggal sudah lewat", "a date is in the past")
    new = tuple(sorted(set(command.dates) - state.unavailable))
    return [AssessorUnavailabilityDeclared(**{**command.model_dump(), "dates": new})] if new else []


def decide_record_training(state: Assessor, command: RecordTraining) -> list[AssessorEvent]:
    _registered(state)
    if not 1 <= len(command.candidate_ids) <= MAX_TRAINED:
        raise invalid("candidate_ids", f"1-{MAX_TRAINED} kandidat", f"1-{MAX_TRAINED} candidates")
    new = tuple(dict.fromkeys(c for c in command.candidate_ids if c not in state.trained))
    if not new:
        return []
    return [AssessorTrainingRecorded(**{**command.model_dump(), "candidate_ids": new})]


def _schemes(codes: tuple[str, ...]) -> tuple[str, ...]:
    unique = tuple(sorted({check_scheme_code(code, "scheme_codes") for code in codes}))
    if not 1 <= len(unique) <= MAX_SCHEMES:
        raise invalid("scheme_codes", f"1-{MAX_SCHEMES} skema", f"1-{MAX_SCHEMES} schemes")
    return unique


def _registered(state: Assessor) -> AssessorRegistered:
    if state.registered is None:
        raise not_found("assessor_id", "asesor tidak ditemukan", "no such assessor")
    return state.registered


def evolve(state: Assessor, event: AssessorEvent) -> Assessor:
    if isinstance(event, AssessorRegistered):
        return Assessor(registered=event, scheme_codes=frozenset(event.scheme_codes))
    if isinstance(event, AssessorSchemesSet):
        return replace(state, scheme_codes=frozenset(event.scheme_codes))
    if isinstance(event, AssessorRelationDeclared):
        return replace(state, relations=(*state.relations, event.relation))
    if isinstance(event, AssessorUnavailabilityDeclared):
        return replace(state, unavailable=state.unavailable | set(event.dates))
    return replace(state, trained=state.trained | set(event.candidate_ids))
