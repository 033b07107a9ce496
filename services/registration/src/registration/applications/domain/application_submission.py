"""Submitting an application: every rule APL-01 and APL-02 must meet, checked against the
chosen published scheme version, the cooperative directory and the uploaded evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from kompeten_contracts.errors import Problem, Refusal
from registration.applications.domain.application import EDITABLE, SUBMITTED, Application, require
from registration.applications.domain.application_events import (
    ApplicationEvent,
    ApplicationSubmitted,
)
from registration.applications.domain.application_form import ApplicationForm, SelfAssessment
from registration.applications.domain.self_assessment import (
    SchemeFacts,
    check_self_assessment,
    unknown_evidence,
)


@dataclass(frozen=True)
class Submission:
    application_id: UUID
    form: ApplicationForm
    self_assessment: SelfAssessment
    scheme: SchemeFacts | None
    cooperative_district: str | None
    known_evidence: frozenset[UUID]
    sealed: dict[str, Any]
    submitted_at: datetime
    nik_differs_from_registration: bool = False


def decide_submit(state: Application, command: Submission) -> list[ApplicationEvent]:
    require(state, EDITABLE, SUBMITTED)
    form, employment = command.form, command.form.employment
    problems = _scheme_problems(command) + unknown_evidence(
        "apl01.evidence_ids", form.evidence_ids, command.known_evidence
    )
    if command.nik_differs_from_registration:
        problems.append(
            Problem(
                "apl01.personal.nik",
                "NIK berbeda dengan NIK yang terdaftar untuk akun ini",
                "the NIK differs from the one registered for this account",
            )
        )
    if command.cooperative_district is None:
        problems.append(
            Problem(
                "apl01.employment.cooperative_id", "koperasi tidak terdaftar", "unknown cooperative"
            )
        )
    if problems:
        raise Refusal(problems)
    assert state.candidate_id is not None and command.cooperative_district is not None
    return [
        ApplicationSubmitted(
            application_id=command.application_id,
            candidate_id=state.candidate_id,
            submission=state.submissions + 1,
            submitted_at=command.submitted_at,
            scheme_code=form.scheme_code,
            scheme_version=form.scheme_version,
            purpose=form.purpose.value,
            cooperative_id=employment.cooperative_id,
            district_code=command.cooperative_district,
            role=employment.role.value,
            occupational_group=employment.occupational_group.value,
            evidence_ids=list(form.evidence_ids),
            adjustment_needs=[need.value for need in form.adjustment_needs],
            judgements=[j.model_dump(mode="json") for j in command.self_assessment.judgements],
            sealed=command.sealed,
            lsp_id=command.scheme.lsp_id if command.scheme is not None else None,
        )
    ]


def _scheme_problems(command: Submission) -> list[Problem]:
    form, scheme = command.form, command.scheme
    if scheme is None:
        return [
            Problem(
                "apl01.scheme_version",
                f"skema {form.scheme_code} versi {form.scheme_version} tidak diterbitkan",
                f"scheme {form.scheme_code} has no published version {form.scheme_version}",
            )
        ]
    problems = check_self_assessment(scheme, command.self_assessment, command.known_evidence)
    group = form.employment.occupational_group.value
    if group not in scheme.occupational_groups:
        problems.insert(
            0,
            Problem(
                "apl01.employment.occupational_group",
                f"kelompok jabatan {group} tidak sesuai dengan skema {scheme.scheme_code}",
                f"occupational group {group} does not fit scheme {scheme.scheme_code}",
            ),
        )
    return problems
