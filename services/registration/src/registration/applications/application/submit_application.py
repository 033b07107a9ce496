"""A candidate submits APL-01 and APL-02 together; a retry of one client id is applied once and
answered the same. The event holds the snapshot, its personal parts sealed.

Exactly once without an idempotency row: the submission's event id is derived from
(application, client id), so the log's unique event ids hold each submission once, and the
earlier answer is read back from the application's own stream (which the handler loads anyway).
The append therefore needs no transaction of the handler's: it is an append of its own, which
the store group-commits with the others in flight (one `log_head` lock and one commit for many
phones) instead of holding that lock over the handler's further round trips."""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID, uuid5

from eventkit.conflicts import on_fresh_state
from eventkit.idempotency import fingerprint
from eventkit.pii import keyed_hash
from eventkit.registry import Decoded
from eventkit.store import DuplicateEventError
from kompeten_contracts.errors import invalid
from registration.applications.application.application_access import owned
from registration.applications.application.application_context import ApplicationContext
from registration.applications.domain.application_events import (
    ApplicationEvent,
    ApplicationSubmitted,
)
from registration.applications.domain.application_form import ApplicationForm, SelfAssessment
from registration.applications.domain.application_submission import Submission, decide_submit
from registration.applications.domain.self_assessment import SchemeFacts
from registration.candidates.domain.candidate import CandidateRegistered
from registration.catalogue.application.ports import SchemeVersionView
from registration.shared.application.conflicts import APPLICATION

# Namespace of submission event ids: uuid5(SUBMISSIONS, f"{application_id}:{client_id}").
SUBMISSIONS = UUID("6f0d5a3e-2c1b-5e8e-9a7e-4c1d2b3a5f60")
PRINT = "client_fingerprint"  # metadata key: the submitted content's keyed fingerprint


@dataclass(frozen=True)
class Submitted:
    status: str
    submission: int
    replayed: bool


def scheme_facts(view: SchemeVersionView) -> SchemeFacts:
    units = {unit.code: [element.code for element in unit.elements] for unit in view.units}
    groups = frozenset(view.occupational_groups)
    return SchemeFacts(view.scheme_code, view.version, units, groups, view.lsp_id)


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
    for event in (await ctx.candidates.load(candidate_id)).events:
        if isinstance(event, CandidateRegistered):
            return event.nik_hash != keyed_hash(ctx.hash_secret, form.personal.nik)
    return False


def submission_event_id(application_id: UUID, client_id: UUID) -> UUID:
    return uuid5(SUBMISSIONS, f"{application_id}:{client_id}")


def replayed(
    history: list[Decoded[ApplicationEvent]], event_id: UUID, print_: str
) -> Submitted | None:
    """The answer given to this client id before, if its submission is in the stream."""
    for entry in history:
        if entry.event_id == event_id and isinstance(entry.event, ApplicationSubmitted):
            if entry.metadata.get(PRINT) != print_:
                raise invalid(
                    "client_id",
                    "client_id sudah dipakai untuk isian yang berbeda",
                    "client_id was already used for a different submission",
                )
            return Submitted("submitted", entry.event.submission, replayed=True)
    return None


async def submit_application(
    ctx: ApplicationContext,
    candidate_id: UUID,
    actor: UUID,
    application_id: UUID,
    client_id: UUID,
    form: ApplicationForm,
    self_assessment: SelfAssessment,
) -> Submitted:
    event_id = submission_event_id(application_id, client_id)
    print_ = fingerprint(
        {"apl01": form.model_dump(mode="json"), "apl02": self_assessment.model_dump(mode="json")}
    )

    async def attempt() -> Submitted:
        loaded = await owned(ctx, application_id, candidate_id)
        if (earlier := replayed(loaded.history, event_id, print_)) is not None:
            return earlier
        view = await ctx.schemes.published_version(form.scheme_code, form.scheme_version)
        cooperative = await ctx.cooperatives.get(form.employment.cooperative_id)
        nik_differs_from_registration = await nik_differs(ctx, candidate_id, form)
        async with ctx.uow.transaction() as tx:
            known_evidence = await ctx.evidence.ids_of(tx, application_id)
            sealed = await ctx.vault.seal(tx, candidate_id, personal_parts(form))
        command = Submission(
            application_id=application_id,
            form=form,
            self_assessment=self_assessment,
            scheme=None if view is None else scheme_facts(view),
            cooperative_district=None if cooperative is None else cooperative.district_code,
            known_evidence=known_evidence,
            sealed=sealed,
            submitted_at=ctx.clock(),
            nik_differs_from_registration=nik_differs_from_registration,
        )
        events = decide_submit(loaded.state, command)  # one event: it carries the derived id
        try:
            # No tx: group-committed with the other appends in flight. A concurrent duplicate
            # of this client id loses on the stream version (ConcurrencyError: run again, and
            # the stream then holds the answer) or, at the latest, on the event id.
            await ctx.applications.append(
                application_id, loaded.version, events, actor=actor,
                metadata={PRINT: print_}, event_ids=[event_id],
            )  # fmt: skip
        except DuplicateEventError:
            again = await owned(ctx, application_id, candidate_id)
            if (earlier := replayed(again.history, event_id, print_)) is None:
                raise
            return earlier
        return Submitted("submitted", loaded.state.submissions + 1, replayed=False)

    return await on_fresh_state(attempt, APPLICATION)
