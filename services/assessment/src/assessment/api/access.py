"""Who reads assessment's API: the LSP's own staff who plan and run assessments read the pool
of received candidates and accepted applications; district operators register people, they
do not plan assessments. The matrix test holds the API to ACCESS."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kompeten_contracts.roles import Role
from servicekit.access import AccessTable, roles
from servicekit.auth import Principal, require_roles

PLANNER_ROLES = (Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER)
_is_planner = require_roles(*PLANNER_ROLES)
PLANNERS = [Depends(_is_planner)]
# The planner as a parameter (one check per request: FastAPI runs one dependency once): an
# LSP's planners see the applications made to their LSP only.
Planner = Annotated[Principal, Depends(_is_planner)]

ACCESS: AccessTable = {
    "GET /candidates": roles(*PLANNER_ROLES),
    "GET /candidates/{candidate_id}": roles(*PLANNER_ROLES),
    "GET /applications": roles(*PLANNER_ROLES),
    "GET /applications/{application_id}": roles(*PLANNER_ROLES),
    # Question banks: an LSP's admins import and publish; its staff read them (correct options
    # included), never a candidate.
    "POST /banks/{scheme_code}/imports": roles(Role.LSP_ADMIN),
    "POST /banks/{scheme_code}/versions": roles(Role.LSP_ADMIN),
    "GET /banks": roles(*PLANNER_ROLES),
    "GET /banks/{scheme_code}/versions/{version}": roles(*PLANNER_ROLES),
}
