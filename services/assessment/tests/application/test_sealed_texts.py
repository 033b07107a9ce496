"""An appeal decision's reasons and the AK.05 report's lines about each candidate, sealed under
keys derived from the person's key (real AES-GCM, keys held in memory): in the log only
ciphertext; opened whole for a reader, each staff reading recorded; erased once the person's key
is gone; written after the erasure, not kept; and events written before sealing (clear text)
read as they are."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from assessment.appeals.application.appeal_grounds import GroundsStatus
from assessment.appeals.application.decision_reasons import REASONS_PURPOSE, DecisionReasons
from assessment.appeals.domain.appeal import Appeal, AppealDecided, AppealOutcome
from assessment.judgement.application.report_notes import (
    NOTES_PURPOSE,
    ReportNotes,
    TextStatus,
    line_text,
)
from assessment.judgement.domain.judgement import Outcome
from assessment.judgement.domain.report import (
    CandidateReport,
    Report,
    ReportDrafted,
    ReportSubmitted,
    SessionNotes,
)
from assessment.shared.adapters.person_sealing import KeyStoreSealing
from eventkit.key_store import KeyStoreUnavailable
from kompeten_contracts.errors import Refusal

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
READER = uuid4()
REASONS = "Berita acara mencatat gangguan jaringan; asesi diuji ulang."
GAP = "Belum dapat mencocokkan saldo kas dengan buku kas harian."


class Keys:
    """Derived keys per (person, purpose), as the key store's reader gives them."""

    def __init__(self) -> None:
        self.people: dict[UUID, bytes] = {}
        self.down = False

    async def derived_keys(self, subjects: list[UUID], purpose: str) -> dict[UUID, bytes]:
        if self.down:
            raise KeyStoreUnavailable()
        return {s: self.people[s] for s in subjects if s in self.people}

    def person(self) -> UUID:
        subject = uuid4()
        self.people[subject] = os.urandom(32)
        return subject


class Reads:
    def __init__(self) -> None:
        self.kept: list[tuple[UUID, str, UUID | None, str | None]] = []

    async def record_reads(self, subject_ids: Sequence[UUID], purpose: str,
                           actor: UUID | None, role: str | None) -> None:  # fmt: skip
        self.kept += [(s, purpose, actor, role) for s in subject_ids]


def decided(candidate: UUID, reasons: str = REASONS) -> AppealDecided:
    return AppealDecided(
        appeal_id=uuid4(), attempt_id=uuid4(), attempt_no=1, candidate_id=candidate,
        application_id=uuid4(), lsp_id=uuid4(), outcome=AppealOutcome.UPHELD, reasons=reasons,
        decided_by=uuid4(), decided_at=NOW,
    )  # fmt: skip


async def test_the_reasons_are_sealed_opened_for_readers_and_erased_with_the_key() -> None:
    keys, reads = Keys(), Reads()
    texts = DecisionReasons(KeyStoreSealing(keys), reads)
    candidate = keys.person()
    sealed = await texts.sealed(decided(candidate))
    assert (
        sealed.reasons == "" and sealed.sealed_reasons and "Berita" not in sealed.model_dump_json()
    )

    mine = await texts.opened(sealed, candidate, "candidate", staff=False)
    staff = await texts.opened(sealed, READER, "decision_maker", staff=True)
    assert (mine.status, mine.text) == (staff.status, staff.text) == (GroundsStatus.SHOWN, REASONS)
    assert reads.kept == [(candidate, REASONS_PURPOSE, READER, "decision_maker")]
    held = await texts.in_clear(Appeal(decided=sealed))
    assert held.decided is not None and held.decided.reasons == REASONS

    keys.down = True
    assert (
        await texts.opened(sealed, READER, "lsp_admin", True)
    ).status is GroundsStatus.UNAVAILABLE
    with pytest.raises(Refusal):
        await texts.sealed(decided(candidate))  # 409 on reasons: try again
    keys.down = False
    del keys.people[candidate]  # registration erased the person
    gone = await texts.opened(sealed, READER, "lsp_admin", True)
    assert (gone.status, gone.text) == (GroundsStatus.ERASED, None)
    assert len(reads.kept) == 1
    after = await texts.sealed(decided(candidate))  # decided after the erasure
    assert (after.reasons, after.sealed_reasons, after.reasons_erased) == ("", None, True)
    assert (await texts.opened(after, READER, "lsp_admin", True)).status is GroundsStatus.ERASED


