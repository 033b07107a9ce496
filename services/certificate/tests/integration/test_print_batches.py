"""A cohort's certificates printed together, on the real stack: a session's recommendations and
the scheme version arrive through Kafka, the holders' names sealed under their keys on the
internal personal-data topic, a decision maker decides the session, the holders sign their
agreements, and the LSP's admin asks for the session's print batch. The batch prints those
ready into one merged PDF (its pages: the ready certificates), lists the rest with why (BK, no
result yet, the name not arrived, erased at the holder's request, an appeal open, the agreement
not signed), prints nothing twice when run again, and the service opens follow-up batches that
print the late members once they are ready, until only the absent, the erased and the BK
remain. Every name is opened through the holders' key reader and its reading recorded. The
session's blanko request package lists the K and BK with the decision's minutes."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from certificate_cases import recommendation
from certificate_stack import (
    api_of,
    candidate,
    decision_maker,
    erase,
    lsp_admin,
    publish,
    running_certificate,
    sealed_holder,
)
from openpyxl import load_workbook
from printing_cases import PROFILE, page_count, scheme_version

from certificate.agreements.domain.agreement import VERSION
from certificate.bootstrap import CertificateService
from certificate.printing.adapters.holds import PostgresHolds
from certificate.reporting.adapters.progress_view import ProgressProjection
from eventkit.projection import ProjectionRunner
from eventkit.settings import load_settings
from eventkit.store import PostgresEventStore, create_pool
from eventkit.testing.infra import TEST_DATABASE, admin_connection
from eventkit.testing.waiting import wait_until
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealLodgedV1,
    AppealOutcomeV1,
    RecommendationPublishedV1,
)

pytestmark = pytest.mark.integration
LSP = uuid4()
ADMIN = lsp_admin(LSP)
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with running_certificate(follow_up_interval=0.2) as service:
        async with api_of(service) as api:
            yield service, api


def name_of(candidate_id: UUID) -> str:
    return f"Peserta {candidate_id.hex[:6]}"


async def named(service: CertificateService, candidates: Iterable[UUID]) -> None:
    """Each candidate's details sealed under their own key, as registration's acceptance
    publishes them on the internal topic; back once certification holds them all."""
    wanted = list(candidates)
    sealed = [
        await sealed_holder(
            service,
            c,
            {"full_name": name_of(c), "birth_place": "Amlapura", "birth_date": "1990-01-31"},
        )
        for c in wanted
    ]
    await publish(service.personal_data_topic, sealed)

    async def received() -> bool:
        return len(await service.features().holders.sealed(wanted)) == len(wanted)

    await wait_until(received, timeout=60, what=f"{len(wanted)} holders' sealed details")


async def signed(api: httpx.AsyncClient, session_id: UUID, candidates: Iterable[UUID]) -> None:
    """The holders sign the agreement for their certificates of the session; back once the
    register shows them released."""
    wanted = {str(c) for c in candidates}

    async def issued() -> list[dict[str, Any]] | None:
        found = (await api.get("/certificates", params={"session_id": str(session_id)},
                               headers=ADMIN)).json()  # fmt: skip
        mine = [c for c in found if c["candidate_id"] in wanted]
        return mine if len(mine) == len(wanted) else None

    for certificate in await wait_until(issued, timeout=60, what="the certificates issued"):
        answer = await api.post(
            f"/certificates/{certificate['certificate_id']}/agreement",
            json={"agreement_version": VERSION, "agree": True},
            headers=candidate(UUID(certificate["candidate_id"])),
        )
        assert answer.status_code == 200, answer.text

    async def released() -> bool:
        found = (await api.get("/certificates", params={"session_id": str(session_id)},
                               headers=ADMIN)).json()  # fmt: skip
        return all(c["status"] == "valid" for c in found if c["candidate_id"] in wanted)

    await wait_until(released, timeout=60, what="the agreements signed in the register")


async def appeal(service: CertificateService, event: RecommendationPublishedV1,
                 dismissed: UUID | None = None) -> UUID:  # fmt: skip
    """The candidate appeals the attempt (or the appeal `dismissed` is decided): back once
    certification's holds say so."""
    fields = {"appeal_id": dismissed or uuid4(), "attempt_id": event.attempt_id, "attempt_no": 1,
              "candidate_id": event.candidate_id, "application_id": event.application_id,
              "lsp_id": LSP}  # fmt: skip
    if dismissed is None:
        record: Any = AppealLodgedV1(**fields, lodged_at=event.recommended_at)
    else:
        record = AppealDecidedV1(**fields, outcome=AppealOutcomeV1.DISMISSED,
                                 decided_at=event.recommended_at)  # fmt: skip
    await publish(service.source_topic, [record])
    holds = PostgresHolds(service.pool, service.schema)

    async def known() -> bool:
        is_open = event.attempt_id in await holds.appeals_open([event.attempt_id])
        return is_open is (dismissed is None)

    await wait_until(known, timeout=60, what="the appeal's state known to printing")
    return UUID(str(fields["appeal_id"]))


