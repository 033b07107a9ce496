"""Who reads and writes assessment's API. An LSP's own staff plan and run assessments (and see
only their LSP's records); its admins schedule sessions and assign candidates; a session's
assessor starts its exam and reads the start code; a candidate reaches only their own exam
attempts. District operators register people; they do not plan assessments. The matrix test
holds the API to ACCESS."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kompeten_contracts.roles import Role
from servicekit.access import AccessTable, roles
from servicekit.auth import Principal, require_roles

PLANNER_ROLES = (Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER)
SESSION_ROLES = (Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD)
_is_planner = require_roles(*PLANNER_ROLES)
PLANNERS = [Depends(_is_planner)]
# The principal as a parameter (one check per request: FastAPI runs one dependency once): an
# LSP's staff see their LSP's records only.
Planner = Annotated[Principal, Depends(_is_planner)]
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]
SessionStaff = Annotated[Principal, Depends(require_roles(*SESSION_ROLES))]
Examinee = Annotated[Principal, Depends(require_roles(Role.CANDIDATE))]
# Who runs a session in the hall: its assessor, or an admin of its LSP standing in.
Runner = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN, Role.ASSESSOR))]
EXAMINEE_OWN = (Role.CANDIDATE,)  # a candidate reaches their own attempts only

# Appeals (FR.AK.04): the candidate lodges and reads their own; the LSP admin routes each to a
# reviewer, who is one of the LSP's decision makers (independent of the assessment by role and
# by record); the assessors and site heads whose work is appealed do not read the appeals.
APPEAL_STAFF = (Role.LSP_ADMIN, Role.DECISION_MAKER)
AppealStaff = Annotated[Principal, Depends(require_roles(*APPEAL_STAFF))]
AppealReader = Annotated[Principal, Depends(require_roles(Role.CANDIDATE, *APPEAL_STAFF))]
Reviewer = Annotated[Principal, Depends(require_roles(Role.DECISION_MAKER))]

ASSESSOR_KEEPERS, OWN = (Role.LSP_ADMIN, Role.ASSESSOR), (Role.ASSESSOR,)
ASSESSOR_READERS = (Role.LSP_ADMIN, Role.TEST_SITE_HEAD, Role.DECISION_MAKER)
# Training: a provider of the LSP (or its admin) records completions and reads a candidate's
# record; the planners see the status per district and scheme.
TRAINING_RECORDERS = (Role.LSP_ADMIN, Role.TRAINING_PROVIDER)
TRAINING_READERS = (*PLANNER_ROLES, Role.TRAINING_PROVIDER)
# Progress (counts, nothing personal): the LSP's staff see their LSP's sessions; a district
# operator every LSP's in their districts.
PROGRESS_READERS = (*PLANNER_ROLES, Role.DISTRICT_OPERATOR)

ACCESS: AccessTable = {
    "GET /candidates": roles(*PLANNER_ROLES),
    "GET /candidates/{candidate_id}": roles(*PLANNER_ROLES),
    "GET /applications": roles(*PLANNER_ROLES),
    "GET /applications/{application_id}": roles(*PLANNER_ROLES),
    "POST /sessions": roles(Role.LSP_ADMIN),
    "GET /sessions": roles(*SESSION_ROLES),  # the planning board: their LSP's sessions only
    "GET /sessions/{session_id}": roles(*SESSION_ROLES),
    "POST /sessions/{session_id}/assignments": roles(Role.LSP_ADMIN),
    "POST /sessions/{session_id}/start": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/start-code": roles(*SESSION_ROLES),
    "POST /sessions/{session_id}/close": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/roster": roles(*SESSION_ROLES),
    # What the assessor marks: their candidates' drawn essays and answers (an admin: all).
    "GET /sessions/{session_id}/essays": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "PUT /attempts/{attempt_id}/judgement": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /attempts/{attempt_id}/judgement": roles(*SESSION_ROLES),
    "GET /exams": roles(Role.CANDIDATE),  # the caller's own attempts, nobody else's
    "GET /exams/{attempt_id}": roles(Role.CANDIDATE, own_only=EXAMINEE_OWN),
    "GET /exams/{attempt_id}/package": roles(Role.CANDIDATE, own_only=EXAMINEE_OWN),
    "GET /exams/{attempt_id}/release": roles(Role.CANDIDATE, own_only=EXAMINEE_OWN),
    "POST /exams/{attempt_id}/answers": roles(Role.CANDIDATE, own_only=EXAMINEE_OWN),
    "POST /sites": roles(Role.LSP_ADMIN),
    "PUT /sites/{site_id}/equipment/{scheme_code}": roles(Role.LSP_ADMIN),
    "POST /sites/{site_id}/verification": roles(Role.LSP_ADMIN),
    "PUT /sites/{site_id}/heads": roles(Role.LSP_ADMIN),
    "GET /sites": roles(*PLANNER_ROLES),
    "GET /sites/{site_id}": roles(*PLANNER_ROLES),
    "POST /assessors": roles(Role.LSP_ADMIN),
    "PUT /assessors/{assessor_id}/schemes": roles(Role.LSP_ADMIN),
    # An assessor declares their own relations and unavailable dates; another's answers 404.
    "POST /assessors/{assessor_id}/relations": roles(*ASSESSOR_KEEPERS, own_only=OWN),
    "POST /assessors/{assessor_id}/unavailability": roles(*ASSESSOR_KEEPERS, own_only=OWN),
    "GET /assessors": roles(*ASSESSOR_READERS),
    "GET /assessors/me": roles(Role.ASSESSOR),
    "GET /assessors/me/sessions": roles(Role.ASSESSOR),  # the sessions naming the caller
    "GET /assessors/{assessor_id}": roles(*ASSESSOR_READERS),
    # Question banks: an LSP's admins import and publish; its staff read them (correct options
    # included), never a candidate.
    "POST /banks/{scheme_code}/imports": roles(Role.LSP_ADMIN),
    "POST /banks/{scheme_code}/versions": roles(Role.LSP_ADMIN),
    "GET /banks": roles(*PLANNER_ROLES),
    "GET /banks/{scheme_code}/versions/{version}": roles(*PLANNER_ROLES),
    # The session's assessors (their own candidates) and its LSP's admins; others' are refused.
    "POST /sessions/{session_id}/capture": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/capture": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/capture/roster": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/capture/{candidate_id}": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "PUT /training/requirements/{scheme_code}": roles(Role.LSP_ADMIN),
    "GET /training/requirements/{scheme_code}": roles(*TRAINING_READERS),
    "POST /training/completions": roles(*TRAINING_RECORDERS),
    "POST /training/completions/imports": roles(*TRAINING_RECORDERS),
    "GET /training/status": roles(*PLANNER_ROLES),
    "GET /training/candidates/{candidate_id}": roles(*TRAINING_READERS),
    "POST /appeals": roles(Role.CANDIDATE, own_only=EXAMINEE_OWN),
    "GET /appeals/{appeal_id}": roles(Role.CANDIDATE, *APPEAL_STAFF, own_only=EXAMINEE_OWN),
    "POST /appeals/{appeal_id}/reviewer": roles(Role.LSP_ADMIN),
    "POST /appeals/{appeal_id}/decision": roles(Role.DECISION_MAKER),
    "GET /appeals": roles(*APPEAL_STAFF),
    # Before the exam: an admin moves or cancels a session; the admin or its assessor sets the
    # plan (MAPA); the assessor keeps each candidate's consultation, adjustments (AK.07) and
    # signs AK.01, which the candidate signs on their phone (own attempts only).
    "POST /sessions/{session_id}/reschedule": roles(Role.LSP_ADMIN),
    "POST /sessions/{session_id}/cancel": roles(Role.LSP_ADMIN),
    "PUT /sessions/{session_id}/plan": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/plan": roles(*SESSION_ROLES),
    "GET /attempts/{attempt_id}/preparation": roles(*SESSION_ROLES),
    "PUT /attempts/{attempt_id}/consultation": roles(Role.ASSESSOR),
    "PUT /attempts/{attempt_id}/adjustments": roles(Role.ASSESSOR),
    "POST /attempts/{attempt_id}/consent": roles(Role.ASSESSOR),
    "POST /exams/{attempt_id}/consent": roles(Role.CANDIDATE, own_only=EXAMINEE_OWN),
    # Evidence files (photos, scans, interviews' audio): the session's assessors and its LSP's
    # admins upload and read them; another LSP's session is not found.
    "POST /sessions/{session_id}/evidence": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/evidence/{content_hash}": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    # FR.AK.05: the session's assessor writes and submits the report to the test site's head;
    # the LSP's admins and the heads of the session's test site read its submitted versions.
    "PUT /sessions/{session_id}/report": roles(Role.ASSESSOR),
    "POST /sessions/{session_id}/report/submission": roles(Role.ASSESSOR),
    "GET /sessions/{session_id}/report": roles(*SESSION_ROLES),
    # What the capture says, to write the report from: the session's assessors (their own
    # candidates) and its LSP's admins, as the capture itself.
    "GET /sessions/{session_id}/report/findings": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /progress/sessions/{session_id}": roles(*PROGRESS_READERS),
    "GET /progress/districts": roles(*PROGRESS_READERS),
    "GET /progress/districts/{code}/schemes": roles(*PROGRESS_READERS),
}
