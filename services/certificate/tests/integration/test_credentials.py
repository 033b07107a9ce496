"""The certificate as a verifiable credential on the real stack: its holder (and its LSP's
admins) download it signed (application/vc+jwt), with the holder's name opened from the sealed
copy (the reading recorded as `credential`), the scheme's title and the units' titles, no NIK
and no birth data; the offline verifier checks it against the saved key set and the downloaded
status lists: valid, then suspended, valid again once reinstated, revoked once withdrawn."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from certificate_stack import (
    api_of,
    candidate,
    decision_maker,
    lsp_admin,
    publish,
    running_certificate,
)
from printing_cases import PROFILE, TITLES, scheme_version
from released_cases import issued, release

from certificate import verify as offline
from certificate.bootstrap import CertificateService
from certificate.issuance.adapters import vc_jose
from eventkit.testing.infra import admin_connection
from eventkit.testing.waiting import wait_until

pytestmark = pytest.mark.integration
LSP = uuid4()
NAME, NIK = "Ni Made Sukerti", "5107015203880002"
Started = tuple[CertificateService, httpx.AsyncClient]


@pytest.fixture(scope="module")
async def started() -> AsyncIterator[Started]:
    async with running_certificate() as service, api_of(service) as api:
        await publish(service.registration_topic, [scheme_version(LSP)])
        answer = await api.put("/print-profile", json=PROFILE, headers=lsp_admin(LSP))
        assert answer.status_code == 200, answer.text
        yield service, api


async def credential_of(service: CertificateService, api: httpx.AsyncClient,
                        certificate: dict[str, Any]) -> tuple[str, dict[str, Any]]:  # fmt: skip
    """The holder's download, once the scheme's titles are in it."""
    url = f"/certificates/{certificate['certificate_id']}/credential"
    holder = candidate(certificate["candidate_id"])

    async def titled() -> tuple[str, dict[str, Any]] | None:
        answer = await api.get(url, headers=holder)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("application/vc+jwt")
        made = vc_jose.verify(answer.text, service.key_ring().public()).credential
        aligned = made["credentialSubject"]["achievement"]["alignment"]
        return (answer.text, made) if aligned[0]["targetName"] == TITLES[0] else None

    return await wait_until(titled, timeout=30, what="the credential with the scheme's titles")


async def test_the_holder_and_the_lsp_admins_get_it_and_nobody_else(started: Started) -> None:
    service, api = started
    certificate = await issued(service, api, LSP, NAME)
    url = f"/certificates/{certificate['certificate_id']}/credential"
    early = await api.get(url, headers=candidate(certificate["candidate_id"]))
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "status"
    await release(api, certificate)
    jws, made = await credential_of(service, api, certificate)
    assert made["credentialSubject"]["identifier"][0]["identityHash"] == NAME
    assert made["issuer"]["name"] == PROFILE["lsp_name"]
    assert made["name"] == "Kasir Koperasi Simpan Pinjam"
    assert [a["targetName"] for a in made["credentialSubject"]["achievement"]["alignment"]] == list(
        TITLES
    )
    assert NIK not in json.dumps(made) and "Amlapura" not in json.dumps(made)
    assert "1988" not in json.dumps(made) and str(certificate["candidate_id"]) not in jws

    admin = await api.get(url, headers=lsp_admin(LSP))
    assert admin.status_code == 200
    for stranger in (candidate(uuid4()), lsp_admin(uuid4())):
        refused = await api.get(url, headers=stranger)
        assert (
            refused.status_code == 404 and refused.json()["errors"][0]["field"] == "certificate_id"
        )
    assert (await api.get(url, headers=decision_maker(LSP))).status_code == 403
    assert (await api.get(url)).status_code == 401

    conn = await admin_connection()
    try:
        reads = await conn.fetch(
            f'SELECT purpose, actor_id FROM "{service.schema}".personal_data_reads '
            "WHERE candidate_id = $1 AND purpose = 'credential'",
            certificate["candidate_id"],
        )
    finally:
        await conn.close()
    assert len(reads) >= 2 and all(r["actor_id"] is not None for r in reads)


async def test_offline_the_credential_verifies_and_the_lists_say_suspended_then_revoked(
    started: Started, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service, api = started
    certificate = await issued(service, api, LSP, NAME)
    await release(api, certificate)
    jws, made = await credential_of(service, api, certificate)
    assert [e["statusPurpose"] for e in made["credentialStatus"]] == ["suspension", "revocation"]
    (tmp_path / "keys.json").write_text((await api.get("/keys")).text)
    (tmp_path / "credential.jwt").write_text(jws)
    command = ["--keys", str(tmp_path / "keys.json"), str(tmp_path / "credential.jwt")]

    async def lists() -> list[str]:
        paths = []
        for purpose in ("suspension", "revocation"):
            answer = await api.get(f"/status-lists/{LSP}/{purpose}")
            assert answer.status_code == 200, answer.text
            (tmp_path / f"{purpose}.jwt").write_text(answer.text)
            paths += ["--status-list", str(tmp_path / f"{purpose}.jwt")]
        return paths

    async def verdict(expected: int, says: str) -> None:
        async def shown() -> bool:
            code = offline.main([*command, *await lists()])
            out = capsys.readouterr().out
            return code == expected and says in out

        await wait_until(shown, timeout=10, what=f"the offline verifier says {says}")

    await verdict(0, "VALID: credential genuine")
    url, admin = f"/certificates/{certificate['certificate_id']}", lsp_admin(LSP)
    answer = await api.post(f"{url}/suspension", json={"reason": "complaint_under_review"},
                            headers=admin)  # fmt: skip
    assert answer.status_code == 200, answer.text
    await verdict(1, "SUSPENDED")
    answer = await api.post(f"{url}/reinstatement", json={"reason": "review_cleared"},
                            headers=admin)  # fmt: skip
    assert answer.status_code == 200, answer.text
    await verdict(0, "VALID: credential genuine")
    answer = await api.post(f"{url}/withdrawal", json={"reason": "misuse"}, headers=admin)
    assert answer.status_code == 200, answer.text
    await verdict(1, "REVOKED")
