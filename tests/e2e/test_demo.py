"""`make up`'s demo leaves no main screen of the console empty (issue 12, item 4): the console's
share (staff, the first wave, the planning board) and the exam's (four candidates sit a cashier
session on their phones, are judged, and certificate decides, prints and signs) run through the
services' HTTP APIs, served on real sockets, against registration, assessment and certificate
started here on fresh schemas and topics (assessment publishing where certificate consumes).
Afterwards certificate lists decided certificates and one recommendation still waiting, a print
batch of the session with its pages rendered, and the session's decision document; a second
run plans no second session and changes nothing."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from assessment.api.app import create_app as assessment_app
from assessment.bootstrap import AssessmentService
from assessment.training.seed import seed_requirements
from certificate.api.app import create_app as certificate_app
from eventkit.testing.infra import unique_topic
from eventkit.testing.waiting import wait_until
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from servicekit.auth import bearer_headers

from ..browser.serving import http_server
from ..services import JOURNEY_LSP, running_assessment, running_certificate, running_registration
from .test_holder_erasure import seeded
from .test_roster_names import banks_seeded

# deploy/local is a folder of scripts that import each other by name: appended, so that no
# installed module is shadowed by one of its names.
sys.path.append(str(Path(__file__).resolve().parents[2] / "deploy" / "local"))
from demo_certification import certification_demo, exam_and_decisions
from demo_console import console_demo
from demo_exam import exam_demo

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
ADMIN = bearer_headers(Role.LSP_ADMIN, lsp_id=JOURNEY_LSP)
DECIDER = bearer_headers(Role.DECISION_MAKER, lsp_id=JOURNEY_LSP)


async def seeded_assessment(assessment: AssessmentService) -> None:
    """What `make up` seeds before the demo: the banks published, the cashier course required."""
    await banks_seeded(assessment)

    async def published() -> bool:
        try:
            return bool(await assessment.published_banks().published(JOURNEY_LSP, "KOP-KASIR"))
        except Refusal:
            return False

    await wait_until(published, timeout=30, what="the cashier bank published")
    await seed_requirements(assessment.training().requirements, assessment.schemes())


def the_demo(registration: str, assessment: str, certificate: str) -> Any:
    """The demo's HTTP part, as demo.py runs it after the seeds (in a thread: it is blocking)."""
    _, assessors = console_demo(registration, assessment, [], JOURNEY_LSP)
    started = time.monotonic()
    sat = exam_demo(registration, assessment, JOURNEY_LSP, assessors)
    certified = certification_demo(certificate, JOURNEY_LSP, sat)
    print(f"the exam and certification demo took {time.monotonic() - started:.1f} s")
    return sat, certified, assessors


async def test_the_demo_leaves_decisions_and_print_batches_to_see(wiring: Any) -> None:
    assessment_topic = unique_topic("kompeten.assessment.events")
    async with running_registration(wiring) as registration, \
            running_assessment(wiring, topic=assessment_topic) as assessment, \
            running_certificate(wiring, source_topic=assessment_topic) as certificate:  # fmt: skip
        await seeded(registration)
        await seeded_assessment(assessment)
        async with http_server(registration_app(registration)) as reg, \
                http_server(assessment_app(assessment)) as ass, \
                http_server(certificate_app(certificate)) as cert:  # fmt: skip
            urls = [f"http://127.0.0.1:{port}" for port in (reg, ass, cert)]
            sat, certified, assessors = await asyncio.to_thread(the_demo, *urls)
            async with httpx.AsyncClient(base_url=urls[1], timeout=30) as hall:
                # The assessors sign in to the assessor app with their staff accounts, whose
                # ids are theirs in assessment: the demo session is on their board.
                for account in assessors:
                    mine = bearer_headers(Role.ASSESSOR, account_id=UUID(account),
                                          lsp_id=JOURNEY_LSP)  # fmt: skip
                    board = (await hall.get("/sessions", headers=mine)).json()
                    assert sat.session_id in {s["session_id"] for s in board}, board
            async with httpx.AsyncClient(base_url=urls[2], timeout=30) as api:
                everything = {"session_id": sat.session_id, "awaiting": "false"}
                listed = await api.get("/recommendations", headers=DECIDER, params=everything)
                by_attempt = {r["attempt_id"]: r for r in listed.json()}
                assert set(by_attempt) == set(sat.attempts.values())
                decisions = sorted(str(r["decision"]) for r in by_attempt.values())
                assert decisions == ["BK", "K", "K", "None"], decisions
                assert sum(r["overall"] == "BK" for r in by_attempt.values()) == 1
                waiting = (await api.get("/recommendations", headers=DECIDER)).json()
                assert len(waiting) == 1 and waiting[0]["decision"] is None
                register = (await api.get("/certificates", headers=ADMIN)).json()
                assert len(register) == 2, register

                batches = (await api.get("/print-batches", headers=ADMIN,
                                         params={"session_id": sat.session_id})).json()  # fmt: skip
                first = next(b for b in batches if b["follow_up_of"] is None)
                assert first["state"] == "printed", batches
                batch = (await api.get(f"/print-batches/{first['batch_id']}",
                                       headers=ADMIN)).json()  # fmt: skip
                assert batch["counts"]["rendered"] >= 1 and batch["pages"] >= 1, batch
                # The BK and the undecided one listed with why (the two K: ready, or carried
                # into a follow-up should a holder's sealed name not have arrived yet).
                reasons = {m["reason"] for m in batch["members"]}
                assert len(batch["members"]) == 4, batch["members"]
                assert {"awaiting_decision", "not_yet_competent"} <= reasons, reasons
                pdf = await api.get(f"/print-batches/{batch['batch_id']}/file.pdf", headers=ADMIN)
                assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")

                documents = await api.get(f"/sessions/{sat.session_id}/decision-document",
                                          headers=DECIDER)  # fmt: skip
                assert [(d["competent"], d["not_yet_competent"]) for d in documents.json()] == [
                    (2, 1)
                ]
                assert certified.decided == 3 and certified.waiting == 1

                # `make up` twice: the same session found again, nothing redone
                _, again = await asyncio.to_thread(console_demo, urls[0], urls[1], [],
                                                   JOURNEY_LSP)  # fmt: skip
                assert again == assessors  # the same staff accounts, found again
                told = await asyncio.to_thread(exam_and_decisions, *urls, JOURNEY_LSP, assessors)
                assert f"session {sat.session_id}" in told
                assert "3 decided, 1 waiting" in told, told
                listed_again = await api.get("/recommendations", headers=DECIDER,
                                             params={"awaiting": "false"})  # fmt: skip
                assert len(listed_again.json()) == 4
                batches = (await api.get("/print-batches", headers=ADMIN)).json()
                assert [b["follow_up_of"] for b in batches].count(None) == 1
                documents = await api.get(f"/sessions/{sat.session_id}/decision-document",
                                          headers=DECIDER)  # fmt: skip
                assert len(documents.json()) == 1
            async with httpx.AsyncClient(base_url=urls[1], timeout=30) as api:
                sessions = (await api.get("/sessions", headers=ADMIN)).json()
                assert len(sessions) == 2  # the board's next Monday, and the exam's
                roster = f"/sessions/{sat.session_id}/capture/roster"

                async def recorded() -> bool:  # each: attendance and the essay's mark, once
                    rows = (await api.get(roster, headers=ADMIN)).json()
                    return [(r["presence"], r["records"]) for r in rows] == [("present", 2)] * 4

                await wait_until(recorded, timeout=30, what="the tablets' records")
