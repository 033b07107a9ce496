"""Certificate numbers on the real database: 16 issuers at once never repeat or skip a number
of one (LSP, scheme, year); one certificate numbered twice keeps its number; a transaction that
rolls back leaves no gap. The whole decision path is proven the same way: 16 decision makers
deciding 16 recommendations at once get 16 certificates numbered 1..16."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
from certificate_cases import AT, recommendation
from certificate_stack import running_certificate

from certificate.bootstrap import CertificateService
from certificate.issuance.adapters.numbering_table import PostgresNumbering
from certificate.issuance.domain.numbering import NumberFormat
from certificate.recommendations.application.recommendation_published import (
    when_recommendation_published,
)
from certificate.shared.domain.outcomes import Outcome
from eventkit.testing.waiting import wait_until
from eventkit.uow import PostgresUnitOfWork

pytestmark = pytest.mark.integration
WRITERS = 16


class Abandoned(Exception):
    pass


async def test_concurrent_issuers_never_repeat_or_skip_and_a_certificate_keeps_its_number() -> None:
    async with running_certificate(consume=False) as service:
        numbering, uow = PostgresNumbering(service.schema), PostgresUnitOfWork(service.pool)
        lsp, fmt = uuid4(), NumberFormat()
        certificates = [uuid4() for _ in range(WRITERS)]

        async def issue(certificate_id: object, abandon: bool = False) -> tuple[int, str]:
            async with uow.transaction() as tx:
                found = await numbering.allocate(
                    tx, certificate_id, lsp, "KOP-KASIR", 2026,
                    lambda seq: fmt.render("KOP-KASIR", 2026, seq),
                )  # fmt: skip
                if abandon:
                    raise Abandoned
                return found

        async def abandoned() -> None:
            with pytest.raises(Abandoned):
                await issue(uuid4(), abandon=True)

        results = await asyncio.gather(
            *(issue(c) for c in certificates), *(abandoned() for _ in range(4))
        )
        numbered = [r for r in results if r is not None]
        assert sorted(seq for seq, _ in numbered) == list(range(1, WRITERS + 1))
        assert len({number for _, number in numbered}) == WRITERS
        assert ("KOP-KASIR/2026/00001") in {number for _, number in numbered}
        again = await asyncio.gather(*(issue(c) for c in certificates[:4]))
        assert again == [numbered[i] for i in range(4)]  # once per certificate
        assert await issue(uuid4()) == (WRITERS + 1, "KOP-KASIR/2026/00017")  # no gap
        other_scheme = await issue_for(service, "KOP-BENDAHARA", lsp)
        assert other_scheme[0] == 1  # each (LSP, scheme, year) counts on its own


async def test_numbers_given_many_at_once_follow_on_without_a_gap_or_a_repeat() -> None:
    """`allocate_many` beside single allocations of the same series, some transactions rolled
    back: consecutive numbers in the order given, each certificate's own kept, none skipped."""
    async with running_certificate(consume=False) as service:
        numbering, uow = PostgresNumbering(service.schema), PostgresUnitOfWork(service.pool)
        lsp, fmt = uuid4(), NumberFormat()
        cohorts = [[uuid4() for _ in range(50)] for _ in range(4)]
        singles = [uuid4() for _ in range(WRITERS)]

        def render(seq: int) -> str:
            return fmt.render("KOP-KASIR", 2026, seq)

        async def many(ids: list[object], abandon: bool = False) -> dict[object, tuple[int, str]]:
            async with uow.transaction() as tx:
                found = await numbering.allocate_many(tx, ids, lsp, "KOP-KASIR", 2026, render)
                if abandon:
                    raise Abandoned
                return dict(found)

        async def one(certificate_id: object) -> dict[object, tuple[int, str]]:
            async with uow.transaction() as tx:
                found = await numbering.allocate(tx, certificate_id, lsp, "KOP-KASIR", 2026, render)
                return {certificate_id: found}

        async def abandoned() -> dict[object, tuple[int, str]]:
            with pytest.raises(Abandoned):
                await many([uuid4() for _ in range(7)], abandon=True)
            return {}

        results = await asyncio.gather(*(many(c) for c in cohorts), *(one(c) for c in singles),
                                       abandoned(), abandoned())  # fmt: skip
        numbered = {k: v for r in results for k, v in r.items()}
        assert sorted(seq for seq, _ in numbered.values()) == list(range(1, 201 + WRITERS))
        for cohort in cohorts:  # each cohort's numbers in one run, in its order
            seqs = [numbered[c][0] for c in cohort]
            assert seqs == list(range(seqs[0], seqs[0] + 50))
        mixed = await many([cohorts[0][3], uuid4(), singles[0]])
        assert mixed[cohorts[0][3]] == numbered[cohorts[0][3]]
        assert mixed[singles[0]] == numbered[singles[0]]
        assert sorted(seq for seq, _ in mixed.values())[-1] == 201 + WRITERS  # the next one


