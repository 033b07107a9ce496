"""A candidate's name on the assessor's roster across services, and one erasure that reaches it
(DESIGN §7; issue 10, capability 11). Registration accepts the application and sends the name
sealed under the person's key on the internal personal-data topic; assessment keeps it sealed
and opens it, with a read-only reader of registration's key store, for the assessor of the
session the candidate is assigned to (another assessor is refused and reads nothing), recording
every opening. Once registration erases the person, the roster says so and shows no name."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from assessment_hall import licensed_assessor, verified_site

from assessment.api.app import create_app as assessment_app
from assessment.banks.seed import seed_banks
from assessment.bootstrap import AssessmentService
from eventkit.testing.kafka import all_records
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from servicekit.auth import bearer_headers

from ..services import JOURNEY_LSP, asgi_client, running_assessment, running_registration
from .test_application_verification import candidate_headers
from .test_holder_erasure import NAME, accepted_candidate, seeded

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
STARTS = (datetime.now(UTC) + timedelta(days=10)).replace(hour=1, minute=0, second=0, microsecond=0)
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=JOURNEY_LSP)


async def banks_seeded(assessment: AssessmentService) -> None:
    """Registration's seeded schemes reached assessment; their question banks published."""
    for code in ("KOP-KASIR", "KOP-BENDAHARA"):
        await wait_until(lambda c=code: assessment.schemes().latest(c), timeout=60,
                         what=f"the scheme {code} in assessment")  # fmt: skip
    await seed_banks(assessment.banks(), assessment.schemes())


async def assigned(ass: httpx.AsyncClient, assessment: AssessmentService, candidate_id: str,
                   assessor: uuid.UUID) -> str:  # fmt: skip
    """The candidate's accepted application (from registration's event) assigned to a session
    of `assessor`; the session's id."""
    table = f'"{assessment.schema}".accepted_applications'
    application = await wait_until(
        lambda: assessment.pool.fetchrow(
            f"SELECT application_id, scheme_version, district_code FROM {table} "
            "WHERE candidate_id = $1", uuid.UUID(candidate_id)),
        timeout=60, what="the accepted application in assessment",
    )  # fmt: skip
    district = application["district_code"]
    site = await verified_site(ass, ADMIN, STARTS.date(), district_code=district)
    await licensed_assessor(ass, ADMIN, assessor, STARTS.date())
    body = {"scheme_code": "KOP-KASIR", "scheme_version": application["scheme_version"],
            "site_id": str(site), "district_code": district,
            "starts_at": STARTS.isoformat(), "ends_at": (STARTS + timedelta(hours=3)).isoformat(),
            "exam_minutes": 60, "capacity": 10, "assessor_ids": [str(assessor)]}  # fmt: skip
    session = await ass.post("/sessions", json=body, headers=ADMIN)
    assert session.status_code == 201, session.text
    session_id = str(session.json()["session_id"])
    chosen = {"application_ids": [str(application["application_id"])]}
    done = await ass.post(f"/sessions/{session_id}/assignments", json=chosen, headers=ADMIN)
    assert done.status_code == 200 and len(done.json()) == 1, done.text
    return session_id


async def test_the_assessor_sees_the_name_until_registration_erases_the_person(
    wiring: Any,
) -> None:
    assessor, other = uuid.uuid4(), uuid.uuid4()
    async with running_registration(wiring) as registration, \
            running_assessment(wiring) as assessment:  # fmt: skip
        scheme = await seeded(registration)
        async with asgi_client(registration_app(registration)) as reg, \
                asgi_client(assessment_app(assessment)) as ass:  # fmt: skip
            await banks_seeded(assessment)
            candidate_id = await accepted_candidate(reg, scheme)
            session_id = await assigned(ass, assessment, candidate_id, assessor)
            roster = f"/sessions/{session_id}/roster"
            mine = bearer_headers(Role.ASSESSOR, account_id=assessor, lsp_id=JOURNEY_LSP)

            async def named() -> dict[str, Any] | None:
                answer = await ass.get(roster, headers=mine)
                assert answer.status_code == 200, answer.text
                (line,) = answer.json()["candidates"]
                return line if line["name"] == NAME else None

            line = await wait_until(named, timeout=60, what="the sealed name on the roster")
            assert (line["candidate_id"], line["name_status"]) == (candidate_id, "shown")

            # Another assessor of the LSP (of another session, or none) is refused, reads nothing.
            await licensed_assessor(ass, ADMIN, other, STARTS.date())
            theirs = bearer_headers(Role.ASSESSOR, account_id=other, lsp_id=JOURNEY_LSP)
            refused = await ass.get(roster, headers=theirs)
            assert refused.status_code == 403 and NAME not in refused.text

            kept = await reads_of(assessment, candidate_id)
            assert kept and set(kept) == {(assessor, "assessor", "roster")}
            again = await ass.get(roster, headers=mine)
            assert again.status_code == 200 and NAME in again.text
            assert len(await reads_of(assessment, candidate_id)) == len(kept) + 1  # every one

            erased = await reg.post(f"/candidates/{candidate_id}/erasure",
                                    headers=candidate_headers(candidate_id))  # fmt: skip
            assert erased.status_code == 200, erased.text
            after = (await ass.get(roster, headers=mine)).json()["candidates"][0]
            assert (after["name"], after["name_status"]) == (None, "erased")
            assert after["name_label"].startswith("dihapus atas permintaan")
            assert NAME not in str(after)
            assert len(await reads_of(assessment, candidate_id)) == len(kept) + 1  # none since
            held = await assessment.pool.fetchval(
                f"SELECT string_agg(t::text, '') FROM \"{assessment.schema}\".sealed_details t"
            )
            assert candidate_id in held and NAME not in held  # kept sealed: only ciphertext

    bootstrap = wiring.settings.kafka_bootstrap
    public = await all_records(bootstrap, wiring.topic)
    public += await all_records(bootstrap, assessment.topic)
    assert public and all(NAME.encode() not in (r.value or b"") for r in public)


async def reads_of(assessment: AssessmentService, candidate_id: str) -> list[tuple[Any, ...]]:
    rows = await assessment.pool.fetch(
        f'SELECT actor_id, actor_role, purpose FROM "{assessment.schema}".personal_data_reads '
        "WHERE candidate_id = $1 ORDER BY id", uuid.UUID(candidate_id),
    )  # fmt: skip
    return [tuple(r) for r in rows]
