"""APL-01/APL-02 over HTTP on the real stack: exactly-once submissions, return → resubmit →
accept, ownership, mass assignment and uploads. Bad input changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from registration_samples import apl02_json as apl02

from eventkit.testing.infra import admin_connection
from eventkit.testing.waiting import wait_until

from .conftest import Api

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n% ijazah SMA\n"


async def test_draft_submit_return_resubmit_accept(api: Api) -> None:
    me, staff = api.candidate(), api.staff()
    application_id = await api.start(me)
    url = f"/applications/{application_id}"
    draft = {"apl01": {"personal": {"full_name": "Ni Made Sari"}}}
    assert (
        await api.http.put(f"{url}/draft", json={"draft": draft}, headers=me)
    ).status_code == 200
    assert (await api.http.get(f"{url}/draft", headers=me)).json() == {"draft": draft}

    body = api.submission()
    first, retry = [
        await api.http.post(f"{url}/submission", json=body, headers=me) for _ in range(2)
    ]
    assert first.status_code == retry.status_code == 200 and first.json() == retry.json()
    assert len(await api.events("ApplicationSubmitted")) == 1

    async def queued() -> list[Any]:
        found = (await api.http.get("/verification/queue", headers=staff)).json()
        return [q for q in found if q["application_id"] == application_id]

    assert (await wait_until(queued, timeout=10, what="in the queue"))[0]["submissions"] == 1
    reasons = [{"field": "apl01.personal.address", "reason": "alamat belum lengkap (RT/RW)"}]
    returned = await api.http.post(
        f"{url}/return", json={"client_id": str(uuid.uuid4()), "reasons": reasons}, headers=staff
    )
    assert returned.json()["status"] == "returned"
    seen = (await api.http.get(url, headers=me)).json()
    assert seen["status"] == "returned" and seen["returned"]["reasons"] == reasons
    assert seen["submitted"]["personal"]["full_name"] == "Ni Made Sari"

    assert (await api.http.post(f"{url}/submission", json=body, headers=me)).json()[
        "submission"
    ] == 1  # a late re-send
    fixed = api.submission()
    fixed["apl01"]["personal"]["address"] = "Jl. Raya Karangasem 1 RT 02/RW 03"
    again = await api.http.post(f"{url}/submission", json=fixed, headers=me)
    assert again.json() == {
        "application_id": application_id,
        "status": "submitted",
        "submission": 2,
    }

    async def queued_again() -> bool:
        found = await queued()
        return bool(found) and found[0]["submissions"] == 2

    await wait_until(queued_again, timeout=10, what="back in the queue")
    decision = {"client_id": str(uuid.uuid4())}
    accepted = [
        await api.http.post(f"{url}/acceptance", json=decision, headers=staff) for _ in range(2)
    ]
    assert [a.json()["status"] for a in accepted] == ["accepted", "accepted"]
    (event,) = await api.events("ApplicationAccepted")
    assert '"actor"' in event["metadata"] and '"accepted_by"' in event["data"]
    assert "Ni Made" not in event["data"] and "5107014506910001" not in event["data"]
    assert (await api.http.get(url, headers=me)).json()["decision"]["outcome"] == "accepted"
    await wait_until(lambda: _empty(queued), timeout=10, what="out of the queue")


async def _empty(probe: Any) -> bool:
    return not await probe()


async def test_concurrent_double_submission_is_applied_once(api: Api) -> None:
    me = api.candidate()
    application_id = await api.start(me)
    body = api.submission()
    answers = await asyncio.gather(
        *[
            api.http.post(f"/applications/{application_id}/submission", json=body, headers=me)
            for _ in range(4)
        ]
    )
    assert {a.status_code for a in answers} == {200}
    assert len({a.text for a in answers}) == 1
    assert len(await api.events("ApplicationSubmitted")) == 1


async def test_a_candidate_never_reaches_another_candidates_application(api: Api) -> None:
    owner, intruder = api.candidate(), api.candidate()
    application_id = await api.start(owner)
    evidence = (
        await api.http.post(
            f"/applications/{application_id}/evidence",
            files={"file": ("k.pdf", PDF)},
            headers=owner,
        )
    ).json()
    before = len(await api.events())
    for target in (application_id, str(uuid.uuid4())):
        url = f"/applications/{target}"
        attempts = [
            api.http.get(url, headers=intruder),
            api.http.get(f"{url}/draft", headers=intruder),
            api.http.put(f"{url}/draft", json={"draft": {"x": 1}}, headers=intruder),
            api.http.post(f"{url}/submission", json=api.submission(), headers=intruder),
            api.http.post(
                f"{url}/evidence", files={"file": ("x.pdf", PDF + b"x")}, headers=intruder
            ),
            api.http.get(f"{url}/evidence/{evidence['evidence_id']}", headers=intruder),
        ]
        for response in await asyncio.gather(*attempts):
            assert response.status_code == 404, response.text
            assert response.json()["errors"][0]["field"] == "application_id"
    listed = (await api.http.get("/applications", headers=intruder)).json()
    assert listed == []
    for staff_only in ("/verification/queue",):
        assert (await api.http.get(staff_only, headers=owner)).status_code == 403
    accept = await api.http.post(
        f"/applications/{application_id}/acceptance",
        json={"client_id": str(uuid.uuid4())},
        headers=owner,
    )
    assert accept.status_code == 403
    assert len(await api.events()) == before


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("submission", {"status": "accepted"}),
        ("submission", {"candidate_id": str(uuid.uuid4())}),
        ("acceptance", {"accepted_by": str(uuid.uuid4())}),
        ("rejection", {"reason": "x", "status": "accepted"}),
    ],
)
async def test_status_and_identity_fields_are_never_taken_from_the_body(
    api: Api, path: str, extra: dict[str, str]
) -> None:
    me, staff = api.candidate(), api.staff()
    application_id = await api.start(me)
    body = api.submission() if path == "submission" else {"client_id": str(uuid.uuid4())}
    before = len(await api.events())
    response = await api.http.post(
        f"/applications/{application_id}/{path}",
        json={**body, **extra},
        headers=me if path == "submission" else staff,
    )
    assert response.status_code == 422, response.text
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields & set(extra) and all(e["reason"] for e in response.json()["errors"])
    started = await api.http.post(
        "/applications", json={"client_id": str(uuid.uuid4()), "status": "accepted"}, headers=me
    )
    assert started.status_code == 422
    assert len(await api.events()) == before


async def test_bad_forms_name_each_field_and_change_nothing(api: Api) -> None:
    me = api.candidate()
    application_id = await api.start(me)
    body = api.submission(scheme_version=2)
    body["apl02"]["judgements"].pop()  # type: ignore[attr-defined]
    response = await api.http.post(
        f"/applications/{application_id}/submission", json=body, headers=me
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"apl01.scheme_version"}
    body = api.submission()
    body["apl02"]["judgements"].pop()  # type: ignore[attr-defined]
    response = await api.http.post(
        f"/applications/{application_id}/submission", json=body, headers=me
    )
    assert {e["field"] for e in response.json()["errors"]} == {"apl02.K.64KOP00.002.1.1"}
    assert await api.events("ApplicationSubmitted") == []


async def test_uploads_are_judged_by_content_limited_named_safely_and_stored_once(api: Api) -> None:
    me = api.candidate()
    application_id = await api.start(me)
    url = f"/applications/{application_id}/evidence"
    exe = await api.http.post(
        url, files={"file": ("ijazah.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")}, headers=me
    )
    assert exe.status_code == 415 and exe.json()["errors"][0]["field"] == "file"
    big = await api.http.post(
        url, files={"file": ("big.pdf", PDF + b"0" * (5 * 1024 * 1024))}, headers=me
    )
    assert big.status_code == 413 and big.json()["errors"][0]["field"] == "file"
    first = await api.http.post(url, files={"file": ("../../etc/ijazah saya.pdf", PDF)}, headers=me)
    assert first.status_code == 201 and first.json()["file_name"] == "ijazah saya.pdf"
    again = await api.http.post(url, files={"file": ("copy.pdf", PDF)}, headers=me)
    assert again.status_code == 200 and again.json()["evidence_id"] == first.json()["evidence_id"]
    download = await api.http.get(f"{url}/{first.json()['evidence_id']}", headers=api.staff())
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert "attachment" in download.headers["content-disposition"]
    conn = await admin_connection()
    try:
        rows = await conn.fetch(
            f'SELECT ciphertext, sealed_name::text AS name FROM "{api.schema}".evidence'
        )
    finally:
        await conn.close()
    assert len(rows) == 1 and b"ijazah" not in rows[0]["ciphertext"]
    assert "ijazah" not in rows[0]["name"]  # the name a person gave a file is theirs too
    evidence_id = first.json()["evidence_id"]
    submitted = await api.http.post(
        f"/applications/{application_id}/submission",
        json={**api.submission(evidence_ids=[evidence_id]), "apl02": apl02([evidence_id])},
        headers=me,
    )
    assert submitted.status_code == 200, submitted.text


async def test_the_same_document_uploaded_twice_at_once_is_stored_once(api: Api) -> None:
    me = api.candidate()
    url = f"/applications/{await api.start(me)}/evidence"
    both = await asyncio.gather(
        *(api.http.post(url, files={"file": (f"{n}.pdf", PDF)}, headers=me) for n in range(4))
    )
    assert sorted(r.status_code for r in both) == [200, 200, 200, 201], [r.text for r in both]
    assert len({r.json()["evidence_id"] for r in both}) == 1
    conn = await admin_connection()
    try:
        assert await conn.fetchval(f'SELECT count(*) FROM "{api.schema}".evidence') == 1
    finally:
        await conn.close()


BOUNDARY = "batas-kompeten-7f3a"


def chunked_upload(content: bytes, megabytes_after: int, pulled: list[int]) -> Any:
    """A multipart body streamed without Content-Length: one file part holding `content` and
    then `megabytes_after` MB more; `pulled` counts the bytes the server asked for."""

    async def body() -> Any:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="besar.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        for piece in (head + content, *[b"0" * 65536] * (16 * megabytes_after)):
            pulled[0] += len(piece)
            yield piece
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    return body()


async def test_an_oversized_upload_stops_at_the_limit_with_or_without_content_length(
    api: Api,
) -> None:
    me = api.candidate()
    application_id = await api.start(me)
    url = f"/applications/{application_id}/evidence"
    stream = {**me, "content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    limit = 5 * 1024 * 1024

    pulled = [0]
    streamed = await api.http.post(url, content=chunked_upload(PDF, 50, pulled), headers=stream)
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413, streamed.text
    assert streamed.json()["errors"][0]["field"] == "file"
    assert pulled[0] < limit + 2 * 65536  # stopped at the limit, not after 50 MB

    declared = await api.http.post(
        url, files={"file": ("besar.pdf", PDF + b"0" * (6 * 1024 * 1024))}, headers=me
    )
    assert declared.status_code == 413, declared.text  # refused from Content-Length alone
    assert declared.json()["errors"][0]["field"] == "file"

    exact = PDF + b"0" * (limit - len(PDF))
    over = await api.http.post(url, content=chunked_upload(exact + b"0", 0, [0]), headers=stream)
    assert over.status_code == 413 and over.json()["errors"][0]["field"] == "file"
    conn = await admin_connection()
    try:
        assert await conn.fetchval(f'SELECT count(*) FROM "{api.schema}".evidence') == 0
    finally:
        await conn.close()

    fits = await api.http.post(url, content=chunked_upload(exact, 0, [0]), headers=stream)
    assert fits.status_code == 201, fits.text  # exactly 5 MB, streamed: taken
    assert fits.json()["size"] == limit


async def test_a_rejection_is_final_and_attributed(api: Api) -> None:
    me, staff = api.candidate(), api.staff()
    application_id = await api.start(me)
    await api.http.post(
        f"/applications/{application_id}/submission", json=api.submission(), headers=me
    )
    rejected = await api.http.post(
        f"/applications/{application_id}/rejection",
        json={"client_id": str(uuid.uuid4()), "reason": "bukan karyawan koperasi"},
        headers=staff,
    )
    assert rejected.json()["status"] == "rejected"
    late = await api.http.post(
        f"/applications/{application_id}/acceptance",
        json={"client_id": str(uuid.uuid4())},
        headers=staff,
    )
    assert late.status_code == 409 and late.json()["errors"][0]["field"] == "status"
    seen = (await api.http.get(f"/applications/{application_id}", headers=me)).json()
    assert seen["decision"]["reason"] == "bukan karyawan koperasi"
