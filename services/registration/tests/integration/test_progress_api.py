"""The console's progress screens over HTTP: every district one may see (a district operator
their own only), and a district's applications per scheme by where they stand now."""

from __future__ import annotations

import uuid

import pytest

from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role

from .conftest import Api

pytestmark = pytest.mark.integration


async def submit(api: Api, district: str) -> str:
    me = api.candidate()
    application_id = await api.start(me)
    body = api.submission()
    body["apl01"]["employment"]["cooperative_id"] = str(api.cooperatives.add(district))
    sent = await api.http.post(f"/applications/{application_id}/submission", json=body, headers=me)
    assert sent.status_code == 200, sent.text
    return application_id


async def test_districts_and_schemes_follow_the_applications(api: Api) -> None:
    admin, operator = api.staff(), api.staff(Role.DISTRICT_OPERATOR)  # the operator's: 5107
    first, second = await submit(api, "5107"), await submit(api, "5107")
    await submit(api, "5171")
    accepted = await api.http.post(
        f"/applications/{first}/acceptance", json={"client_id": str(uuid.uuid4())}, headers=admin
    )
    assert accepted.status_code == 200, accepted.text
    reasons = [{"field": "apl01.personal.address", "reason": "tanpa RT/RW"}]
    returned = await api.http.post(
        f"/applications/{second}/return",
        json={"client_id": str(uuid.uuid4()), "reasons": reasons},
        headers=admin,
    )
    assert returned.status_code == 200, returned.text

    async def per_scheme() -> list[dict[str, object]] | None:
        found = await api.http.get("/progress/districts/5107/schemes", headers=operator)
        body = found.json()
        return body if body and body[0]["accepted"] == 1 and body[0]["returned"] == 1 else None

    schemes = await wait_until(per_scheme, timeout=30, what="the scheme progress caught up")
    assert schemes == [
        {"scheme_code": "KOP-KASIR", "submitted": 0, "returned": 1, "accepted": 1, "rejected": 0}
    ]

    found = (await api.http.get("/progress/districts", headers=admin)).json()
    stands = [(d["district_code"], d["accepted"], d["returned"], d["submitted"]) for d in found]
    assert stands == [("5107", 1, 1, 0), ("5171", 0, 0, 1)]
    mine = (await api.http.get("/progress/districts", headers=operator)).json()
    assert [d["district_code"] for d in mine] == ["5107"]
    # Another district's schemes are not the operator's; an assessor reads no progress at all.
    elsewhere = await api.http.get("/progress/districts/5171/schemes", headers=operator)
    assert elsewhere.status_code == 403
    assessor = api.staff(Role.ASSESSOR)
    assert (await api.http.get("/progress/districts", headers=assessor)).status_code == 403
