"""From assessment's recommendation to a verified certificate, on the real stack: the
recommendation published on a (fresh) Kafka topic is consumed, a decision maker who did not
assess decides K, the certificate is issued with its number and signed QR payload, and the
public verifies it by its token (JSON and page) and offline against the published key set.
A duplicate delivery records and decides nothing twice; an assessor, a trainer and an appeal
reviewer of the candidate are refused as deciders."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from certificate_cases import recommendation
from certificate_stack import (
    api_of,
    candidate,
    decision_maker,
    lsp_admin,
    publish,
    running_certificate,
)

from certificate import verify as offline
from certificate.bootstrap import CertificateService
from certificate.decisions.domain.panel import PanelSizes
from eventkit.testing.infra import admin_connection
from eventkit.testing.kafka import group_lag
from eventkit.testing.waiting import wait_until
from kompeten_contracts.assessment import AppealDecidedV1, AppealLodgedV1, AppealOutcomeV1

pytestmark = pytest.mark.integration
LSP = uuid4()
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    panels = PanelSizes(per_scheme={"KOP-BENDAHARA": 2})
    async with running_certificate(panels=panels) as service, api_of(service) as api:
        yield service, api


async def received(api: httpx.AsyncClient, attempt_id: UUID, lsp: UUID = LSP) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found = await api.get(f"/recommendations/{attempt_id}", headers=lsp_admin(lsp))
        return found.json() if found.status_code == 200 else None

    return await wait_until(probe, timeout=60, what=f"recommendation {attempt_id} received")


async def issued(api: httpx.AsyncClient, certificate_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found = await api.get(f"/certificates/{certificate_id}", headers=lsp_admin(LSP))
        return found.json() if found.status_code == 200 else None

    return await wait_until(probe, timeout=60, what=f"certificate {certificate_id} listed")


async def consumed_all(service: CertificateService) -> None:
    async def lag() -> bool:
        topic, group = service.source_topic, service.group_id
        return await group_lag(service.settings.kafka_bootstrap, group, topic) == 0

    await wait_until(lag, timeout=60, what="every record consumed and committed")


async def log_count(service: CertificateService, stream: str) -> int:
    conn = await admin_connection()
    try:
        sql = f'SELECT count(*) FROM "{service.schema}".events WHERE stream_id = $1'
        return int(await conn.fetchval(sql, stream))
    finally:
        await conn.close()


async def test_a_recommendation_becomes_a_certificate_anyone_can_verify_online_and_offline(
    started: Started, tmp_path: Path
) -> None:
    service, api = started
    assessor = uuid4()
    event = recommendation(lsp_id=LSP, assessor_ids=(assessor,))
    await publish(service.source_topic, [event])
    shown = await received(api, event.attempt_id)
    assert (shown["overall"], shown["decision"]) == ("K", None)
    assert shown["assessor_ids"] == [str(assessor)]

    url = f"/recommendations/{event.attempt_id}/decision"
    refused = await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP, assessor))
    assert refused.status_code == 403, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "assessor_ids" and "asesor" in error["reason"]

    decided = await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))
    assert decided.status_code == 200, decided.text
    answer = decided.json()
    assert (answer["decision"], answer["judged"], answer["panel_size"]) == ("K", 1, 1)
    number = answer["certificate_number"]
    assert number == f"KOP-KASIR/{service.now().year}/00001"

    certificate = await issued(api, answer["certificate_id"])
    token = certificate["token"]
    assert len(token) == 22 and certificate["number"] == number
    verified = await api.get(f"/verify/{token}")
    assert verified.status_code == 200, verified.text
    public = verified.json()
    assert (public["status"], public["number"]) == ("awaiting_agreement", number)
    url = f"/certificates/{answer['certificate_id']}"
    unreleased = await api.get(f"{url}/qr.png", headers=lsp_admin(LSP))
    assert unreleased.status_code == 409 and unreleased.json()["errors"][0]["field"] == "status"
    terms = await api.get(f"{url}/agreement", headers=candidate(event.candidate_id))
    assert terms.status_code == 200 and terms.json()["signed_at"] is None
    signed = await api.post(f"{url}/agreement", headers=candidate(event.candidate_id),
                            json={"agreement_version": terms.json()["agreement_version"],
                                  "agree": True})  # fmt: skip
    assert signed.status_code == 200 and signed.json()["signed_at"], signed.text

    asked = [1]  # verifications so far

    async def released() -> dict[str, Any] | None:
        asked[0] += 1
        found = (await api.get(f"/verify/{token}")).json()
        return found if found["status"] == "valid" else None

    public = await wait_until(released, timeout=30, what="the certificate shown valid")
    assert public["scheme_code"] == "KOP-KASIR"
    assert public["unit_codes"] == [u.unit_code for u in event.units]
    assert public["holder_name"] is None
    assert str(event.candidate_id) not in verified.text and str(assessor) not in verified.text
    page = await api.get(f"/verify/{token}/page")
    assert page.status_code == 200 and "BERLAKU" in page.text and number in page.text

    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps((await api.get("/keys")).json()))
    assert offline.main(["--keys", str(keys), public["qr_payload"]]) == 0
    qr = await api.get(f"/certificates/{answer['certificate_id']}/qr.png", headers=lsp_admin(LSP))
    (tmp_path / "qr.png").write_bytes(qr.content)
    assert qr.headers["content-type"] == "image/png"
    assert offline.main(["--keys", str(keys), str(tmp_path / "qr.png")]) == 0
    # Drawn once, then kept: a strong ETag of the payload, cacheable by the asker's browser for
    # good, 304 to a revalidation naming it; another scale is another image.
    etag, cache = qr.headers["etag"], qr.headers["cache-control"]
    assert etag.startswith('"qr-') and "private" in cache and "immutable" in cache
    again = await api.get(f"{url}/qr.png", headers=lsp_admin(LSP))
    assert (again.content, again.headers["etag"]) == (qr.content, etag)
    unchanged = await api.get(f"{url}/qr.png", headers={**lsp_admin(LSP), "If-None-Match": etag})
    assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", etag)
    stale = await api.get(f"{url}/qr.png", headers={**lsp_admin(LSP), "If-None-Match": '"x"'})
    assert stale.status_code == 200 and stale.content == qr.content
    bigger = await api.get(f"{url}/qr.png", params={"scale": 12}, headers=lsp_admin(LSP))
    assert bigger.headers["etag"] != etag and len(bigger.content) > len(qr.content)
    elsewhere = await api.get(f"{url}/qr.png", headers={**lsp_admin(uuid4()),
                                                        "If-None-Match": etag})  # fmt: skip
    assert elsewhere.status_code == 404  # the ETag opens nothing: the LSP is checked first

    conn = await admin_connection()
    try:
        recorded = await conn.fetchval(
            f'SELECT count(*) FROM "{service.schema}".verifications WHERE token = $1', token
        )
    finally:
        await conn.close()
    assert recorded == asked[0] + 1  # every JSON answer and the page: each one recorded


async def test_a_duplicate_delivery_records_and_decides_nothing_twice(started: Started) -> None:
    service, api = started
    event, later = recommendation(lsp_id=LSP), recommendation(lsp_id=LSP)
    same_id = uuid4()
    # The same record twice (a redelivery), then the event re-published under a new id.
    ids = [same_id, same_id, uuid4(), uuid4()]
    await publish(service.source_topic, [event, event, event, later], ids=ids)
    await received(api, later.attempt_id)
    await consumed_all(service)
    assert await log_count(service, f"recommendation-{event.attempt_id}") == 1

    member = decision_maker(LSP, uuid4())
    url = f"/recommendations/{event.attempt_id}/decision"
    first = await api.post(url, json={"outcome": "K"}, headers=member)
    again = await api.post(url, json={"outcome": "K"}, headers=member)
    assert first.status_code == again.status_code == 200, again.text
    assert first.json() == again.json()
    assert await log_count(service, f"decision-{event.attempt_id}") == 2  # judged + decided
    certificate = first.json()["certificate_id"]
    assert await log_count(service, f"certificate-{certificate}") == 1
    other = await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))
    assert other.status_code == 409 and other.json()["errors"][0]["field"] == "attempt_id"


async def test_a_session_is_decided_at_once_except_where_the_member_assessed(
    started: Started,
) -> None:
    service, api = started
    session, member = uuid4(), uuid4()
    mine = recommendation(lsp_id=LSP, session_id=session, assessor_ids=(member,))
    others = [recommendation(lsp_id=LSP, session_id=session) for _ in range(3)]
    bk = recommendation(lsp_id=LSP, session_id=session, competent=False)
    await publish(service.source_topic, [mine, *others, bk])
    for event in (mine, *others, bk):
        await received(api, event.attempt_id)

    answer = await api.post(f"/sessions/{session}/decisions", headers=decision_maker(LSP, member))
    assert answer.status_code == 200, answer.text
    items = {item["attempt_id"]: item for item in answer.json()}
    assert items[str(mine.attempt_id)]["refused"][0]["field"] == "assessor_ids"
    assert items[str(mine.attempt_id)]["judgement"] is None
    for event in others:
        assert items[str(event.attempt_id)]["judgement"]["decision"] == "K"
        assert items[str(event.attempt_id)]["judgement"]["certificate_number"]
    assert items[str(bk.attempt_id)]["judgement"]["decision"] == "BK"
    assert items[str(bk.attempt_id)]["judgement"]["certificate_id"] is None

    async def listed() -> list[dict[str, Any]] | None:
        found = await api.get(f"/certificates?session_id={session}", headers=lsp_admin(LSP))
        return found.json() if len(found.json()) == 3 else None

    assert len(await wait_until(listed, what="the session's 3 certificates")) == 3

    async def awaiting() -> list[str] | None:
        left = await api.get(f"/recommendations?session_id={session}", headers=lsp_admin(LSP))
        ids = [r["attempt_id"] for r in left.json()]
        return ids if len(ids) == 1 else None

    assert await wait_until(awaiting, what="one left awaiting") == [str(mine.attempt_id)]


async def test_a_panel_of_two_issues_on_the_second_member_only(started: Started) -> None:
    service, api = started
    event = recommendation(lsp_id=LSP, scheme_code="KOP-BENDAHARA")
    await publish(service.source_topic, [event])
    await received(api, event.attempt_id)
    url = f"/recommendations/{event.attempt_id}/decision"
    first = (await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))).json()
    assert (first["judged"], first["panel_size"], first["decision"]) == (1, 2, None)
    assert first["certificate_id"] is None
    second = (await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))).json()
    assert (second["judged"], second["decision"]) == (2, "K")
    assert second["certificate_number"].startswith("KOP-BENDAHARA/")


async def test_another_lsp_and_the_public_learn_nothing_by_guessing(started: Started) -> None:
    service, api = started
    event = recommendation(lsp_id=LSP)
    await publish(service.source_topic, [event])
    await received(api, event.attempt_id)
    stranger = uuid4()
    hidden = await api.get(f"/recommendations/{event.attempt_id}", headers=lsp_admin(stranger))
    assert hidden.status_code == 404
    decided = await api.post(f"/recommendations/{event.attempt_id}/decision",
                             json={"outcome": "K"}, headers=decision_maker(stranger))  # fmt: skip
    assert decided.status_code == 404 and decided.json()["errors"][0]["field"] == "attempt_id"
    for token in ("A" * 22, "not-a-token", "x" * 300):
        answer = await api.get(f"/verify/{token}")
        assert answer.status_code == 404 and answer.json()["errors"][0]["field"] == "token"
    assert (await api.get(f"/verify/{'B' * 22}/page")).status_code == 404
    bad = await api.post(f"/recommendations/{event.attempt_id}/decision",
                         json={"outcome": "maybe"}, headers=decision_maker(LSP))  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "outcome"
    assert (await api.get(f"/recommendations/{event.attempt_id}",
                          headers=lsp_admin(LSP))).json()["judged"] == 0  # fmt: skip


async def test_an_open_appeal_holds_the_decision_until_it_is_dismissed(started: Started) -> None:
    service, api = started
    event = recommendation(lsp_id=LSP)
    appeal = {"appeal_id": uuid4(), "attempt_id": event.attempt_id, "attempt_no": 1,
              "candidate_id": event.candidate_id, "application_id": event.application_id,
              "lsp_id": LSP}  # fmt: skip
    lodged = AppealLodgedV1(**appeal, lodged_at=event.recommended_at)
    await publish(service.source_topic, [lodged, event])
    await received(api, event.attempt_id)
    url = f"/recommendations/{event.attempt_id}/decision"

    async def held() -> dict[str, Any] | None:
        answer = await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))
        return answer.json() if answer.status_code == 409 else None

    refusal = await wait_until(held, timeout=60, what="the decision held by the appeal")
    assert refusal["errors"][0]["field"] == "appeal_id"
    dismissed = AppealDecidedV1(**appeal, outcome=AppealOutcomeV1.DISMISSED,
                                decided_at=event.recommended_at)  # fmt: skip
    await publish(service.source_topic, [dismissed])

    async def decided() -> dict[str, Any] | None:
        answer = await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))
        return answer.json() if answer.status_code == 200 else None

    answer = await wait_until(decided, timeout=60, what="decided once the appeal is dismissed")
    assert answer["decision"] == "K" and answer["certificate_number"]
    upheld_event = recommendation(lsp_id=LSP)
    upheld = {**appeal, "appeal_id": uuid4(), "attempt_id": upheld_event.attempt_id}
    await publish(service.source_topic, [
        upheld_event, AppealLodgedV1(**upheld, lodged_at=event.recommended_at),
        AppealDecidedV1(**upheld, outcome=AppealOutcomeV1.UPHELD, decided_at=event.recommended_at),
    ])  # fmt: skip
    await received(api, upheld_event.attempt_id)
    await consumed_all(service)
    aside = await api.post(f"/recommendations/{upheld_event.attempt_id}/decision",
                           json={"outcome": "K"}, headers=decision_maker(LSP))  # fmt: skip
    assert aside.status_code == 409 and "set aside" in aside.json()["errors"][0]["reason_en"]


async def test_the_independence_rule_refuses_an_assessor_a_trainer_and_an_appeal_reviewer(
    started: Started,
) -> None:
    """The candidate's first attempt is appealed and the appeal upheld by a reviewer; the
    re-assessment's recommendation names its assessor and the candidate's trainer. None of the
    three may decide it, each told why; someone independent decides it."""
    service, api = started
    assessor, trainer, reviewer = uuid4(), uuid4(), uuid4()
    first = recommendation(lsp_id=LSP, trainer_ids=[trainer])
    appeal = {"appeal_id": uuid4(), "attempt_id": first.attempt_id, "attempt_no": 1,
              "candidate_id": first.candidate_id, "application_id": first.application_id,
              "lsp_id": LSP}  # fmt: skip
    again = recommendation(
        lsp_id=LSP, assessor_ids=(assessor,), trainer_ids=[trainer], attempt_no=2,
        candidate_id=first.candidate_id, application_id=first.application_id,
    )  # fmt: skip
    await publish(service.source_topic, [
        first, AppealLodgedV1(**appeal, lodged_at=first.recommended_at),
        AppealDecidedV1(**appeal, outcome=AppealOutcomeV1.UPHELD,
                        decided_at=first.recommended_at, reviewer_id=reviewer),
        again,
    ])  # fmt: skip
    await received(api, again.attempt_id)
    await consumed_all(service)
    url = f"/recommendations/{again.attempt_id}/decision"
    expected = {assessor: ("assessor_ids", "did not assess"),
                trainer: ("trainer_ids", "trained the candidate"),
                reviewer: ("reviewer_id", "reviewed the candidate's appeal")}  # fmt: skip
    for person, (field, reason) in expected.items():
        answer = await api.post(url, json={"outcome": "K"},
                                headers=decision_maker(LSP, person))  # fmt: skip
        assert answer.status_code == 403, answer.text
        [error] = answer.json()["errors"]
        assert error["field"] == field and reason in error["reason_en"]
        assert error["reason"]  # and in Bahasa Indonesia
    assert (await api.get(url.removesuffix("/decision"),
                          headers=lsp_admin(LSP))).json()["judged"] == 0  # fmt: skip
    decided = await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))
    assert decided.status_code == 200 and decided.json()["decision"] == "K"