async def reads(service: CertificateService) -> dict[tuple[UUID, str], int]:
    """How often each holder's name was opened, for what (personal_data_reads)."""
    conn = await admin_connection()
    try:
        rows = await conn.fetch(
            f'SELECT candidate_id, purpose, count(*) AS n FROM "{service.schema}"'
            ".personal_data_reads GROUP BY candidate_id, purpose"
        )
    finally:
        await conn.close()
    return {(row["candidate_id"], row["purpose"]): row["n"] for row in rows}


async def printed(api: httpx.AsyncClient, batch_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found = (await api.get(f"/print-batches/{batch_id}", headers=ADMIN)).json()
        return found if found["state"] == "printed" else None

    return await wait_until(probe, timeout=60, what=f"print batch {batch_id} printed")


async def file_of(api: httpx.AsyncClient, batch: dict[str, Any]) -> bytes:
    answer = await api.get(f"/print-batches/{batch['batch_id']}/file.pdf", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    return answer.content


async def decide_session(api: httpx.AsyncClient, session_id: UUID, count: int) -> None:
    async def all_received() -> bool:
        found = await api.get(
            "/recommendations",
            params={"session_id": str(session_id), "awaiting": "true"},
            headers=ADMIN,
        )
        return len(found.json()) == count  # fmt: skip

    await wait_until(all_received, timeout=60, what=f"{count} recommendations awaiting")
    decided = await api.post(f"/sessions/{session_id}/decisions", headers=decision_maker(LSP))
    assert decided.status_code == 200 and len(decided.json()) == count, decided.text

    async def listed() -> bool:  # the read model follows the log within moments
        found = await api.get(
            "/recommendations",
            params={"session_id": str(session_id), "awaiting": "true"},
            headers=ADMIN,
        )
        return found.json() == []  # fmt: skip

    await wait_until(listed, timeout=60, what="the session's decisions listed")


def by_status(batch: dict[str, Any]) -> dict[str, set[tuple[str, str | None]]]:
    out: dict[str, set[tuple[str, str | None]]] = {}
    for m in batch["members"]:
        out.setdefault(m["status"], set()).add((m["candidate_id"], m["reason"]))
    return out


async def test_a_cohort_prints_those_ready_and_follows_up_the_rest(started: Started) -> None:
    service, api = started
    session = uuid4()
    await publish(service.registration_topic, [scheme_version(LSP)])
    on_time = [recommendation(lsp_id=LSP, session_id=session) for _ in range(8)]
    failed = [recommendation(lsp_id=LSP, session_id=session, competent=False) for _ in range(2)]
    late = [recommendation(lsp_id=LSP, session_id=session) for _ in range(3)]
    absent = uuid4()  # expected by the LSP; no result will ever arrive
    ready_ones, (gone, appealed, unsigned, unnamed) = on_time[:4], on_time[4:]
    # Decided K, but: the holder erased at their request, an appeal lodged after the decision,
    # the agreement not signed yet, the name not yet reached certification.
    await named(service, [e.candidate_id for e in [*on_time[:-1], *late]])
    await erase(service, gone.candidate_id)
    await publish(service.source_topic, [*on_time, *failed])
    await wait_until(lambda: service.features().schemes.get_many({("KOP-KASIR", 1)}),
                     timeout=60, what="the scheme version received")  # fmt: skip
    await decide_session(api, session, 10)
    await signed(api, session, [e.candidate_id for e in on_time if e is not unsigned])
    appeal_id = await appeal(service, appealed)
    assert (await api.put("/print-profile", json=PROFILE, headers=ADMIN)).status_code == 200

    expected = [str(e.candidate_id) for e in late] + [str(absent)]
    asked = await api.post("/print-batches", headers=ADMIN, json={
        "session_id": str(session), "expected_candidate_ids": expected})  # fmt: skip
    assert asked.status_code == 201, asked.text
    first = await printed(api, asked.json()["batch_id"])
    ready = {str(e.candidate_id) for e in ready_ones}
    assert by_status(first) == {
        "ready": {(c, None) for c in ready},
        "missing": {(str(unnamed.candidate_id), "name_missing"),
                    (str(unsigned.candidate_id), "agreement_not_signed"),
                    (str(appealed.candidate_id), "appeal_open"),
                    (str(gone.candidate_id), "erased")}
        | {(str(e.candidate_id), "not_yet_competent") for e in failed}
        | {(c, "no_result") for c in expected},
    }  # fmt: skip
    assert first["counts"] | {"rendered": 4} == first["counts"]
    # Carried into a follow-up: all the missing but the BK and the erased.
    assert (first["percentage"], first["pages"], first["counts"]["carried"]) == (100, 4, 7)
    pdf = await file_of(api, first)
    assert page_count(pdf) == 4
    opened = await reads(service)
    for event in ready_ones:  # opened to check readiness and again to print, each recorded
        assert opened[(event.candidate_id, "print")] == 2
    assert not any(c == gone.candidate_id for c, _ in opened)  # an erased name opens for no one
    reasons = {m["reason"]: m["reason_id"] for m in first["members"] if m["reason"]}
    assert reasons["no_result"] == "belum ada hasil asesmen"
    assert reasons["erased"] == "data pemegang dihapus atas permintaannya"
    members = {m["candidate_id"]: m for m in first["members"]}
    one = members[str(ready_ones[0].candidate_id)]["certificate_id"]
    alone = await api.get(f"/certificates/{one}/certificate.pdf", headers=ADMIN)
    assert alone.status_code == 200 and page_count(alone.content) == 1
    elsewhere = await api.get(f"/certificates/{one}/certificate.pdf", headers=lsp_admin(uuid4()))
    assert elsewhere.status_code == 404
    erased = members[str(gone.candidate_id)]["certificate_id"]
    nameless = await api.get(f"/certificates/{erased}/certificate.pdf", headers=ADMIN)
    assert nameless.status_code == 409, nameless.text
    assert nameless.json()["errors"][0]["field"] == "holder_name"
    assert "erased at their request" in nameless.json()["errors"][0]["reason_en"]

    before = await reads(service)  # the single PDF opened one name once more

    # Run again: everyone printed is printed before, nothing is printed twice.
    again = await api.post(f"/print-batches/{first['batch_id']}/rerun", json={}, headers=ADMIN)
    assert again.status_code == 201, again.text
    rerun = await printed(api, again.json()["batch_id"])
    assert {c for c, _ in by_status(rerun)["printed_before"]} == ready
    assert (rerun["pages"], rerun["sha256"]) == (0, None)
    nothing = await api.get(f"/print-batches/{rerun['batch_id']}/file.pdf", headers=ADMIN)
    assert nothing.status_code == 409 and nothing.json()["errors"][0]["field"] == "batch_id"

    # The late ones arrive, are decided and sign; the missing name arrives, the other holder
    # signs, the appeal is dismissed: follow-ups print them.
    await named(service, [unnamed.candidate_id])
    await signed(api, session, [unsigned.candidate_id])
    await appeal(service, appealed, dismissed=appeal_id)
    await publish(service.source_topic, late)
    await decide_session(api, session, 3)
    await signed(api, session, [e.candidate_id for e in late])
    chain, batch = [], rerun
    while True:
        follow_up = await wait_until(lambda b=batch: _follow_up_of(api, b["batch_id"]),
                                     timeout=60, what="a follow-up batch")  # fmt: skip
        batch = await printed(api, follow_up)
        chain.append(batch)
        assert batch["follow_up_of"] is not None
        waiting = {
            m["candidate_id"]
            for m in batch["members"]
            if m["status"] == "missing" and m["reason"] not in {"not_yet_competent", "erased"}
        }
        if waiting == {str(absent)}:  # only the one whose result never comes is carried on
            break
    followed = [c for b in chain for c, _ in by_status(b).get("ready", set())]
    late_ready = [unnamed, unsigned, appealed, *late]
    assert sorted(followed) == sorted(str(e.candidate_id) for e in late_ready)
    assert sum([page_count(await file_of(api, b)) for b in chain if b["pages"]]) == 6
    assert by_status(chain[-1])["missing"] == {
        (str(absent), "no_result"), (str(gone.candidate_id), "erased")} | {
        (str(e.candidate_id), "not_yet_competent") for e in failed}  # fmt: skip

    # The re-run and the follow-ups' looks opened no printed holder's name again.
    opened = await reads(service)
    assert [opened[(e.candidate_id, "print")] for e in ready_ones] == [
        before[(e.candidate_id, "print")] for e in ready_ones]  # fmt: skip

    # Only a reprint, with a reason, prints a certificate again (never the erased holder's).
    asked_again = {"reprint": True, "reason": "kertas macet di printer"}
    reprint = await api.post(f"/print-batches/{first['batch_id']}/rerun", headers=ADMIN,
                             json=asked_again)  # fmt: skip
    assert reprint.status_code == 201, reprint.text
    reprinted = await printed(api, reprint.json()["batch_id"])
    assert reprinted["pages"] == 10 and reprinted["reason"] == "kertas macet di printer"

    # The blanko request package for the national authority: K and BK lists, the minutes.
    package = await api.get(f"/sessions/{session}/blanko-request.xlsx",
                            headers=decision_maker(LSP))  # fmt: skip
    assert package.status_code == 200, package.text
    book = load_workbook(io.BytesIO(package.content))
    k_rows = list(book["Kompeten (K)"].iter_rows(min_row=2, values_only=True))
    bk_rows = list(book["Belum Kompeten (BK)"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[3] for r in k_rows) == sorted(str(e.candidate_id) for e in [*on_time, *late])
    assert all(r[1] for r in k_rows)  # every K with its number
    names = {r[3]: r[2] for r in k_rows}  # and its name, read from the sealed copy
    assert names == {str(e.candidate_id): name_of(e.candidate_id) if e is not gone else None
                     for e in [*on_time, *late]}  # fmt: skip
    assert sorted(r[2] for r in bk_rows) == sorted(str(e.candidate_id) for e in failed)
    minutes = {r[0]: r[1] for r in book["Berita Acara"].iter_rows(min_row=2, values_only=True)}
    assert (minutes["Jumlah kompeten (K)"], minutes["Jumlah belum kompeten (BK)"]) == (11, 2)
    assert (await reads(service))[(ready_ones[0].candidate_id, "report")] == 1
    as_pdf = await api.get(f"/sessions/{session}/blanko-request.pdf", headers=ADMIN)
    assert as_pdf.status_code == 200 and page_count(as_pdf.content) >= 3

    # Two holders collected their papers at the hand-out, as the LSP records (once, however
    # often it is asked).
    today = (datetime.now(UTC) + timedelta(hours=7)).date().isoformat()  # WIB
    for holder in ready_ones[:2]:
        handed = members[str(holder.candidate_id)]["certificate_id"]
        for _ in range(2):
            answer = await api.post(f"/certificates/{handed}/collection", headers=ADMIN,
                                    json={"collected_on": today})  # fmt: skip
            assert answer.status_code == 200, answer.text

    # Progress per district and scheme: 13 received, 11 K and 2 BK decided, 11 issued, 10
    # printed (not the erased holder's), 2 collected; another LSP sees none of it; a rebuild
    # agrees.
    expected_counts = {"district_code": "5107", "scheme_code": "KOP-KASIR", "received": 13,
                       "decided": 13, "competent": 11, "not_yet_competent": 2, "issued": 11,
                       "printed": 10, "collected": 2}  # fmt: skip

    async def counted() -> bool:
        found = await api.get("/progress/districts/5107/schemes", headers=decision_maker(LSP))
        return bool(found.status_code == 200 and found.json() == [expected_counts])

    await wait_until(counted, timeout=30, what="progress counted")
    districts = (await api.get("/progress/districts", headers=ADMIN)).json()
    assert districts == [{k: v for k, v in expected_counts.items() if k != "scheme_code"}]
    assert (await api.get("/progress/districts", headers=lsp_admin(uuid4()))).json() == []
    bad = await api.get("/progress/districts/x'1/schemes", headers=ADMIN)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "code"
    live = await progress_rows(service)
    for batch in (1000, 1):  # in one batch, and one event at a time
        await rebuilt(service, batch)
        assert await progress_rows(service) == live
    assert await counted()


async def progress_rows(service: CertificateService) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    for table in ProgressProjection.tables:
        fetched = await service.pool.fetch(f'SELECT * FROM "{service.schema}".{table}')
        found[table] = sorted((tuple(r) for r in fetched), key=repr)
    return found


async def rebuilt(service: CertificateService, batch: int) -> None:
    """The progress read model replayed from the log into fresh tables, swapped in, as its
    owner."""
    pool = await create_pool(load_settings().admin_dsn(TEST_DATABASE),
                             server_settings={"search_path": service.schema})  # fmt: skip
    try:
        store = PostgresEventStore(pool, service.schema)
        runner = ProjectionRunner(pool, service.schema, store, ProgressProjection(service.schema),
                                  replay_batch_size=batch)  # fmt: skip
        assert await runner.rebuild() == await store.last_position()
    finally:
        await pool.close()


async def _follow_up_of(api: httpx.AsyncClient, batch_id: str) -> str | None:
    found = (await api.get(f"/print-batches/{batch_id}", headers=ADMIN)).json()
    follow_up: str | None = found["follow_up_id"]
    return follow_up


async def test_a_reprint_without_a_reason_and_a_batch_without_a_profile_are_refused(
    started: Started,
) -> None:
    _, api = started
    other = lsp_admin(uuid4())
    no_profile = await api.post("/print-batches", json={"session_id": str(uuid4())},
                                headers=other)  # fmt: skip
    assert no_profile.status_code == 409
    assert no_profile.json()["errors"][0]["field"] == "print_profile"
    assert (await api.put("/print-profile", json=PROFILE, headers=ADMIN)).status_code == 200
    refused = await api.post("/print-batches", headers=ADMIN,
                             json={"session_id": str(uuid4()), "reprint": True})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    both = await api.post("/print-batches", headers=ADMIN, json={})
    assert both.status_code == 422 and both.json()["errors"][0]["field"] == "session_id"
    off = await api.put(
        "/print-profile",
        headers=ADMIN,
        json={**PROFILE, "calibration": {"offset_x_mm": 25, "scale": 1.5}},
    )
    assert off.status_code == 422
    assert {e["field"] for e in off.json()["errors"]} == {"offset_x_mm", "scale"}
    assert (await api.get("/print-profile", headers=ADMIN)).json()["calibration"] == PROFILE[
        "calibration"]  # fmt: skip


async def test_the_calibration_test_page_and_the_measured_correction(started: Started) -> None:
    _, api = started
    assert (await api.put("/print-profile", json={**PROFILE, "calibration": {}},
                          headers=ADMIN)).status_code == 200  # fmt: skip
    page = await api.get("/print-profile/test-page.pdf", headers=ADMIN)
    assert page.status_code == 200 and page_count(page.content) == 1
    # The printer put mark A (20, 20) at (21.5, 18.0) and mark B (190, 20) at 191.5.
    corrected = await api.post(
        "/print-profile/measurements",
        headers=ADMIN,
        json={"a_x_mm": 21.5, "a_y_mm": 18.0, "b_x_mm": 191.5},
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["calibration"] == {"offset_x_mm": -1.5, "offset_y_mm": 2.0,
                                               "scale": 1.0}  # fmt: skip


async def test_a_suspended_or_withdrawn_certificate_is_held_from_print(started: Started) -> None:
    service, api = started
    session = uuid4()
    await publish(service.registration_topic, [scheme_version(LSP)])
    cohort = [recommendation(lsp_id=LSP, session_id=session) for _ in range(3)]
    ready_one, suspended, withdrawn = (e.candidate_id for e in cohort)
    await named(service, [e.candidate_id for e in cohort])
    await publish(service.source_topic, cohort)
    await wait_until(lambda: service.features().schemes.get_many({("KOP-KASIR", 1)}),
                     timeout=60, what="the scheme version received")  # fmt: skip
    await decide_session(api, session, 3)
    await signed(api, session, [e.candidate_id for e in cohort])
    assert (await api.put("/print-profile", json=PROFILE, headers=ADMIN)).status_code == 200
    found = (await api.get("/certificates", params={"session_id": str(session)},
                           headers=ADMIN)).json()  # fmt: skip
    certificate_of = {UUID(c["candidate_id"]): c["certificate_id"] for c in found}
    for holder, change, reason in ((suspended, "suspension", "misuse_suspected"),
                                   (withdrawn, "withdrawal", "misuse")):  # fmt: skip
        answer = await api.post(f"/certificates/{certificate_of[holder]}/{change}",
                                json={"reason": reason}, headers=ADMIN)  # fmt: skip
        assert answer.status_code == 200, answer.text

    async def changed() -> bool:
        found = (await api.get("/certificates", params={"session_id": str(session)},
                               headers=ADMIN)).json()  # fmt: skip
        return sorted(c["status"] for c in found) == ["suspended", "valid", "withdrawn"]

    await wait_until(changed, timeout=30, what="the suspension and withdrawal in the register")
    asked = await api.post("/print-batches", json={"session_id": str(session)}, headers=ADMIN)
    assert asked.status_code == 201, asked.text
    first = await printed(api, asked.json()["batch_id"])
    assert by_status(first) == {
        "ready": {(str(ready_one), None)},
        "missing": {(str(suspended), "suspended"), (str(withdrawn), "withdrawn")},
    }
    assert (first["pages"], first["counts"]["carried"]) == (1, 1)  # the withdrawn: for good
    reasons = {m["reason"]: m["reason_en"] for m in first["members"] if m["reason"]}
    assert reasons["suspended"] == "the certificate is suspended"

    back = await api.post(f"/certificates/{certificate_of[suspended]}/reinstatement",
                          json={"reason": "review_cleared"}, headers=ADMIN)  # fmt: skip
    assert back.status_code == 200, back.text
    follow_up = await wait_until(lambda: _follow_up_of(api, first["batch_id"]), timeout=60,
                                 what="a follow-up batch")  # fmt: skip
    batch = await printed(api, follow_up)
    assert by_status(batch)["ready"] == {(str(suspended), None)}
    assert by_status(batch)["missing"] == {(str(withdrawn), "withdrawn")}
    assert (batch["pages"], batch["counts"]["carried"]) == (1, 0)  # nobody waited for any more


async def test_a_certificate_suspended_after_the_request_is_held_when_its_page_is_due() -> None:
    """Suspended between the batch's request and its page: the page is not made, the claim is
    given back, and the follow-up prints it once reinstated. The worker is stopped so that the
    pages are made by hand after the suspension (its own service: the module's keeps its)."""
    async with running_certificate(follow_up_interval=0.2) as service, api_of(service) as api:
        worker = service.features().printing.worker
        await worker.stop()
        session = uuid4()
        await publish(service.registration_topic, [scheme_version(LSP)])
        cohort = [recommendation(lsp_id=LSP, session_id=session) for _ in range(2)]
        kept, suspended = (e.candidate_id for e in cohort)
        await named(service, [kept, suspended])
        await publish(service.source_topic, cohort)
        await wait_until(lambda: service.features().schemes.get_many({("KOP-KASIR", 1)}),
                         timeout=60, what="the scheme version received")  # fmt: skip
        await decide_session(api, session, 2)
        await signed(api, session, [kept, suspended])
        assert (await api.put("/print-profile", json=PROFILE, headers=ADMIN)).status_code == 200
        asked = await api.post("/print-batches", json={"session_id": str(session)},
                               headers=ADMIN)  # fmt: skip
        assert asked.status_code == 201, asked.text
        batch_id = asked.json()["batch_id"]
        found = (await api.get("/certificates", params={"session_id": str(session)},
                               headers=ADMIN)).json()  # fmt: skip
        certificate = {UUID(c["candidate_id"]): c["certificate_id"] for c in found}[suspended]
        answer = await api.post(f"/certificates/{certificate}/suspension",
                                json={"reason": "misuse_suspected"}, headers=ADMIN)  # fmt: skip
        assert answer.status_code == 200, answer.text
        holds = PostgresHolds(service.pool, service.schema)
        await wait_until(lambda: holds.stopped([UUID(certificate)]), timeout=30,
                         what="the suspension in the register")  # fmt: skip

        await worker.render(UUID(batch_id))
        first = await printed(api, batch_id)
        assert by_status(first)["ready"] == {(str(kept), None), (str(suspended), None)}
        assert first["pages"] == 1 and first["counts"]["carried"] == 1
        assert {(s["certificate_id"], s["reason"]) for s in first["skipped"]} == {
            (certificate, "suspended")
        }

        back = await api.post(f"/certificates/{certificate}/reinstatement",
                              json={"reason": "review_cleared"}, headers=ADMIN)  # fmt: skip
        assert back.status_code == 200, back.text
        await wait_until(lambda: _not_stopped(holds, certificate), timeout=30,
                         what="the reinstatement in the register")  # fmt: skip
        opened = await worker.follow_ups()
        assert len(opened) == 1
        await worker.render(opened[0])
        follow_up = await printed(api, str(opened[0]))
        assert by_status(follow_up)["ready"] == {(str(suspended), None)}
        assert follow_up["pages"] == 1


async def _not_stopped(holds: PostgresHolds, certificate: str) -> bool:
    return not await holds.stopped([UUID(certificate)])
