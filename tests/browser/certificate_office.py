"""A certificate issued to a holder as certificate's integration tests issue it: the holder's
sealed details and a recommendation published on the service's topics, decided K by the LSP's
decision maker, until the register shows it with the holder's name. For the certificate app's
browser test and the Lighthouse audit of the certificate screens (bench.web_budgets)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
from certificate_cases import recommendation
from certificate_stack import decision_maker, lsp_admin, publish, sealed_holder

from certificate.bootstrap import CertificateService
from eventkit.testing.waiting import wait_until


async def issued(
    service: CertificateService, api: httpx.AsyncClient, lsp: UUID, holder: UUID, name: str,
    nik: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The certificate as the LSP's staff see it; `nik` also in the sealed details if given."""
    details = {"full_name": name, "birth_place": "Gianyar", "birth_date": "1990-05-02"}
    if nik is not None:
        details["nik"] = nik
    await publish(service.personal_data_topic, [await sealed_holder(service, holder, details)])
    event = recommendation(lsp_id=lsp, candidate_id=holder)
    await publish(service.source_topic, [event])

    async def decided() -> str | None:
        url = f"/recommendations/{event.attempt_id}/decision"
        answer = await api.post(url, json={"outcome": "K"}, headers=decision_maker(lsp))
        return answer.json()["certificate_id"] if answer.status_code == 200 else None

    certificate_id = await wait_until(decided, timeout=60, what="the recommendation decided")

    async def listed() -> dict[str, Any] | None:
        found = await api.get(f"/certificates/{certificate_id}", headers=lsp_admin(lsp))
        shown = found.json() if found.status_code == 200 else None
        return shown if shown and shown["holder_name"] == name else None

    return await wait_until(listed, timeout=30, what="the certificate with its holder's name")
