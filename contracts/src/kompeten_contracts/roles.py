"""Who may do what: the role names that session tokens carry from registration (which issues
them) to every service that checks them, and that audit records name."""

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
    # A training provider (e.g. a BLK) working for one LSP: records the diklat modules its
    # candidates completed.
    TRAINING_PROVIDER = "training_provider"


STAFF = frozenset(Role) - {Role.CANDIDATE, Role.PARTNER}
