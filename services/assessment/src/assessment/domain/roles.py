"""Who may do what in assessment. Values are the official role names carried in session tokens
(registration issues them); a name not listed here is not a role assessment accepts."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CANDIDATE = "candidate"
    LSP_ADMIN = "lsp_admin"
    DISTRICT_OPERATOR = "district_operator"
    ASSESSOR = "assessor"
    TEST_SITE_HEAD = "test_site_head"
    DECISION_MAKER = "decision_maker"
    PARTNER = "partner"


# The LSP's own staff who plan and run assessments read the pool of received candidates and
# accepted applications; district operators register people, they do not plan assessments.
PLANNERS = frozenset({Role.LSP_ADMIN, Role.ASSESSOR, Role.TEST_SITE_HEAD, Role.DECISION_MAKER})
