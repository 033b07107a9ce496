"""Who sees a candidate's name on the roster (issue 10, capability 11: an assessor sees the names
of the candidates assigned to their session, to check identity at the door, and no one else's).
The names arrive as registration sends them, sealed under each person's key on the internal
personal-data topic; assessment keeps them sealed, opens them with a read-only reader of the
key store (here a fresh schema holding `person_keys`, as registration's vault keeps them), and
records every opening. Erasing the person in the key store removes the name at once.

The matrix: the session's assessor, its LSP's admin and the head of the session's test site read
the names; the head of another site of the same LSP gets the roster without them (and 403 on a
candidate's preparation and judgement); the assessor of another session of the same LSP, a
decision maker and a candidate are refused; another LSP's admin finds no such session. Nobody
refused, and nobody shown the roster without names, causes a read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site
from assessment_sitting import Clock, accepted, cashier_bank, session_body

from assessment.api.app import create_app
from assessment.bootstrap import AssessmentService
from assessment.consumers import personal_data
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.kafka import publish
from eventkit.testing.key_store import ScratchKeyStore, fresh_key_store
from eventkit.testing.waiting import wait_until
from kompeten_contracts.internal import HolderDetailsSealedV1
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration
LSP, OTHER_LSP = uuid4(), uuid4()
DAY = datetime(2026, 12, 1, 7, tzinfo=UTC)
STARTS = DAY + timedelta(hours=2)
NAMES = ["Ni Luh Putu Ayu Lestari", "I Gede Made Wirawan", "Kadek Sri Utami"]
ERASED = "dihapus atas permintaan"


@dataclass
class World:
    service: AssessmentService
    api: httpx.AsyncClient
    keys: ScratchKeyStore
    admin: UUID
    assessor: UUID
    other_assessor: UUID
    session_id: str
    other_session_id: str
    candidates: list[UUID]  # of the session: the first two named, the third never sent
    other_candidate: UUID  # of the other session, named

    def roster(self, role: Role, account: UUID | None = None, lsp: UUID = LSP,
               session: str | None = None) -> Any:  # fmt: skip
        headers = bearer_headers(role, account_id=account, lsp_id=lsp, candidate_id=None)
        return self.api.get(f"/sessions/{session or self.session_id}/roster", headers=headers)


async def sealed(keys: ScratchKeyStore, candidate_id: UUID, name: str) -> HolderDetailsSealedV1:
    """As registration's acceptance seals them, under the person's key."""
    fields = {"full_name": name, "birth_place": "Bangli", "birth_date": "1990-04-01"}
    return HolderDetailsSealedV1(candidate_id=candidate_id, application_id=uuid4(), lsp_id=LSP,
                                 sealed=await keys.seal(candidate_id, fields),
                                 accepted_at=datetime.now(UTC))  # fmt: skip


async def scheduled(service: AssessmentService, api: httpx.AsyncClient, admin: UUID,
                    assessor: UUID, candidates: int) -> tuple[str, list[UUID]]:  # fmt: skip
    headers = bearer_headers(Role.LSP_ADMIN, account_id=admin, lsp_id=LSP)
    site = await verified_site(api, headers, STARTS.date())
    await licensed_assessor(api, headers, assessor, STARTS.date())
    created = await api.post("/sessions", json=session_body(site, assessor, STARTS),
                             headers=headers)  # fmt: skip
    assert created.status_code == 201, created.text
    session_id = created.json()["session_id"]
    return session_id, await assigned(service, api, headers, session_id, candidates)


async def assigned(service: AssessmentService, api: httpx.AsyncClient,
                   headers: dict[str, str], session_id: str, n: int) -> list[UUID]:  # fmt: skip
    applications = await accepted(service, LSP, n, DAY)
    ids = [str(a.application_id) for a in applications]
    done = await api.post(f"/sessions/{session_id}/assignments",
                          json={"application_ids": ids}, headers=headers)  # fmt: skip
    assert done.status_code == 200, done.text
    return [a.candidate_id for a in applications]


@pytest.fixture
async def world() -> AsyncIterator[World]:
    async with fresh_schema("names") as schema, fresh_key_store() as keys:
        service = AssessmentService(
            load_settings(), schema=schema, database=TEST_DATABASE, clock=Clock(DAY),
            source_topic=unique_topic("kompeten.registration.events"),
            personal_data_topic=unique_topic("kompeten.internal.personal-data"),
            topic=unique_topic("kompeten.assessment.events"),
            group_id=f"assessment-{uuid4().hex[:8]}", run_relay=False,
            key_store=keys.location,
            subscriptions=[personal_data.subscribe],
        )  # fmt: skip
        await service.start()
        try:
            await cashier_bank(service, LSP)
            transport = httpx.ASGITransport(app=create_app(service))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                admin, assessor, other = uuid4(), uuid4(), uuid4()
                session_id, candidates = await scheduled(service, api, admin, assessor, 3)
                other_session, (other_candidate,) = await scheduled(service, api, admin, other, 1)
                named = [*zip(candidates[:2], NAMES[:2], strict=True),
                         (other_candidate, NAMES[2])]  # fmt: skip
                sent = [await sealed(keys, c, name) for c, name in named]
                await publish(service.personal_data_topic,
                              [(f"application-{e.application_id}", e) for e in sent])  # fmt: skip
                yield World(service, api, keys, admin, assessor, other, session_id,
                            other_session, candidates, other_candidate)  # fmt: skip
        finally:
            await service.stop()


async def appointed_head(world: World, session: str | None = None) -> UUID:
    """A test_site_head appointed by the admin to the site of `session` (default: the world's)."""
    admin = bearer_headers(Role.LSP_ADMIN, account_id=world.admin, lsp_id=LSP)
    found = await world.api.get(f"/sessions/{session or world.session_id}", headers=admin)
    assert found.status_code == 200, found.text
    head = uuid4()
    done = await world.api.put(f"/sites/{found.json()['site_id']}/heads", headers=admin,
                               json={"head_ids": [str(head)]})  # fmt: skip
    assert done.status_code == 200, done.text
    return head


def names_of(roster: httpx.Response) -> dict[UUID, tuple[str | None, str, str]]:
    assert roster.status_code == 200, roster.text
    return {
        UUID(line["candidate_id"]): (line["name"], line["name_status"], line["name_label"])
        for line in roster.json()["candidates"]
    }


async def reads(world: World) -> list[tuple[UUID, UUID, str, str]]:
    rows = await world.service.pool.fetch(
        f'SELECT candidate_id, actor_id, actor_role, purpose FROM "{world.service.schema}"'
        ".personal_data_reads ORDER BY id"
    )
    return [(r["candidate_id"], r["actor_id"], r["actor_role"], r["purpose"]) for r in rows]


async def test_the_sessions_assessor_sees_the_names_of_its_candidates_and_every_read_is_kept(
    world: World,
) -> None:
    first, second, unsent = world.candidates

    async def named() -> dict[UUID, Any] | None:
        found = names_of(await world.roster(Role.ASSESSOR, world.assessor))
        return found if found[second][0] == NAMES[1] else None

    shown = await wait_until(named, timeout=30, what="the sealed names received and opened")
    assert shown[first] == (NAMES[0], "shown", NAMES[0])
    assert shown[unsent] == (None, "not_received", "nama belum diterima (name not received yet)")
    assert NAMES[2] not in str(shown)  # the other session's candidate is not on this roster

    site_head = await world.roster(Role.TEST_SITE_HEAD, await appointed_head(world))
    admin = await world.roster(Role.LSP_ADMIN, world.admin)
    for roster in (site_head, admin):
        assert {c: n[0] for c, n in names_of(roster).items()} == {
            first: NAMES[0],
            second: NAMES[1],
            unsent: None,
        }

    before = len(await reads(world))
    refused = [
        (await world.roster(Role.ASSESSOR, world.other_assessor), 403, "session_id"),
        (await world.roster(Role.DECISION_MAKER, uuid4()), 403, None),
        (await world.roster(Role.CANDIDATE, first), 403, None),
        (await world.roster(Role.LSP_ADMIN, uuid4(), lsp=OTHER_LSP), 404, "session_id"),
    ]
    for answer, status, field in refused:
        assert answer.status_code == status, answer.text
        assert not any(name in answer.text for name in NAMES)
        if field:
            assert answer.json()["errors"][0]["field"] == field
    assert len(await reads(world)) == before  # a refused caller reads nothing

    # The other session's assessor sees their own candidate's name, and only that one.
    theirs = names_of(await world.roster(Role.ASSESSOR, world.other_assessor,
                                         session=world.other_session_id))  # fmt: skip
    assert theirs == {world.other_candidate: (NAMES[2], "shown", NAMES[2])}

    kept = await reads(world)
    assert (first, world.assessor, "assessor", "roster") in kept
    assert (first, world.admin, "lsp_admin", "roster") in kept
    assert sum(1 for r in kept if r[1] == world.admin) == 2  # one read per name opened
    assert (world.other_candidate, world.other_assessor, "assessor", "roster") in kept
    assert not [r for r in kept if r[0] == unsent]  # nothing to open: no read
    assert not [r for r in kept if r[1] == world.other_assessor and r[0] != world.other_candidate]

    held = await world.service.pool.fetchval(
        f"SELECT string_agg(t::text, '') FROM \"{world.service.schema}\".sealed_details t"
    )
    assert str(first) in held and not any(name in held for name in NAMES)  # ciphertext only


async def test_an_erased_candidate_shows_as_erased_without_a_name(world: World) -> None:
    first, second, _ = world.candidates

    async def named() -> dict[UUID, Any] | None:
        found = names_of(await world.roster(Role.ASSESSOR, world.assessor))
        return found if found[first][0] == NAMES[0] else None

    await wait_until(named, timeout=30, what="the sealed names received and opened")
    assert await world.keys.erase(first)  # registration's erasure: the key is gone
    before = await reads(world)
    after = names_of(await world.roster(Role.ASSESSOR, world.assessor))
    assert after[first][:2] == (None, "erased") and after[first][2].startswith(ERASED)
    assert after[second][0] == NAMES[1]
    new = (await reads(world))[len(before) :]
    assert [r[0] for r in new] == [second]  # an erased name is not read: nothing to record


async def test_only_the_head_of_the_sessions_site_sees_its_candidates(world: World) -> None:
    """Site heads are appointed per site: the head of the session's site sees the names (and a
    candidate's preparation and judgement), the head of the LSP's other site sees the hall's state
    without names (nothing opened, nothing recorded) and is refused the candidate's records."""
    first, second, unsent = world.candidates
    ours, theirs = await appointed_head(world), await appointed_head(world, world.other_session_id)

    async def named() -> dict[UUID, Any] | None:
        found = names_of(await world.roster(Role.TEST_SITE_HEAD, ours))
        return found if found[second][0] == NAMES[1] else None

    shown = await wait_until(named, timeout=30, what="the sealed names received and opened")
    assert shown[first] == (NAMES[0], "shown", NAMES[0])
    before = await reads(world)
    assert (first, ours, "test_site_head", "roster") in before

    other_head = await world.roster(Role.TEST_SITE_HEAD, theirs)
    lines = names_of(other_head)
    assert set(lines) == {first, second, unsent}  # the hall's state: who, by id
    assert {line[:2] for line in lines.values()} == {(None, "withheld")}
    assert not any(name in other_head.text for name in NAMES)
    assert len(await reads(world)) == len(before)  # nothing opened for them

    attempt = {UUID(line["candidate_id"]): line["attempt_id"]
               for line in other_head.json()["candidates"]}  # fmt: skip
    views = [f"/attempts/{attempt[first]}/preparation", f"/attempts/{attempt[first]}/judgement"]
    for path in views:
        for role, account, status in [
            (Role.TEST_SITE_HEAD, ours, 200),
            (Role.LSP_ADMIN, world.admin, 200),
            (Role.ASSESSOR, world.assessor, 200),
            (Role.TEST_SITE_HEAD, theirs, 403),
            (Role.ASSESSOR, world.other_assessor, 403),
        ]:
            headers = bearer_headers(role, account_id=account, lsp_id=LSP, candidate_id=None)
            answer = await world.api.get(path, headers=headers)
            assert answer.status_code == status, (path, role, answer.text)
            if status == 403:
                assert answer.json()["errors"][0]["field"] == "session_id"

    # The other site's head sees their own session's candidate by name.
    mine = names_of(await world.roster(Role.TEST_SITE_HEAD, theirs,
                                       session=world.other_session_id))  # fmt: skip
    assert mine == {world.other_candidate: (NAMES[2], "shown", NAMES[2])}
