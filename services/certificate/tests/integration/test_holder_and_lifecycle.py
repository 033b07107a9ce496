"""The holder's name and a certificate's life on the real stack. The holder's details arrive
sealed on the internal personal-data topic; the holder signs the agreement and the certificate
is released; the public page shows the name and nothing more (no NIK); once the holder's key is
erased the name is unreadable while the number, status and validity still verify. An LSP admin
suspends, reinstates, duplicates, records the paper collected (twice: once), replaces and
withdraws; each shows on the page within seconds
and goes out as a public event; expiry is recorded by the background round. Partners see no
name anywhere on the public topic."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
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

from certificate.agreements.domain.agreement import VERSION
from certificate.bootstrap import CertificateService
from eventkit.testing.infra import admin_connection
from eventkit.testing.kafka import all_records
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration
LSP = uuid4()
NAME, BIRTH_PLACE, NIK = "Ni Made Sukerti", "Amlapura", "5107015203880002"
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with running_certificate() as service, api_of(service) as api:
        yield service, api


async def issued_to(service: CertificateService, api: httpx.AsyncClient, holder: UUID,
                    name: str | None = NAME) -> dict[str, Any]:  # fmt: skip
    """A recommendation for `holder` (with their sealed details, when a name is given),
    decided K; the certificate as the staff list it."""
    event = recommendation(lsp_id=LSP, candidate_id=holder)
    if name is not None:
        fields = {"full_name": name, "birth_place": BIRTH_PLACE, "birth_date": "1988-03-12"}
        await publish(service.personal_data_topic, [await sealed_holder(service, holder, fields)])
    await publish(service.source_topic, [event])
    url = f"/recommendations/{event.attempt_id}/decision"

    async def decided() -> dict[str, Any] | None:
        answer = await api.post(url, json={"outcome": "K"}, headers=decision_maker(LSP))
        return answer.json() if answer.status_code == 200 else None

    certificate_id = (await wait_until(decided, timeout=60, what="decided"))["certificate_id"]
    return await shown(api, certificate_id, lambda c: c["holder_name"] == name)


async def shown(api: httpx.AsyncClient, certificate_id: str,
                ready: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:  # fmt: skip
    async def probe() -> dict[str, Any] | None:
        found = await api.get(f"/certificates/{certificate_id}", headers=lsp_admin(LSP))
        return found.json() if found.status_code == 200 and ready(found.json()) else None

    return await wait_until(probe, timeout=30, what=f"certificate {certificate_id} as expected")


async def verified(api: httpx.AsyncClient, token: str,
                   ready: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:  # fmt: skip
    async def probe() -> dict[str, Any] | None:
        found = (await api.get(f"/verify/{token}")).json()
        return found if ready(found) else None

    return await wait_until(probe, timeout=10, what="the verification page updated")


async def sign(api: httpx.AsyncClient, certificate: dict[str, Any]) -> httpx.Response:
    return await api.post(
        f"/certificates/{certificate['certificate_id']}/agreement",
        json={"agreement_version": VERSION, "agree": True},
        headers=candidate(UUID(certificate["candidate_id"])),
    )


async def test_the_name_shows_once_released_and_is_gone_after_erasure(started: Started) -> None:
    service, api = started
    holder = uuid4()
    certificate = await issued_to(service, api, holder)
    assert certificate["holder_name"] == NAME  # the staff's view, recorded below
    token = certificate["token"]
    before = (await api.get(f"/verify/{token}")).json()
    assert (before["status"], before["holder_name"]) == ("awaiting_agreement", NAME)

    stranger = await api.post(f"/certificates/{certificate['certificate_id']}/agreement",
                              json={"agreement_version": VERSION, "agree": True},
                              headers=candidate(uuid4()))  # fmt: skip
    assert stranger.status_code == 404 and stranger.json()["errors"][0]["field"] == "certificate_id"
    admin = await api.post(f"/certificates/{certificate['certificate_id']}/agreement",
                           json={"agreement_version": VERSION, "agree": True},
                           headers=lsp_admin(LSP))  # fmt: skip
    assert admin.status_code == 403
    qr = f"/me/certificates/{certificate['certificate_id']}/qr.png"
    early = await api.get(qr, headers=candidate(holder))
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "status"
    assert (await api.get(qr, headers=candidate(uuid4()))).status_code == 404
    assert (await sign(api, certificate)).status_code == 200
    public = await verified(api, token, lambda v: v["status"] == "valid")
    own_qr = await api.get(qr, headers=candidate(holder))  # the register shows it released
    assert own_qr.status_code == 200 and own_qr.content.startswith(b"\x89PNG")
    revalidate = {"If-None-Match": own_qr.headers["etag"]}
    assert (await api.get(qr, headers={**candidate(holder), **revalidate})).status_code == 304
    assert (await api.get(qr, headers={**candidate(uuid4()), **revalidate})).status_code == 404
    assert public["holder_name"] == NAME and public["holder_erased"] is False
    mine = await api.get("/me/certificates", headers=candidate(holder))
    assert [(c["number"], c["status"], c["token"]) for c in mine.json()] == [
        (certificate["number"], "valid", token)
    ]
    page = await api.get(f"/verify/{token}/page")
    assert NAME in page.text and "BERLAKU" in page.text
    for answer in (public, page.text):
        assert NIK not in str(answer) and str(holder) not in str(answer)
        assert BIRTH_PLACE not in str(answer)  # shown nowhere public: printed only

    await erase(service, holder)
    after = (await api.get(f"/verify/{token}")).json()
    assert (after["holder_name"], after["holder_erased"]) == (None, True)
    assert (after["number"], after["status"]) == (certificate["number"], "valid")
    assert after["valid_until"] == certificate["valid_until"]
    erased_page = await api.get(f"/verify/{token}/page")
    assert NAME not in erased_page.text and "dihapus atas permintaan" in erased_page.text
    staff = await api.get(f"/certificates/{certificate['certificate_id']}", headers=lsp_admin(LSP))
    assert (staff.json()["holder_name"], staff.json()["holder_erased"]) == (None, True)

    conn = await admin_connection()
    try:
        reads = await conn.fetch(
            f'SELECT purpose, actor_id FROM "{service.schema}".personal_data_reads '
            "WHERE candidate_id = $1 ORDER BY id",
            holder,
        )
        dump = await conn.fetchval(
            f"SELECT string_agg(t::text, '') FROM \"{service.schema}\".holders t"
        )
    finally:
        await conn.close()
    purposes = [r["purpose"] for r in reads]
    assert purposes[0] == "staff_view" and reads[0]["actor_id"] is not None
    assert "verification" in purposes  # and nothing was recorded once the key was gone
    assert NAME not in dump and "Sukerti" not in dump  # kept sealed, never in clear


async def test_a_certificate_without_details_received_verifies_without_a_name(
    started: Started,
) -> None:
    service, api = started
    certificate = await issued_to(service, api, uuid4(), name=None)
    found = (await api.get(f"/verify/{certificate['token']}")).json()
    assert (found["holder_name"], found["holder_erased"]) == (None, False)
    page = await api.get(f"/verify/{certificate['token']}/page")
    assert "not yet received" in page.text


async def test_each_change_shows_within_seconds_and_goes_out_as_a_public_event(
    started: Started,
) -> None:
    service, api = started
    certificate = await issued_to(service, api, uuid4())
    url, token = f"/certificates/{certificate['certificate_id']}", certificate["token"]
    admin = lsp_admin(LSP)
    early = await api.post(f"{url}/duplicates", headers=admin,
                           json={"reason": "lost", "copy_id": str(uuid4())})  # fmt: skip
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "status"
    assert (await sign(api, certificate)).status_code == 200
    await verified(api, token, lambda v: v["status"] == "valid")

    suspended = await api.post(f"{url}/suspension", json={"reason": "misuse_suspected"},
                               headers=admin)  # fmt: skip
    assert suspended.json()["status"] == "suspended", suspended.text
    await verified(api, token, lambda v: v["status"] == "suspended")
    assert "DIBEKUKAN" in (await api.get(f"/verify/{token}/page")).text
    bad = await api.post(f"{url}/suspension", json={"reason": "whim"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    other = await api.post(f"{url}/withdrawal", json={"reason": "misuse"},
                           headers=lsp_admin(uuid4()))  # fmt: skip
    assert other.status_code == 404  # another LSP's admin finds nothing to withdraw
    back = await api.post(f"{url}/reinstatement", json={"reason": "review_cleared"},
                          headers=admin)  # fmt: skip
    assert back.json()["status"] == "valid"
    await verified(api, token, lambda v: v["status"] == "valid")

    copy = str(uuid4())
    for _ in range(2):  # a retry is the same copy
        duplicate = await api.post(f"{url}/duplicates", json={"reason": "lost", "copy_id": copy},
                                   headers=admin)  # fmt: skip
        assert duplicate.json()["copy_no"] == 2, duplicate.text
    today = (datetime.now(UTC) + timedelta(hours=7)).date().isoformat()  # WIB
    for _ in range(2):  # the hand-out recorded twice: one collection, one public event
        handed = await api.post(f"{url}/collection", json={"collected_on": today}, headers=admin)
        assert handed.status_code == 200, handed.text

    replaced = await api.post(f"{url}/replacement", json={"reason": "data_correction"},
                              headers=admin)  # fmt: skip
    assert replaced.json()["status"] == "replaced", replaced.text
    again = await api.post(f"{url}/replacement", json={"reason": "data_correction"},
                           headers=admin)  # fmt: skip
    assert again.json()["replaced_by"] == replaced.json()["replaced_by"]
    new = await shown(api, replaced.json()["replaced_by"], lambda c: c["status"] == "valid")
    assert (
        new["replaces"] == certificate["certificate_id"] and new["number"] != certificate["number"]
    )
    assert new["valid_until"] == certificate["valid_until"] and new["holder_name"] == NAME
    old = await verified(api, token, lambda v: v["status"] == "replaced")
    assert old["replaced_by_number"] == new["number"]
    assert (
        f"Diganti dengan sertifikat <b>{new['number']}"
        in (await api.get(f"/verify/{token}/page")).text
    )
    gone = await api.post(f"/certificates/{new['certificate_id']}/withdrawal",
                          json={"reason": "issued_in_error"}, headers=admin)  # fmt: skip
    assert gone.json()["status"] == "withdrawn"
    await verified(api, new["token"], lambda v: v["status"] == "withdrawn")

    wanted = [
        "CertificateIssued", "CertificateReleased", "CertificateSuspended",
        "CertificateReinstated", "CertificateDuplicateIssued", "CertificateCollected",
        "CertificateReplaced",
    ]  # fmt: skip

    async def published() -> list[Any] | None:
        records = await all_records(service.settings.kafka_bootstrap, service.topic)
        return records if {"CertificateWithdrawn", *wanted} <= _names(records) else None

    records = await wait_until(published, timeout=60, what="the public events on Kafka")
    ours = [r for r in records if r.key.decode() == f"certificate-{certificate['certificate_id']}"]
    assert [_name(r) for r in ours] == wanted  # each once, the collection too
    [collected] = [json.loads(r.value) for r in ours if _name(r) == "CertificateCollected"]
    assert (collected["copy_no"], collected["collected_on"]) == (2, today)
    decided = [r for r in records if _name(r) == "CertificationDecided"]
    assert decided and all(r.key.decode().startswith("decision-") for r in decided)
    everything = b"".join(r.value for r in records)
    assert NAME.encode() not in everything and b"Sukerti" not in everything
    assert BIRTH_PLACE.encode() not in everything and NIK.encode() not in everything


async def test_past_its_validity_the_background_round_records_expiry() -> None:
    now = [datetime(2026, 11, 23, 3, tzinfo=UTC)]
    async with running_certificate(clock=lambda: now[0], expiry_interval=0.2) as service, \
            api_of(service) as api:  # fmt: skip
        certificate = await issued_to(service, api, uuid4())
        assert (await sign(api, certificate)).status_code == 200
        token = certificate["token"]
        await verified(api, token, lambda v: v["status"] == "valid")
        now[0] += timedelta(days=3 * 365 + 2)  # the day after the last day of validity
        await verified(api, token, lambda v: v["status"] == "expired")  # on read at once
        await shown(api, certificate["certificate_id"], lambda c: c["status"] == "expired")

        async def expired() -> Any:
            records = await all_records(service.settings.kafka_bootstrap, service.topic)
            return [r for r in records if _name(r) == "CertificateExpired"] or None

        [record] = await wait_until(expired, timeout=30, what="CertificateExpired published")
        assert record.key.decode() == f"certificate-{certificate['certificate_id']}"
        assert b'"actor_role":"system"' in record.value


def _name(record: Any) -> str:
    ce_type = dict(record.headers)["ce_type"].decode()
    return str(ce_type.split(".")[3])


def _names(records: list[Any]) -> set[str]:
    return {_name(r) for r in records}


async def test_by_number_the_check_code_is_needed_and_a_wrong_pair_tells_nothing(
    started: Started,
) -> None:
    service, api = started
    holder = uuid4()
    certificate = await issued_to(service, api, holder)
    number, code = certificate["number"], certificate["check_code"]
    own = (await api.get("/me/certificates", headers=candidate(holder))).json()
    assert [c["check_code"] for c in own] == [code]  # the holder sees what their paper says

    found = await api.get("/verify", params={"number": number, "code": code})
    assert found.status_code == 200
    assert (found.json()["number"], found.json()["holder_name"]) == (number, NAME)
    typed = code.lower().replace("-", " ")
    assert (await api.get("/verify", params={"number": number, "code": typed})).status_code == 200

    wrong = "0000-0000" if code != "0000-0000" else "1111-1111"
    refused = [
        await api.get("/verify", params={"number": number, "code": wrong}),
        await api.get("/verify", params={"number": f"{number}9", "code": code}),
        await api.get("/verify", params={"number": number, "code": "not a code"}),
    ]
    assert {r.status_code for r in refused} == {404}
    assert len({r.text for r in refused}) == 1 and NAME not in refused[0].text
    assert refused[0].json()["errors"][0]["field"] == "number"
    alone = await api.get("/verify", params={"number": number})
    assert alone.status_code == 422 and alone.json()["errors"][0]["field"] == "code"

    form = await api.get("/verify/page")
    assert form.status_code == 200 and 'name="code"' in form.text
    shown = await api.get("/verify/page", params={"number": number, "code": code})
    assert shown.status_code == 200 and NAME in shown.text and "MENUNGGU" in shown.text
    not_shown = await api.get("/verify/page", params={"number": number, "code": wrong})
    assert not_shown.status_code == 404 and NAME not in not_shown.text

    conn = await admin_connection()
    try:
        rows = await conn.fetch(
            f'SELECT certificate_id, channel FROM "{service.schema}".verifications '
            "WHERE number = $1",
            number,
        )
    finally:
        await conn.close()
    hits = sorted(r["channel"] for r in rows if r["certificate_id"] is not None)
    assert hits == ["json", "json", "page"]  # every asking recorded, right or wrong
    assert sum(r["certificate_id"] is None for r in rows) == 3  # the wrong codes


async def test_a_number_tried_too_often_is_refused_for_a_while(started: Started) -> None:
    _, api = started
    number = f"KOP-TIDAK-ADA/{uuid4().hex[:8]}"
    for _ in range(10):
        answer = await api.get("/verify", params={"number": number, "code": "0000-0000"})
        assert answer.status_code == 404
    blocked = await api.get("/verify", params={"number": number, "code": "0000-0000"})
    assert blocked.status_code == 429 and blocked.json()["errors"][0]["field"] == "number"
    assert int(blocked.headers["retry-after"]) > 0
    page = await api.get("/verify/page", params={"number": number, "code": "0000-0000"})
    assert page.status_code == 429
    other = await api.get("/verify", params={"number": f"{number}X", "code": "0000-0000"})
    assert other.status_code == 404  # another number is not held back
