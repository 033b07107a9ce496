"""An assessment sat and recommended, through assessment's own API as the people do it: the
seeded cashier bank published, accepted applications, a session scheduled and assigned, the
exam started, each phone sending its answers (all right, or none) and finishing, the assessor
judging every unit. For tests that start where a recommendation exists (appeals, re-assessment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from bank_samples import scheme_version

from assessment.banks.seed import seed_banks
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.planning.domain.consent_terms import TERMS_VERSION
from assessment.shared.application.repositories import attempts, sessions
from eventkit.testing.key_store import ScratchKeyStore
from eventkit.testing.waiting import wait_until
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

KASIR = [f"M.649000.01{n}.01" for n in range(1, 5)]
BENDAHARA = [f"M.649000.02{n}.01" for n in range(1, 5)]


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


async def cashier_bank(service: AssessmentService, lsp_id: UUID) -> None:
    async with service.pool.acquire() as conn, conn.transaction():
        await service.schemes().add(conn, scheme_version("KOP-KASIR", lsp_id, KASIR))
        await service.schemes().add(conn, scheme_version("KOP-BENDAHARA", lsp_id, BENDAHARA))
    await seed_banks(service.banks(), service.schemes())

    async def published() -> bool:
        try:
            return bool(await service.published_banks().published(lsp_id, "KOP-KASIR"))
        except Refusal:
            return False

    await wait_until(published, what="the cashier bank published")


async def accepted(
    service: AssessmentService, lsp_id: UUID, n: int, on: datetime
) -> list[AcceptedApplication]:
    found = [
        AcceptedApplication(
            uuid4(), uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", [], on, lsp_id
        )
        for _ in range(n)
    ]
    async with service.pool.acquire() as conn, conn.transaction():
        for application in found:
            await service.accepted().add(conn, application)
    return found


async def keyed(keys: ScratchKeyStore, candidate_ids: list[UUID]) -> None:
    """Each candidate given their key in the key store, as registering them in registration
    does (it seals their details): assessment seals their evidence and grounds under it."""
    for candidate_id in candidate_ids:
        await keys.seal(candidate_id, {"full_name": "Ni Made Sari"})


def session_body(site_id: UUID, assessor: UUID, starts: datetime) -> dict[str, Any]:
    return {"scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
            "district_code": "5107", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=3)).isoformat(), "exam_minutes": 60,
            "capacity": 40, "assessor_ids": [str(assessor)]}  # fmt: skip


def phone(candidate_id: UUID) -> dict[str, str]:
    return bearer_headers(Role.CANDIDATE, candidate_id=candidate_id)


async def sit(service: AssessmentService, api: httpx.AsyncClient, attempt_id: str,
              candidate_id: UUID, all_right: bool) -> None:  # fmt: skip
    """The phone answers every multiple-choice question (right, as the key drawn with it says)
    or none, and finishes: the attempt is complete and scored at once."""
    drawn = (await attempts(service.shared().store).load(UUID(attempt_id))).state.drawn
    assert drawn is not None
    await consented(service, api, attempt_id, drawn.session_id, candidate_id, drawn.lsp_id)
    keyed = [q for q in drawn.questions if q.correct is not None] if all_right else []
    answers = [
        {"answer_id": str(uuid4()), "question_id": q.question_id, "seq": i + 1,
         "elapsed_ms": 60_000, "choice": q.correct}
        for i, q in enumerate(keyed)
    ]  # fmt: skip
    body = {"written_through": len(answers), "answers": answers, "finished": True}
    sent = await api.post(f"/exams/{attempt_id}/answers", json=body, headers=phone(candidate_id))
    assert sent.status_code == 200 and sent.json()["all_sent"], sent.text


async def planned(api: httpx.AsyncClient, session_id: str, assessor: dict[str, str]) -> None:
    """The session's assessment plan (FR.MAPA.01), set before the exam starts."""
    mapa = {"units": {unit: ["IA.05"] for unit in KASIR}}
    done = await api.put(f"/sessions/{session_id}/plan", json=mapa, headers=assessor)
    assert done.status_code == 200, done.text


async def consented(
    service: AssessmentService, api: httpx.AsyncClient, attempt_id: str, session_id: UUID,
    candidate_id: UUID, lsp_id: UUID | None,
) -> None:  # fmt: skip
    """FR.AK.01 signed on both sides (the session's plan was set before its start)."""
    session = (await sessions(service.shared().store).load(session_id)).state
    assert session.plan is not None
    assignment = session.assigned(candidate_id)
    assert assignment is not None
    assessor = bearer_headers(Role.ASSESSOR, account_id=assignment.assessor_id, lsp_id=lsp_id)
    terms = {"terms_version": TERMS_VERSION}
    for path, headers in ((f"/exams/{attempt_id}/consent", phone(candidate_id)),
                          (f"/attempts/{attempt_id}/consent", assessor)):  # fmt: skip
        signed = await api.post(path, json=terms, headers=headers)
        assert signed.status_code == 200, signed.text


async def recommended(
    api: httpx.AsyncClient, attempt_id: str, outcome: str, assessor: dict[str, str],
    staff: dict[str, str],
) -> dict[str, Any]:  # fmt: skip
    """The assessor judges every unit `outcome`; the recommendation, once it is published."""
    body = {"units": [{"unit_code": u, "outcome": outcome, "evidence": ["IA.05", "IA.09"]}
                      for u in KASIR],
            "feedback": "Umpan balik disampaikan kepada asesi dan diterima."}  # fmt: skip
    judged = await api.put(f"/attempts/{attempt_id}/judgement", json=body, headers=assessor)
    assert judged.status_code == 200, judged.text

    async def published() -> dict[str, Any] | None:
        state = (await api.get(f"/attempts/{attempt_id}/judgement", headers=staff)).json()
        found: dict[str, Any] | None = state["recommendation"]
        return found

    return await wait_until(published, timeout=20, what=f"the recommendation on {attempt_id}")
