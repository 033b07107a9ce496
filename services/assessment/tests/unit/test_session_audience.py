"""Who sees a session's people (planning.domain.audience): the LSP's admins, the session's own
assessors and the heads of its own test site; another session's assessor, another site's head
and every other role do not."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from assessment.planning.domain.audience import sees_people
from kompeten_contracts.roles import Role

ASSESSOR, HEAD, OTHER = uuid4(), uuid4(), uuid4()


@pytest.mark.parametrize(
    ("role", "account", "sees"),
    [
        (Role.LSP_ADMIN, OTHER, True),
        (Role.ASSESSOR, ASSESSOR, True),
        (Role.TEST_SITE_HEAD, HEAD, True),
        (Role.ASSESSOR, OTHER, False),
        (Role.TEST_SITE_HEAD, OTHER, False),
        (Role.TEST_SITE_HEAD, ASSESSOR, False),  # an assessor's id under another role
        (Role.DECISION_MAKER, ASSESSOR, False),
        (Role.CANDIDATE, HEAD, False),
    ],
)
def test_who_sees_the_sessions_people(role: Role, account: UUID, sees: bool) -> None:
    assert sees_people(role, account, [ASSESSOR], [HEAD]) is sees


def test_a_site_with_no_head_appointed_shows_its_people_to_no_site_head() -> None:
    assert not sees_people(Role.TEST_SITE_HEAD, HEAD, [ASSESSOR], [])
