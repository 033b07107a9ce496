"""An exam session ready for a candidate's phone, prepared through assessment's API as the LSP's
office does (the bank seeded, a verified site, a licensed assessor, the application accepted,
the session scheduled starting in 5 minutes so the start code is out, the candidate assigned,
the MAPA set): for the offline exam's browser test and the Lighthouse audit of the exam
screen (bench.web_budgets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx
from assessment_hall import licensed_assessor, verified_site
from bank_samples import scheme_version

from assessment.banks.seed import seed_banks
from assessment.bootstrap import AssessmentService
from assessment.intake.application.application_accepted import AcceptedApplication
from eventkit.testing.waiting import wait_until
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

KASIR = [f"M.649000.01{n}.01" for n in range(1, 5)]
BENDAHARA = [f"M.649000.02{n}.01" for n in range(1, 5)]


@dataclass(frozen=True)
class Planned:
    session_id: str
    attempt_id: str
    candidate_id: UUID
    assessor: UUID


async def seeded_cashier_bank(service: AssessmentService, lsp: UUID | None = None) -> UUID:
    """The seeded cashier bank published for the cashier scheme's LSP, which is returned: the
    schemes added here for `lsp`, or (None) as they reached assessment from registration."""
    if lsp is not None:
        async with service.pool.acquire() as conn, conn.transaction():
            await service.schemes().add(conn, scheme_version("KOP-KASIR", lsp, KASIR))
            await service.schemes().add(conn, scheme_version("KOP-BENDAHARA", lsp, BENDAHARA))
    scheme = await wait_until(
        lambda: service.schemes().latest("KOP-KASIR"), what="the cashier scheme in assessment"
    )
    assert scheme.lsp_id is not None
    owner: UUID = scheme.lsp_id
    await seed_banks(service.banks(), service.schemes())

    async def published() -> bool:
        try:
            return bool(await service.published_banks().published(owner, "KOP-KASIR"))
        except Refusal:
            return False

    await wait_until(published, what="the cashier bank published")
    return owner


async def planned(
    service: AssessmentService, staff: httpx.AsyncClient, lsp: UUID,
    candidate_id: UUID | None = None,
) -> Planned:  # fmt: skip
    """A cashier session starting in 5 minutes (the start code is out, 10 minutes before), one
    accepted candidate assigned (`candidate_id`, or a new one), as test_exam_flow prepares it."""
    admin = bearer_headers(Role.LSP_ADMIN, lsp_id=lsp)
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    assessor = uuid4()
    site_id = await verified_site(staff, admin, starts.date())
    await licensed_assessor(staff, admin, assessor, starts.date())
    application = AcceptedApplication(
        uuid4(), candidate_id or uuid4(), "KOP-KASIR", 1, "kasir", uuid4(), "5107", [], starts,
        lsp,
    )  # fmt: skip
    async with service.pool.acquire() as conn, conn.transaction():
        await service.accepted().add(conn, application)
    body = {
        "scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": str(site_id),
        "district_code": "5107", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(), "exam_minutes": 60,
        "capacity": 40, "assessor_ids": [str(assessor)],
    }  # fmt: skip
    session = await staff.post("/sessions", json=body, headers=admin)
    assert session.status_code == 201, session.text
    session_id = session.json()["session_id"]
    assigned = await staff.post(
        f"/sessions/{session_id}/assignments",
        json={"application_ids": [str(application.application_id)]},
        headers=admin,
    )
    assert assigned.status_code == 200, assigned.text
    mine = assigned.json()[0]
    # The assessment plan (MAPA), set by the LSP before the start: FR.AK.01 is signed on it.
    mapa = {"units": {unit: ["IA.05"] for unit in KASIR}}
    plan = await staff.put(f"/sessions/{session_id}/plan", json=mapa, headers=admin)
    assert plan.status_code == 200, plan.text
    return Planned(session_id, mine["attempt_id"], UUID(mine["candidate_id"]), assessor)
