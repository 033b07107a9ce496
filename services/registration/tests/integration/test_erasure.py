"""Erasure on request: after it, no NIK, name or e-mail of the person is readable anywhere we
keep data: the registration schema (pg_dump), every record of the topic, the service's logs.
Nor is anything of their application: an evidence document, the name they gave it and its
sha256 (which would confirm a known document), or the fields staff returned it for.

Mail already sent (the sign-in code in the SMTP sink) left our systems when it was delivered;
erasure cannot reach into someone's mailbox, so it is deliberately not checked here.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import uuid

import httpx
import pytest
from registration_catalogue import StubCooperatives, StubSchemes
from registration_samples import apl01_json as apl01
from registration_samples import apl02_json as apl02

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema, unique_topic
from eventkit.testing.kafka import all_records, record_count
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.api.app import create_app
from registration.bootstrap import RegistrationService
from servicekit.auth import bearer_headers

pytestmark = pytest.mark.integration

PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump"
NIK, NAME = "5107015203880002", "Ni Luh Putu Ayu Wulandari"
EMAIL = f"ayu.{uuid.uuid4().hex[:8]}@example.id"
DOCUMENT = b"%PDF-1.4\n% KTP " + uuid.uuid4().hex.encode() + b"\n"
SHA256 = hashlib.sha256(DOCUMENT).hexdigest()
RETURNED_FIELD = f"apl01.personal.ktp_{uuid.uuid4().hex[:10]}"
# A reason long and unique enough that no random ciphertext in the dump contains it by chance
# (a bare "KTP" did: base64 holds any three letters sooner or later).
RETURN_REASON = f"scan KTP buram {uuid.uuid4().hex[:10]}"
STAFF = bearer_headers(Role.LSP_ADMIN)


async def mailed_code(to: str) -> str:
    async def found() -> str | None:
        async with httpx.AsyncClient(timeout=30) as mail:  # a restarted sink reindexes first
            messages = (
                await mail.get("http://127.0.0.1:18025/api/messages", params={"to": to})
            ).json()
        match = re.search(r"\b(\d{6})\b", messages[0]["text"]) if messages else None
        return match.group(1) if match else None

    return await wait_until(found, timeout=30, what=f"a code mailed to {to}")


async def dump(schema: str) -> str:
    settings = load_settings()
    process = await asyncio.create_subprocess_exec(
        PG_DUMP, "--data-only", f"--schema={schema}",
        f"{settings.admin_dsn(TEST_DATABASE)}", stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 0
    return out.decode()


async def topic_records(topic: str) -> str:
    records = await all_records(load_settings().kafka_bootstrap, topic)
    return "".join(
        (r.value or b"").decode() + str(r.headers) + (r.key or b"").decode() for r in records
    )


async def returned_application(
    api: httpx.AsyncClient, me: dict[str, str], cooperatives: StubCooperatives
) -> str:
    """An application with the person's KTP scan as evidence, submitted and returned by staff
    with a reason on a field; its id."""
    started = await api.post("/applications", json={"client_id": str(uuid.uuid4())}, headers=me)
    assert started.status_code == 201, started.text
    url = f"/applications/{started.json()['application_id']}"
    uploaded = await api.post(
        f"{url}/evidence", files={"file": ("KTP Ni Luh Wulandari.pdf", DOCUMENT)}, headers=me
    )
    assert uploaded.status_code == 201, uploaded.text
    assert (uploaded.json()["sha256"], uploaded.json()["file_name"]) == (
        SHA256,
        "KTP Ni Luh Wulandari.pdf",
    )
    evidence_id = uploaded.json()["evidence_id"]
    form = apl01(cooperatives.add(), evidence_ids=[evidence_id])
    form["personal"] = {**form["personal"], "full_name": NAME, "nik": NIK, "email": EMAIL,  # type: ignore[dict-item]
                        "birth_date": "1988-03-12"}  # fmt: skip
    body = {"client_id": str(uuid.uuid4()), "apl01": form, "apl02": apl02([evidence_id])}
    submitted = await api.post(f"{url}/submission", json=body, headers=me)
    assert submitted.status_code == 200, submitted.text
    reasons = [{"field": RETURNED_FIELD, "reason": RETURN_REASON}]
    returned = await api.post(
        f"{url}/return", json={"client_id": str(uuid.uuid4()), "reasons": reasons}, headers=STAFF
    )
    assert returned.status_code == 200, returned.text
    seen = (await api.get(url, headers=STAFF)).json()
    assert seen["returned"]["reasons"] == reasons
    assert seen["evidence"][0]["sha256"] == SHA256
    return str(started.json()["application_id"])


async def test_an_erased_person_is_readable_nowhere(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    topic = unique_topic("kompeten.registration.events")
    async with fresh_schema("reg") as schema:
        cooperatives = StubCooperatives()
        service = RegistrationService(
            load_settings(), schema=schema, database=TEST_DATABASE, topic=topic,
            schemes=StubSchemes(), cooperatives=cooperatives,
        )  # fmt: skip
        await service.start()
        transport = httpx.ASGITransport(app=create_app(service))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                assert (await api.post("/auth/sign-up", json={"email": EMAIL})).status_code == 202
                code = await mailed_code(EMAIL)
                signed = await api.post("/auth/verify", json={"email": EMAIL, "code": code})
                assert signed.status_code == 200, signed.text
                me = {"Authorization": f"Bearer {signed.json()['token']}"}
                registered = await api.post(
                    "/candidates", headers=me,
                    json={"client_id": str(uuid.uuid4()), "full_name": NAME, "nik": NIK,
                          "district_code": "5107"},
                )  # fmt: skip
                assert registered.status_code == 201, registered.text
                me = {"Authorization": f"Bearer {registered.json()['token']}"}
                profile = (await api.get("/candidates/me", headers=me)).json()
                assert (profile["nik"], profile["email"]) == (NIK, EMAIL)
                candidate_id = registered.json()["candidate_id"]
                application = await returned_application(api, me, cooperatives)

                async def applied() -> bool:  # the LSP's admins read applicants to their LSP
                    seen = await api.get(f"/candidates/{candidate_id}", headers=STAFF)
                    return seen.status_code == 200

                await wait_until(applied, timeout=10, what="the application in the queue")
                erased = await api.post(f"/candidates/{candidate_id}/erasure", headers=me)
                assert erased.status_code == 200, erased.text

                async def published() -> bool:
                    return await record_count(service.settings.kafka_bootstrap, topic) >= 2

                await wait_until(published, timeout=30, what="registration and erasure published")
                refused = await api.get(f"/candidates/{candidate_id}", headers=me)
                assert refused.status_code == 401  # erasure ended every session of the person
                profile = await api.get(f"/candidates/{candidate_id}", headers=STAFF)
                assert profile.status_code == 200 and profile.json()["erased"]
                assert profile.json()["nik"] == "[dihapus]"
                again = await api.post("/auth/verify", json={"email": EMAIL, "code": code})
                assert again.status_code == 422
                seen = (await api.get(f"/applications/{application}", headers=STAFF)).json()
                [evidence] = seen["evidence"]
                assert (evidence["file_name"], evidence["sha256"]) == ("[dihapus]", "[dihapus]")
                assert seen["returned"]["reasons"] == [
                    {"field": "[dihapus]", "reason": "[dihapus]"}
                ]
                document = await api.get(
                    f"/applications/{application}/evidence/{evidence['evidence_id']}",
                    headers=STAFF,
                )
                assert document.status_code == 410
        finally:
            await service.stop()
        everywhere = {
            "database": await dump(schema),
            "kafka": await topic_records(topic),
            "logs": caplog.text,
        }
    assert "CandidateErased" in everywhere["kafka"]
    assert candidate_id in everywhere["database"]  # the non-personal facts stay
    for place, text in everywhere.items():
        for personal in (NIK, NAME, EMAIL, "Wulandari", SHA256, RETURNED_FIELD, RETURN_REASON):
            assert personal.lower() not in text.lower(), f"{personal!r} readable in {place}"
