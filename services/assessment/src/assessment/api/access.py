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

ASSESSOR_KEEPERS, OWN = (Role.LSP_ADMIN, Role.ASSESSOR), (Role.ASSESSOR,)
ASSESSOR_READERS = (Role.LSP_ADMIN, Role.TEST_SITE_HEAD, Role.DECISION_MAKER)

ACCESS: AccessTable = {
    "GET /candidates": roles(*PLANNER_ROLES),
    "GET /candidates/{candidate_id}": roles(*PLANNER_ROLES),
    "GET /applications": roles(*PLANNER_ROLES),
    "GET /applications/{application_id}": roles(*PLANNER_ROLES),
    "POST /sites": roles(Role.LSP_ADMIN),
    "PUT /sites/{site_id}/equipment/{scheme_code}": roles(Role.LSP_ADMIN),
    "POST /sites/{site_id}/verification": roles(Role.LSP_ADMIN),
    "GET /sites": roles(*PLANNER_ROLES),
    "GET /sites/{site_id}": roles(*PLANNER_ROLES),
    "POST /assessors": roles(Role.LSP_ADMIN),
    "PUT /assessors/{assessor_id}/schemes": roles(Role.LSP_ADMIN),
    # An assessor declares their own relations and unavailable dates; another's answers 404.
    "POST /assessors/{assessor_id}/relations": roles(*ASSESSOR_KEEPERS, own_only=OWN),
    "POST /assessors/{assessor_id}/unavailability": roles(*ASSESSOR_KEEPERS, own_only=OWN),
    "GET /assessors": roles(*ASSESSOR_READERS),
    "GET /assessors/me": roles(Role.ASSESSOR),
    "GET /assessors/{assessor_id}": roles(*ASSESSOR_READERS),
}
