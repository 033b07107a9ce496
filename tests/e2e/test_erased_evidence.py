"""A candidate's evidence file across services, and the one erasure that reaches it (DESIGN §7:
documents are personal data, encrypted with a per-person key). Registration accepts the
application (and keeps the person's key); the session's assessor uploads a photo for the
candidate to assessment, which seals it under a key derived from that person's key in
registration's key store (read-only) and hands it back whole. Once registration erases the
person through its own endpoint, assessment answers the file as erased (410), not with a 500."""

from __future__ import annotations

import hashlib
import os
import uuid
from typing import Any

import pytest

from assessment.api.app import create_app as assessment_app
from kompeten_contracts.roles import Role
from registration.api.app import create_app as registration_app
from servicekit.auth import bearer_headers

from ..services import JOURNEY_LSP, asgi_client, running_assessment, running_registration
from .test_application_verification import candidate_headers
from .test_holder_erasure import accepted_candidate, seeded
from .test_roster_names import assigned, banks_seeded

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(50_000)


async def test_an_evidence_file_is_erased_with_the_person_in_registration(wiring: Any) -> None:
    assessor = uuid.uuid4()
    async with running_registration(wiring) as registration, \
            running_assessment(wiring) as assessment:  # fmt: skip
        scheme = await seeded(registration)
        async with asgi_client(registration_app(registration)) as reg, \
                asgi_client(assessment_app(assessment)) as ass:  # fmt: skip
            await banks_seeded(assessment)
            candidate_id = await accepted_candidate(reg, scheme)
            session_id = await assigned(ass, assessment, candidate_id, assessor)
            mine = bearer_headers(Role.ASSESSOR, account_id=assessor, lsp_id=JOURNEY_LSP)
            uploaded = await ass.post(
                f"/sessions/{session_id}/evidence", params={"candidate_id": candidate_id},
                files={"file": ("foto.jpg", PHOTO)}, headers=mine,
            )  # fmt: skip
            assert uploaded.status_code == 201, uploaded.text
            path = f"/sessions/{session_id}/evidence/{hashlib.sha256(PHOTO).hexdigest()}"
            got = await ass.get(path, headers=mine)
            assert got.status_code == 200 and got.content == PHOTO

            erased = await reg.post(f"/candidates/{candidate_id}/erasure",
                                    headers=candidate_headers(candidate_id))  # fmt: skip
            assert erased.status_code == 200, erased.text
            gone = await ass.get(path, headers=mine)
            assert gone.status_code == 410, gone.text
            [error] = gone.json()["errors"]
            assert error["field"] == "content_hash" and "erased" in error["reason_en"]
            again = await ass.post(
                f"/sessions/{session_id}/evidence", params={"candidate_id": candidate_id},
                files={"file": ("lain.jpg", PHOTO + b"\x00")}, headers=mine,
            )  # fmt: skip
            assert again.status_code == 410 and again.json()["errors"][0]["field"] == "candidate_id"
