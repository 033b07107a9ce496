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
OWN = (Role.CANDIDATE,)

ACCESS: AccessTable = {
    "GET /candidates": roles(*PLANNER_ROLES),
    "GET /candidates/{candidate_id}": roles(*PLANNER_ROLES),
    "GET /applications": roles(*PLANNER_ROLES),
    "GET /applications/{application_id}": roles(*PLANNER_ROLES),
    "POST /sessions": roles(Role.LSP_ADMIN),
    "GET /sessions/{session_id}": roles(*SESSION_ROLES),
    "POST /sessions/{session_id}/assignments": roles(Role.LSP_ADMIN),
    "POST /sessions/{session_id}/start": roles(Role.LSP_ADMIN, Role.ASSESSOR),
    "GET /sessions/{session_id}/start-code": roles(*SESSION_ROLES),
    "GET /exams/{attempt_id}": roles(Role.CANDIDATE, own_only=OWN),
    "GET /exams/{attempt_id}/package": roles(Role.CANDIDATE, own_only=OWN),
    "GET /exams/{attempt_id}/release": roles(Role.CANDIDATE, own_only=OWN),
    "POST /exams/{attempt_id}/answers": roles(Role.CANDIDATE, own_only=OWN),
}
