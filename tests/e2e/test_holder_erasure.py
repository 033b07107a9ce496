"""The holder's name across services, and one erasure that reaches them all (DESIGN §7).
A candidate registers and applies in registration; the LSP accepts the application, and
registration's personal-data relay sends the name, place and date of birth of the APL-01,
sealed under the person's key, on the internal topic. Certificate keeps them sealed, decides on
the recommendation, and its public verification shows the name, never the NIK. The person is
then erased in registration (the key deleted there): certificate can no longer read the name,
while the certificate's number, status and validity still verify. The public topics carry the
name nowhere; the internal one carries it only sealed."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from certificate_cases import recommendation
from certificate_stack import publish

from certificate.api.app import create_app as certificate_app
from certificate.bootstrap import CertificateService
from eventkit.testing.infra import admin_connection
from eventkit.testing.kafka import all_records
from eventkit.testing.waiting import wait_until
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from registration.seed import NAMESPACE, seed
from registration.seed.cooperatives import DEMO_COOPERATIVES
from servicekit.auth import bearer_headers

from ..services import (
    JOURNEY_LSP,
    asgi_client,
    lsp_admin_headers,
    running_certificate,
    running_registration,
)
from .test_application_verification import candidate_headers, forms

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
NAME, NIK = "Ni Wayan Sekar Arum", "5107015203880002"


async def seeded(registration: Any) -> Any:
    """Registration's demo catalogue seeded; the cashier scheme's first version, once published
    (and the first demo cooperative, which the application names, registered)."""
    catalogue = registration.catalogues()
    await seed(catalogue)
    scheme = await wait_until(
        lambda: catalogue.scheme_catalogue.published_version("KOP-KASIR", 1),
        timeout=30, what="the seeded scheme",
    )  # fmt: skip
    cooperative = uuid.uuid5(NAMESPACE, DEMO_COOPERATIVES[0][2])
    await wait_until(lambda: catalogue.cooperative_directory.get(cooperative), timeout=30)
    return scheme


async def accepted_candidate(reg: httpx.AsyncClient, scheme: Any) -> str:
    """A candidate registered, applied with APL-01 and accepted by the LSP; their id."""
    registered = await reg.post("/candidates", json={
        "client_id": str(uuid.uuid4()), "full_name": NAME, "nik": NIK,
        "email": f"sekar.{uuid.uuid4().hex[:8]}@example.id", "district_code": "5107",
    }, headers=bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",)))  # fmt: skip
    assert registered.status_code == 201, registered.text
    candidate_id = str(registered.json()["candidate_id"])
    me = candidate_headers(candidate_id)
    application = (await reg.post("/applications", json={"client_id": str(uuid.uuid4())},
                                  headers=me)).json()["application_id"]  # fmt: skip
    url = f"/applications/{application}"
    upload = await reg.post(f"{url}/evidence", files={"file": ("ktp.pdf", b"%PDF-1.4\n")},
                            headers=me)  # fmt: skip
    body = forms(0, scheme, upload.json()["evidence_id"], "Jl. Ngurah Rai 7")
    body["apl01"]["personal"].update(full_name=NAME, nik=NIK, birth_place="Karangasem")
    submitted = await reg.post(f"{url}/submission", json=body, headers=me)
    assert submitted.status_code == 200, submitted.text
    accepted = await reg.post(f"{url}/acceptance", json={"client_id": str(uuid.uuid4())},
                              headers=lsp_admin_headers())  # fmt: skip
    assert accepted.status_code == 200, accepted.text
    return candidate_id


async def certificate_for(cert: httpx.AsyncClient, service: CertificateService,
                          candidate_id: str) -> dict[str, Any]:  # fmt: skip
    """Assessment's recommendation for the candidate, decided K by the LSP; the certificate
    once the holder's sealed details have arrived."""
    event = recommendation(lsp_id=JOURNEY_LSP, candidate_id=uuid.UUID(candidate_id))
    await publish(service.source_topic, [event])
    decider = bearer_headers(Role.DECISION_MAKER, lsp_id=JOURNEY_LSP)

    async def decided() -> str | None:
        answer = await cert.post(f"/recommendations/{event.attempt_id}/decision",
                                 json={"outcome": "K"}, headers=decider)  # fmt: skip
        return str(answer.json()["certificate_id"]) if answer.status_code == 200 else None

    certificate_id = await wait_until(decided, timeout=60, what="the decision K")
    admin = bearer_headers(Role.LSP_ADMIN, lsp_id=JOURNEY_LSP)

    async def named() -> dict[str, Any] | None:
        found = (await cert.get(f"/certificates/{certificate_id}", headers=admin)).json()
        return found if found.get("holder_name") == NAME else None

    return await wait_until(named, timeout=60, what="the holder's name received, sealed")


async def test_an_erasure_in_registration_leaves_certificate_unable_to_read_the_name(
    wiring: Any,
) -> None:
    async with running_registration(wiring) as registration, \
            running_certificate(wiring) as certificate:  # fmt: skip
        scheme = await seeded(registration)
        async with asgi_client(registration_app(registration)) as reg, \
                asgi_client(certificate_app(certificate)) as cert:  # fmt: skip
            candidate_id = await accepted_candidate(reg, scheme)
            issued = await certificate_for(cert, certificate, candidate_id)
            token = issued["token"]
            signed = await cert.post(f"/certificates/{issued['certificate_id']}/agreement",
                                     json={"agreement_version": "2026-1", "agree": True},
                                     headers=candidate_headers(candidate_id))  # fmt: skip
            assert signed.status_code == 200, signed.text

            async def valid() -> dict[str, Any] | None:
                found = (await cert.get(f"/verify/{token}")).json()
                return found if found["status"] == "valid" else None

            shown = await wait_until(valid, timeout=30, what="released")
            assert shown["holder_name"] == NAME
            page = (await cert.get(f"/verify/{token}/page")).text
            assert NAME in page and NIK not in page and NIK not in str(shown)

            erased = await reg.post(f"/candidates/{candidate_id}/erasure",
                                    headers=candidate_headers(candidate_id))  # fmt: skip
            assert erased.status_code == 200, erased.text
            after = (await cert.get(f"/verify/{token}")).json()
            assert (after["holder_name"], after["holder_erased"]) == (None, True)
            assert (after["number"], after["status"]) == (issued["number"], "valid")
            assert (after["valid_until"], after["qr_payload"]) == (
                issued["valid_until"], issued["qr_payload"],
            )  # fmt: skip
            page = (await cert.get(f"/verify/{token}/page")).text
            assert NAME not in page and "dihapus atas permintaan pemegang" in page

    conn = await admin_connection()
    try:
        held = await conn.fetchval(
            f"SELECT string_agg(t::text, '') FROM \"{wiring.certificate_schema}\".holders t"
        )
    finally:
        await conn.close()
    assert held and candidate_id in held and NAME not in held  # kept sealed: only ciphertext
    bootstrap = wiring.settings.kafka_bootstrap
    public = await all_records(bootstrap, wiring.topic)
    public += await all_records(bootstrap, certificate.topic)
    assert public and all(NAME.encode() not in (r.value or b"") for r in public)
    internal = await all_records(bootstrap, f"{wiring.topic}.personal-data")
    assert len(internal) == 1 and NAME.encode() not in (internal[0].value or b"")
    assert b"Karangasem" not in (internal[0].value or b"")  # the birth place, sealed too