async def test_reasons_decided_before_sealing_read_as_written() -> None:
    texts = DecisionReasons(KeyStoreSealing(Keys()), Reads())
    old = AppealDecided.model_validate(
        {
            k: v
            for k, v in decided(uuid4()).model_dump().items()
            if k not in {"sealed_reasons", "reasons_erased"}
        }
    )
    found = await texts.opened(old, READER, "lsp_admin", True)
    assert (found.status, found.text) == (GroundsStatus.SHOWN, REASONS)
    assert (await texts.in_clear(Appeal(decided=old))).decided == old


def line(candidate: UUID, gaps: dict[str, str], note: str = "") -> CandidateReport:
    outcome = Outcome.NOT_YET_COMPETENT if gaps else Outcome.COMPETENT
    return CandidateReport(attempt_id=uuid4(), candidate_id=candidate, overall=outcome,
                           gaps=gaps, note=note)  # fmt: skip


async def test_each_candidates_line_is_sealed_under_their_key_and_the_session_notes_stay() -> None:
    keys, reads = Keys(), Reads()
    notes = ReportNotes(KeyStoreSealing(keys), reads)
    held, passed, silent = keys.person(), keys.person(), keys.person()
    session = uuid4()
    draft = ReportDrafted(
        session_id=session,
        candidates=[line(held, {"M.1": GAP}), line(passed, {}, "Menguasai semua unit."),
                    line(silent, {})],
        notes=SessionNotes(went_well="Tertib.", site_issues="Dua kalkulator rusak."),
        correction_reason=None, written_by=READER, written_at=NOW,
    )  # fmt: skip
    sealed = await notes.sealed(draft)
    text = sealed.model_dump_json()
    assert GAP not in text and "Menguasai" not in text and "Dua kalkulator rusak." in text
    first, second, third = sealed.candidates
    assert first.sealed_text and second.sealed_text and third == draft.candidates[2]
    version = ReportSubmitted(**sealed.model_dump(exclude={"written_by", "written_at"}),
                              version=1, submitted_by=READER, submitted_at=NOW)  # fmt: skip
    report = Report(draft=sealed, versions=(version,))

    opened = await notes.opened(session, report, READER, "test_site_head")
    assert line_text(first, opened).gaps == {"M.1": GAP}
    assert line_text(second, opened).note == "Menguasai semua unit."
    assert line_text(third, opened).status is TextStatus.SHOWN  # nothing written: as it is
    assert sorted(reads.kept) == sorted(
        [(c, NOTES_PURPOSE, READER, "test_site_head") for c in (held, passed)]
    )  # once per candidate, though their line is in the draft and the version
    again = await notes.in_clear(report)
    assert again.draft is not None and again.draft.candidates == draft.candidates

    del keys.people[held]
    reads.kept.clear()
    after = await notes.opened(session, report, READER, "lsp_admin")
    assert (line_text(first, after).status, line_text(first, after).gaps) == (
        TextStatus.ERASED, {},
    )  # fmt: skip
    assert line_text(second, after).status is TextStatus.SHOWN
    assert [r[0] for r in reads.kept] == [passed]
    late = await notes.sealed(draft)  # written after the erasure: the line keeps no text
    assert late.candidates[0].text_erased and late.candidates[0].gaps == {}
    assert line_text(late.candidates[0], {}).status is TextStatus.ERASED

    # A sealed line moved to another candidate's line does not open (bound to person and line).
    moved = second.model_copy(update={"attempt_id": first.attempt_id, "candidate_id": passed})
    moved = moved.model_copy(update={"sealed_text": first.sealed_text})
    elsewhere = Report(versions=(version.model_copy(update={"candidates": [moved]}),))
    with pytest.raises(ValueError):
        await notes.opened(session, elsewhere, READER, "lsp_admin")


def test_a_line_written_before_sealing_reads_as_written() -> None:
    old = CandidateReport.model_validate(
        {
            "attempt_id": str(uuid4()),
            "candidate_id": str(uuid4()),
            "overall": "BK",
            "gaps": {"M.1": GAP},
            "note": "catatan",
        }
    )
    shown = line_text(old, {})
    assert (shown.status, shown.gaps, shown.note) == (TextStatus.SHOWN, {"M.1": GAP}, "catatan")
