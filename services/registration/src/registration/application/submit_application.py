"""A candidate submits APL-01 and APL-02 together; a retry of one client id is applied once and
answered the same. The event holds the snapshot, its personal parts sealed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

from eventkit.idempotency import StoredResponse, fingerprint
from eventkit.pii import keyed_hash
from registration.application.application_access import owned
from registration.application.application_context import ApplicationContext
from registration.application.ports import SchemeVersionView
from registration.domain.application_form import ApplicationForm, SelfAssessment
from registration.domain.application_submission import Submission, decide_submit
from registration.domain.candidate import stream_id as candidate_stream
from registration.domain.self_assessment import SchemeFacts

SCOPE = "submit_application"


@dataclass(frozen=True)
class Submitted:
    status: str
    submission: int
    replayed: bool


def scheme_facts(view: SchemeVersionView) -> SchemeFacts:
    units = {unit.code: [element.code for element in unit.elements] for unit in view.units}
    return SchemeFacts(view.scheme_code, view.version, units, frozenset(view.occupational_groups))


def personal_parts(form: ApplicationForm) -> dict[str, str]:
    notes = {
        "purpose_note": form.purpose_note,
        "adjustment_note": form.adjustment_note,
        "position_title": form.employment.position_title,
        "since_year": form.employment.since_year,
    }
    return {
        "personal": form.personal.model_dump_json(),
        "education": form.education.model_dump_json(),
        "notes": json.dumps(notes),
    }


async def nik_differs(ctx: ApplicationContext, candidate_id: UUID, form: ApplicationForm) -> bool:
    """One person per NIK: the form's NIK must be the one this candidate registered with."""
    for event in await ctx.store.load(candidate_stream(candidate_id)):
        if event.event_type == "CandidateRegistered":
            return bool(event.data["nik_hash"] != keyed_hash(ctx.hash_secret, form.personal.nik))
    return False


async def submit_application(
    ctx: ApplicationContext,
    candidate_id: UUID,
    actor: UUID,
    application_id: UUID,
    client_id: UUID,
    form: ApplicationForm,
    self_assessment: SelfAssessment,
) -> Submitted:
    key = f"{application_id}:{client_id}"
    print_ = fingerprint(
        {"apl01": form.model_dump(mode="json"), "apl02": self_assessment.model_dump(mode="json")}
    )

    async def attempt() -> Submitted:
        state, version = await owned(ctx, application_id, candidate_id)
        view = await ctx.schemes.published_version(form.scheme_code, form.scheme_version)
        cooperative = await ctx.cooperatives.get(form.employment.cooperative_id)
        nik_differs_from_registration = await nik_differs(ctx, candidate_id, form)
        async with ctx.uow.transaction() as tx:
            stored = await ctx.claim(tx, SCOPE, key, print_)
            if stored is not None:
                return Submitted(stored.body["status"], stored.body["submission"], replayed=True)
            command = Submission(
                application_id=application_id,
                form=form,
                self_assessment=self_assessment,
                scheme=None if view is None else scheme_facts(view),
                cooperative_district=None if cooperative is None else cooperative.district_code,
                known_evidence=await ctx.evidence.ids_of(tx, application_id),
                sealed=await ctx.vault.seal(tx, candidate_id, personal_parts(form)),
                submitted_at=ctx.clock(),
                nik_differs_from_registration=nik_differs_from_registration,
            )
            events = decide_submit(state, command)
            await ctx.append(tx, application_id, version, events, actor)
            body: dict[str, object] = {"status": "submitted", "submission": state.submissions + 1}
            await ctx.idempotency.complete(tx, SCOPE, key, StoredResponse(200, body))
        return Submitted("submitted", state.submissions + 1, replayed=False)

    return await ctx.retrying(attempt)