async def issue_for(service: CertificateService, scheme: str, lsp: object) -> tuple[int, str]:
    async with PostgresUnitOfWork(service.pool).transaction() as tx:
        return await PostgresNumbering(service.schema).allocate(
            tx, uuid4(), lsp, scheme, 2026, lambda seq: f"{scheme}/{seq}"
        )


async def test_sixteen_decision_makers_at_once_issue_sixteen_numbers_without_a_gap() -> None:
    async with running_certificate(consume=False) as service:
        lsp = uuid4()
        events = [recommendation(lsp_id=lsp) for _ in range(WRITERS)]
        features = service.features()
        for event in events:
            async with PostgresUnitOfWork(service.pool).transaction() as tx:
                await when_recommendation_published(features.recommendations, tx, event, AT)
        members = [uuid4() for _ in events]
        judged = await asyncio.gather(*(
            features.decide.judge(e.attempt_id, m, lsp, Outcome.COMPETENT)
            for e, m in zip(events, members, strict=True)
        ))  # fmt: skip
        numbers = sorted(j.certificate_number or "" for j in judged)
        year = service.now().year
        assert numbers == [f"KOP-KASIR/{year}/{n:05d}" for n in range(1, WRITERS + 1)]
        retried = await features.decide.judge(events[0].attempt_id, members[0], lsp,
                                              Outcome.COMPETENT)  # fmt: skip
        assert retried == judged[0]  # a retry issues nothing new and answers the same


async def test_a_session_decided_in_groups_beside_single_decisions_numbers_each_once() -> None:
    """A cohort of 120 decided at once (Decide.judge_many: groups of 50, two side by side, one
    transaction each) while the same decision maker also decides 16 of its members one by one:
    the groups that lose a race are judged again one by one, and every member is decided and
    numbered once, 1..120 with no gap, whichever path recorded it."""
    async with running_certificate(consume=False) as service:
        lsp, session, member = uuid4(), uuid4(), uuid4()
        events = [recommendation(lsp_id=lsp, session_id=session) for _ in range(120)]
        events.append(recommendation(lsp_id=lsp, session_id=session, assessor_ids=(member,)))
        features = service.features()
        async with PostgresUnitOfWork(service.pool).transaction() as tx:
            for event in events:
                await when_recommendation_published(features.recommendations, tx, event, AT)

        async def listed() -> bool:
            awaiting = await features.decide_session.awaiting.of_session(lsp, session, 500)
            return len(awaiting) == len(events)

        await wait_until(listed, timeout=30, what="the session's recommendations listed")
        singles = events[::7][:WRITERS]
        items, *judged = await asyncio.gather(
            features.decide_session.as_recommended(session, member, lsp),
            *(features.decide.judge(e.attempt_id, member, lsp, Outcome.COMPETENT)
              for e in singles),
        )  # fmt: skip
        by_attempt = {item.attempt_id: item for item in items}
        [refused] = [item for item in items if item.refused]
        assert refused.attempt_id == events[-1].attempt_id  # the member assessed that one
        assert {p.field for p in refused.refused} == {"assessor_ids"}
        numbers = [by_attempt[e.attempt_id].judgement for e in events[:-1]]
        assert all(j is not None and j.outcome is Outcome.COMPETENT for j in numbers)
        year = service.now().year
        assert sorted(j.certificate_number or "" for j in numbers if j) == [
            f"KOP-KASIR/{year}/{n:05d}" for n in range(1, 121)
        ]
        for event, single in zip(singles, judged, strict=True):
            answered = by_attempt[event.attempt_id].judgement
            assert answered is not None and single.certificate_number == answered.certificate_number
        decided = [e async for e in _decided(service)]
        assert len(decided) == 120 == len(set(decided))  # each decision recorded once


async def _decided(service: CertificateService) -> AsyncIterator[str]:
    async with service.pool.acquire() as conn:
        rows = await conn.fetch(
            f"SELECT stream_id FROM {service.schema}.events"
            " WHERE event_type = 'CertificationDecided'"
        )
    for row in rows:
        yield row["stream_id"]
