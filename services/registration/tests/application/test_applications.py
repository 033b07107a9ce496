"""Application handlers with in-memory store, vault, idempotency keys and catalogue fakes."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from registration_catalogue import StubCooperatives, StubSchemes
from registration_samples import apl01, apl02

from eventkit.idempotency import InMemoryIdempotencyKeys
from eventkit.pii import InMemoryVault, keyed_hash
from eventkit.store import InMemoryEventStore, NewEvent
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from registration.applications.application.application_context import ApplicationContext
from registration.applications.application.application_draft import load_draft, save_draft
from registration.applications.application.application_view import view_application
from registration.applications.application.start_application import start_application
from registration.applications.application.submit_application import submit_application
from registration.applications.application.upload_evidence import download_evidence, upload_evidence
from registration.applications.application.verify_application import (
    FieldReason,
    accept,
    reject,
    return_for_fixes,
)
from registration.identity.application.ports import Actor

from .application_fakes import InMemoryEvidence
from .fakes import InMemoryAccessLog, InMemoryUnitOfWork

CANDIDATE, ACCOUNT, STAFF = uuid4(), uuid4(), uuid4()
PDF = b"%PDF-1.4 ijazah"
SECRET = b"s" * 32


@pytest.fixture
def ctx() -> ApplicationContext:
    return ApplicationContext(
        uow=InMemoryUnitOfWork(),
        store=InMemoryEventStore(),
        vault=InMemoryVault(b"k" * 32),
        idempotency=InMemoryIdempotencyKeys(),
        schemes=StubSchemes(),
        cooperatives=StubCooperatives(),
        evidence=InMemoryEvidence(),
        access_log=InMemoryAccessLog(),
        hash_secret=SECRET,
    )


async def started(ctx: ApplicationContext, candidate: UUID = CANDIDATE) -> UUID:
    return (await start_application(ctx, candidate, ACCOUNT, uuid4())).application_id


async def submit(
    ctx: ApplicationContext, application_id: UUID, client_id: UUID | None = None, **form: object
):
    cooperative = ctx.cooperatives.add()  # type: ignore[attr-defined]
    return await submit_application(
        ctx,
        CANDIDATE,
        ACCOUNT,
        application_id,
        client_id or uuid4(),
        apl01(cooperative, **form),
        apl02(),
    )


async def types(ctx: ApplicationContext) -> list[str]:
    return [e.event_type for e in await ctx.store.read_all()]


async def test_starting_twice_with_one_client_id_opens_one_application(ctx) -> None:
    client_id = uuid4()
    one = await start_application(ctx, CANDIDATE, ACCOUNT, client_id)
    two = await start_application(ctx, CANDIDATE, ACCOUNT, client_id)
    assert one.application_id == two.application_id and two.replayed
    assert await types(ctx) == ["ApplicationStarted"]


async def test_a_draft_is_saved_sealed_and_resumed(ctx) -> None:
    application_id = await started(ctx)
    draft = {"personal": {"full_name": "Ni Made Sari"}, "step": 2}
    await save_draft(ctx, CANDIDATE, ACCOUNT, application_id, draft)
    await save_draft(ctx, CANDIDATE, ACCOUNT, application_id, draft)
    assert await load_draft(ctx, CANDIDATE, application_id) == draft
    assert await types(ctx) == ["ApplicationStarted", "DraftSaved"]
    assert "Ni Made" not in str((await ctx.store.read_all())[1].data)


async def test_a_double_tapped_submission_is_applied_once_with_the_same_answer(ctx) -> None:
    application_id = await started(ctx)
    cooperative = ctx.cooperatives.add()  # type: ignore[attr-defined]
    client_id, form = uuid4(), apl01(cooperative)
    one = await submit_application(
        ctx, CANDIDATE, ACCOUNT, application_id, client_id, form, apl02()
    )
    two = await submit_application(
        ctx, CANDIDATE, ACCOUNT, application_id, client_id, form, apl02()
    )
    assert (one.status, one.submission) == (two.status, two.submission) == ("submitted", 1)
    assert two.replayed and (await types(ctx)).count("ApplicationSubmitted") == 1


async def test_a_client_id_reused_for_other_content_is_refused(ctx) -> None:
    application_id = await started(ctx)
    client_id = uuid4()
    await submit(ctx, application_id, client_id)
    with pytest.raises(Refusal) as caught:
        await submit(ctx, application_id, client_id, purpose="other")
    assert caught.value.field == "client_id"


async def test_a_bad_submission_names_every_problem_and_records_nothing(ctx) -> None:
    application_id = await started(ctx)
    with pytest.raises(Refusal) as caught:
        await submit_application(
            ctx, CANDIDATE, ACCOUNT, application_id, uuid4(), apl01(uuid4()), apl02(skip=0)
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"apl02.K.64KOP00.001.1.1", "apl01.employment.cooperative_id"}
    assert await types(ctx) == ["ApplicationStarted"]


async def test_the_forms_nik_must_be_the_registered_one(ctx) -> None:
    registered = {"candidate_id": str(CANDIDATE), "district_code": "5107", "personal": {}}
    registered |= {
        "nik_hash": keyed_hash(SECRET, "5107014506910002"),
        "registered_at": "2026-11-01T00:00:00Z",
    }
    await ctx.store.append(
        f"candidate-{CANDIDATE}", 0, [NewEvent("CandidateRegistered", registered)]
    )
    application_id = await started(ctx)
    with pytest.raises(Refusal) as caught:
        await submit(ctx, application_id)  # the sample form says ...0001
    assert [p.field for p in caught.value.problems] == ["apl01.personal.nik"]
    personal = apl01().personal.model_dump() | {"nik": "5107014506910002"}
    assert (await submit(ctx, application_id, personal=personal)).status == "submitted"


async def test_another_candidates_application_does_not_exist_for_them(ctx) -> None:
    application_id = await started(ctx)
    other = uuid4()
    for attempt in (
        view_application(ctx, application_id, other),
        load_draft(ctx, other, application_id),
        save_draft(ctx, other, ACCOUNT, application_id, {"x": 1}),
        upload_evidence(ctx, other, application_id, PDF, "a.pdf"),
        submit_application(ctx, other, ACCOUNT, application_id, uuid4(), apl01(), apl02()),
    ):
        with pytest.raises(Refusal, match="application not found"):
            await attempt
    assert await types(ctx) == ["ApplicationStarted"]


async def test_evidence_is_stored_once_per_content_sealed_and_referenced(ctx) -> None:
    application_id = await started(ctx)
    first, new = await upload_evidence(ctx, CANDIDATE, application_id, PDF, "../ijazah.pdf")
    again, new_again = await upload_evidence(ctx, CANDIDATE, application_id, PDF, "copy.pdf")
    assert new and not new_again and again.evidence_id == first.evidence_id
    assert first.file_name == "ijazah.pdf" and "ijazah" not in str(first.sealed)
    assert (await download_evidence(ctx, CANDIDATE, application_id, first.evidence_id))[1] == PDF
    done = await submit(ctx, application_id, evidence_ids=[first.evidence_id])
    assert done.status == "submitted"


async def test_return_resubmit_accept_with_each_decision_attributed(ctx) -> None:
    application_id = await started(ctx)
    await submit(ctx, application_id)
    reasons = [FieldReason("apl01.personal.address", "alamat tidak lengkap")]
    assert (
        await return_for_fixes(ctx, application_id, uuid4(), STAFF, reasons)
    ).status == "returned"
    seen = await view_application(ctx, application_id, CANDIDATE)
    assert seen["status"] == "returned"
    assert seen["returned"]["reasons"] == [
        {"field": "apl01.personal.address", "reason": "alamat tidak lengkap"}
    ]
    await submit(ctx, application_id)
    decision = uuid4()
    assert (await accept(ctx, application_id, decision, STAFF)).status == "accepted"
    assert (await accept(ctx, application_id, decision, STAFF)).replayed
    events = await ctx.store.read_all()
    assert [e.event_type for e in events][-1] == "ApplicationAccepted"
    assert events[-1].data["accepted_by"] == str(STAFF) and events[-1].metadata["actor"] == str(
        STAFF
    )
    admin = Actor(STAFF, Role.LSP_ADMIN)
    assert (await view_application(ctx, application_id, None, admin))["submissions"] == 2


async def test_a_rejected_application_shows_the_reason_and_accepts_nothing_more(ctx) -> None:
    application_id = await started(ctx)
    await submit(ctx, application_id)
    await reject(ctx, application_id, uuid4(), STAFF, "bukan pengurus/karyawan koperasi")
    view = await view_application(ctx, application_id, CANDIDATE)
    assert view["decision"]["outcome"] == "rejected" and "koperasi" in view["decision"]["reason"]
    with pytest.raises(Refusal):
        await accept(ctx, application_id, uuid4(), STAFF)


async def test_after_erasure_personal_parts_read_as_erased(ctx) -> None:
    application_id = await started(ctx)
    evidence, _ = await upload_evidence(ctx, CANDIDATE, application_id, PDF, "ktp.pdf")
    await submit(ctx, application_id)
    await ctx.vault.erase(None, CANDIDATE)
    view = await view_application(ctx, application_id, CANDIDATE)
    assert view["submitted"]["personal"] == "[dihapus]"
    assert view["evidence"][0]["file_name"] == "[dihapus]"
    assert view["submitted"]["district_code"] == "5107"
    assert (await download_evidence(ctx, CANDIDATE, application_id, evidence.evidence_id))[
        1
    ] is None
