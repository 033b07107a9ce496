"""A certificate issued and released on the real stack, for the status list and credential
tests: a recommendation (with the holder's sealed details when a name is given) decided K, the
agreement signed by the holder, and the certificate as the LSP's staff see it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
from certificate_cases import recommendation
from certificate_stack import candidate, decision_maker, lsp_admin, publish, sealed_holder

from certificate.agreements.domain.agreement import VERSION
from certificate.bootstrap import CertificateService
from eventkit.testing.waiting import wait_until


async def issued(service: CertificateService, api: httpx.AsyncClient, lsp: UUID,
                 name: str | None = None, **recommended: Any) -> dict[str, Any]:  # fmt: skip
    """Decided K, not yet released; as the LSP's staff see it. `recommended`: the
    recommendation's fields the test fixes (its session)."""
    event = recommendation(lsp_id=lsp, **recommended)
    if name is not None:
        fields = {"full_name": name, "birth_place": "Amlapura", "birth_date": "1988-03-12"}
        sealed = await sealed_holder(service, event.candidate_id, fields)
        await publish(service.personal_data_topic, [sealed])
    await publish(service.source_topic, [event])

    async def decided() -> dict[str, Any] | None:
        answer = await api.post(f"/recommendations/{event.attempt_id}/decision",
                                json={"outcome": "K"}, headers=decision_maker(lsp))  # fmt: skip
        return answer.json() if answer.status_code == 200 else None

    certificate_id = (await wait_until(decided, timeout=60, what="decided"))["certificate_id"]

    async def listed() -> dict[str, Any] | None:
        found = await api.get(f"/certificates/{certificate_id}", headers=lsp_admin(lsp))
        ready = found.status_code == 200 and (name is None or found.json()["holder_name"])
        return found.json() if ready else None

    return await wait_until(listed, timeout=30, what="the certificate in the register")


async def release(api: httpx.AsyncClient, certificate: dict[str, Any]) -> None:
    signed = await api.post(f"/certificates/{certificate['certificate_id']}/agreement",
                            json={"agreement_version": VERSION, "agree": True},
                            headers=candidate(UUID(certificate["candidate_id"])))  # fmt: skip
    assert signed.status_code == 200, signed.text


async def released(service: CertificateService, api: httpx.AsyncClient, lsp: UUID,
                   name: str | None = None, **recommended: Any) -> dict[str, Any]:  # fmt: skip
    certificate = await issued(service, api, lsp, name, **recommended)
    await release(api, certificate)
    return certificate
