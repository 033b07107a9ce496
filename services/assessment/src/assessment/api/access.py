"""Who reads assessment's API: the LSP's own staff who plan and run assessments read the pool
of received candidates and accepted applications; district operators register people, they
do not plan assessments. The matrix test holds the API to ACCESS."""

from __future__ import annotations

from fastapi import Depends

from kompeten_contracts.roles import Role
from servicekit.access import AccessTable, roles
from servicekit.auth import require_roles

PLANNER_ROLES = (Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER)
PLANNERS = [Depends(require_roles(*PLANNER_ROLES))]

ACCESS: AccessTable = {
    "GET /candidates": roles(*PLANNER_ROLES),
    "GET /candidates/{candidate_id}": roles(*PLANNER_ROLES),
    "GET /applications": roles(*PLANNER_ROLES),
    "GET /applications/{application_id}": roles(*PLANNER_ROLES),
}
