"""What assessment writes about a candidate, across services, and the one erasure that reaches it
(DESIGN §7). Registration accepts the application (and keeps the person's key); in assessment
the candidate sits and is recommended BK, the assessor's AK.05 report names the gap in each unit,
the candidate appeals with grounds, and the reviewer decides with reasons: each of those texts
is sealed under a key derived from the person's key in registration's key store, and read back
whole by the people who may read it. Once registration erases the person through its own
endpoint, the grounds, the reasons and the report's line about them read as erased, while the
appeal's outcome, the report's session notes and the recommendation stand."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from assessment_sitting import KASIR, Clock, phone, planned, recommended, sit

from assessment.api.app import create_app as assessment_app
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from servicekit.auth import bearer_headers

from ..services import JOURNEY_LSP, asgi_client, running_assessment, running_registration
from .test_application_verification import candidate_headers
from .test_holder_erasure import accepted_candidate, seeded
from .test_roster_names import ADMIN, STARTS, assigned, banks_seeded

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
GAP = "Selisih kas harian belum dapat ditelusuri ke bukti transaksi."
GROUNDS = "Kalkulator yang disediakan rusak sehingga hitungan saya terlambat."
REASONS = "Berita acara mencatat kalkulator rusak di meja asesi; diuji ulang."
NOTES = {"went_well": "Sesi tertib dan tepat waktu.", "site_issues": "Satu kalkulator rusak."}


async def test_grounds_reasons_and_report_lines_are_erased_with_the_person(wiring: Any) -> None:
    assessor, reviewer = uuid.uuid4(), uuid.uuid4()
    async with running_registration(wiring) as registration, \
            running_assessment(wiring) as assessment:  # fmt: skip
        scheme = await seeded(registration)
        async with asgi_client(registration_app(registration)) as reg, \
                asgi_client(assessment_app(assessment)) as ass:  # fmt: skip
            await banks_seeded(assessment)
            candidate_id = await accepted_candidate(reg, scheme)
            person = uuid.UUID(candidate_id)
            session_id = await assigned(ass, assessment, candidate_id, assessor)
            clock = Clock(STARTS - timedelta(minutes=5))
            assessment.clock = clock  # the hall's day, without waiting for it
            mine = bearer_headers(Role.ASSESSOR, account_id=assessor, lsp_id=JOURNEY_LSP)
            await planned(ass, session_id, mine)
            started = await ass.post(f"/sessions/{session_id}/start", headers=mine)
            assert started.status_code == 200, started.text
            roster = (await ass.get(f"/sessions/{session_id}/roster", headers=mine)).json()
            [attempt] = [line["attempt_id"] for line in roster["candidates"]]
            await sit(assessment, ass, attempt, person, False)
            await recommended(ass, attempt, "BK", mine, ADMIN)

            report = f"/sessions/{session_id}/report"
            line = {"attempt_id": attempt, "gaps": {unit: GAP for unit in KASIR}}
            written = await ass.put(report, headers=mine,
                                    json={"candidates": [line], "notes": NOTES})  # fmt: skip
            assert written.status_code == 200, written.text
            submitted = await ass.post(f"{report}/submission", json={"version": 1}, headers=mine)
            assert submitted.status_code == 200, submitted.text
            [before] = (await ass.get(report, headers=ADMIN)).json()["versions"][0]["candidates"]
            assert (before["gaps"], before["text_status"]) == ({u: GAP for u in KASIR}, "shown")

            clock.now = STARTS + timedelta(days=2)
            appealed = {"attempt_id": attempt, "grounds": GROUNDS, "client_id": str(uuid.uuid4())}
            lodged = await ass.post("/appeals", headers=phone(person), json=appealed)
            assert lodged.status_code == 201, lodged.text
            appeal = f"/appeals/{lodged.json()['appeal_id']}"
            routed = await ass.post(f"{appeal}/reviewer", headers=ADMIN,
                                    json={"reviewer_id": str(reviewer)})  # fmt: skip
            assert routed.status_code == 200, routed.text
            maker = bearer_headers(Role.DECISION_MAKER, account_id=reviewer, lsp_id=JOURNEY_LSP)
            decided = await ass.post(f"{appeal}/decision", headers=maker,
                                     json={"outcome": "upheld", "reasons": REASONS})  # fmt: skip
            assert decided.status_code == 200, decided.text
            read = (await ass.get(appeal, headers=phone(person))).json()
            assert (read["grounds"], read["reasons"]) == (GROUNDS, REASONS)
            texts = "SELECT count(*) FROM events WHERE data::text LIKE $1 OR data::text LIKE $2"
            at_rest = await assessment.pool.fetchval(texts, f"%{GROUNDS}%", f"%{REASONS}%")
            assert at_rest == 0  # sealed in assessment's log
            assert await assessment.pool.fetchval(texts, f"%{GAP}%", f"%{GAP}%") == 0

            erased = await reg.post(f"/candidates/{candidate_id}/erasure",
                                    headers=candidate_headers(candidate_id))  # fmt: skip
            assert erased.status_code == 200, erased.text

            for who in (ADMIN, maker, phone(person)):
                after = await ass.get(appeal, headers=who)
                assert after.status_code == 200, after.text
                found = after.json()
                assert (found["grounds"], found["grounds_status"]) == (None, "erased")
                assert (found["reasons"], found["reasons_status"]) == (None, "erased")
                assert found["status"] == "upheld"
            for who in (ADMIN, mine):
                [version] = (await ass.get(report, headers=who)).json()["versions"]
                [gone] = version["candidates"]
                assert (gone["gaps"], gone["note"], gone["text_status"]) == ({}, "", "erased")
                assert (gone["overall"], version["notes"]["site_issues"]) == (
                    "BK", NOTES["site_issues"],
                )  # fmt: skip
            assert GAP not in (await ass.get(report, headers=ADMIN)).text
