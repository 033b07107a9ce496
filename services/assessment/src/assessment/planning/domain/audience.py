"""Who sees a session's people: its candidates' names and what is recorded about each of them
(adjustment needs, the consultation, the judgement). The pure rule; the API asks it through
planning.application.session_audience.

- an LSP admin (the planner) of the session's LSP: yes (they assigned the candidates);
- an assessor: only of this session (identity at the door, the assessment itself);
- a test-site head: only a head of this session's site (appointed with PUT /sites/{id}/heads),
  who receives the assessor's report and answers for the hall; a head of another site of the
  same LSP runs another hall and has no need of these people's data;
- anyone else (decision makers, training providers, candidates): no (they are refused by role
  before this rule is asked, and it says no again if asked).
The LSP itself is checked before (another LSP's session is not found)."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from kompeten_contracts.roles import Role


def sees_people(
    role: Role, account_id: UUID, assessor_ids: Collection[UUID], site_heads: Collection[UUID]
) -> bool:
    if role is Role.LSP_ADMIN:
        return True
    if role is Role.ASSESSOR:
        return account_id in assessor_ids
    if role is Role.TEST_SITE_HEAD:
        return account_id in site_heads
    return False
