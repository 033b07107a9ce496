"""What the AK.05 report says of each candidate (the gap in each unit recommended BK, the note)
is about that person: sealed under a key derived from their data key before it reaches the log
(purpose `assessment/report-notes`, bound to the session and the attempt, so a line's sealed
text opens in the draft and in every version it was copied into, and nowhere else), as appeal
grounds and evidence files are. After the person's erasure their lines read as erased; a line
written after it keeps no text. A line with nothing written is kept as it is (nothing to seal).
The session's own notes (what went well, the site, the instruments, suggestions) are about the
hall, not a person, and stay in the clear. Lines written before sealing keep their text as
written: a line has both shapes (clear, or `sealed_text`), read alike, no upcaster."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID

from assessment.judgement.domain.report import CandidateReport, Report, ReportDrafted
from assessment.shared.application.person_sealing import PersonSealing, ReadsLog
from eventkit.key_store import KeyStoreUnavailable
from kompeten_contracts.errors import Refusal, conflict

NOTES_PURPOSE = "assessment/report-notes"


class TextStatus(StrEnum):
    SHOWN = "shown"
    ERASED = "erased"  # the candidate asked registration to erase them
    UNAVAILABLE = "unavailable"  # the key store did not answer: try again


@dataclass(frozen=True)
class LineText:
    status: TextStatus
    gaps: dict[str, str]
    note: str


def _context(session_id: UUID, line: CandidateReport) -> str:
    return f"{session_id}/{line.attempt_id}"


def _unavailable() -> Refusal:
    return conflict("candidates", "kunci data kandidat belum dapat dibaca; coba lagi",
                    "a candidate's data key cannot be read now; try again")  # fmt: skip


@dataclass
class ReportNotes:
    sealing: PersonSealing
    reads: ReadsLog

    async def sealed(self, draft: ReportDrafted) -> ReportDrafted:
        """The draft as the log keeps it: each candidate's text sealed under their key."""
        lines = [await self._sealed_line(draft.session_id, line) for line in draft.candidates]
        return draft.model_copy(update={"candidates": lines})

    async def _sealed_line(self, session_id: UUID, line: CandidateReport) -> CandidateReport:
        if not line.gaps and not line.note:
            return line
        text = json.dumps({"gaps": line.gaps, "note": line.note}, ensure_ascii=False)
        try:
            sealed = await self.sealing.seal(line.candidate_id, NOTES_PURPOSE, text.encode(),
                                             _context(session_id, line))  # fmt: skip
        except KeyStoreUnavailable as exc:
            raise _unavailable() from exc
        if sealed is None:
            return line.model_copy(update={"gaps": {}, "note": "", "text_erased": True})
        kept = base64.b64encode(sealed).decode()
        return line.model_copy(update={"gaps": {}, "note": "", "sealed_text": kept})

    async def in_clear(self, report: Report) -> Report:
        """The report with its draft's lines opened, for the rule that tells a re-sent draft
        from a new one (nobody is shown them: nothing recorded)."""
        draft = report.draft
        if draft is None or not any(line.sealed_text for line in draft.candidates):
            return report
        try:
            texts = await self._opened(draft.session_id, draft.candidates)
        except KeyStoreUnavailable as exc:
            raise _unavailable() from exc
        lines = [_with(line, texts.get(line.sealed_text or "")) for line in draft.candidates]
        return replace(report, draft=draft.model_copy(update={"candidates": lines}))

    async def opened(
        self, session_id: UUID, report: Report, reader: UUID, role: str
    ) -> dict[str, LineText]:
        """Every sealed line of the report's versions and draft, opened for `reader`, by its
        sealed text (a line copied into several versions is opened once); the reading of each
        candidate's text is recorded once. The key store not answering: `unavailable`."""
        lines = [c for v in report.versions for c in v.candidates]
        lines += report.draft.candidates if report.draft else []
        try:
            texts = await self._opened(session_id, lines)
        except KeyStoreUnavailable:
            return {line.sealed_text: LineText(TextStatus.UNAVAILABLE, {}, "")
                    for line in lines if line.sealed_text}  # fmt: skip
        shown = {text for text, found in texts.items() if found.status is TextStatus.SHOWN}
        read = {line.candidate_id for line in lines if line.sealed_text in shown}
        if read:
            await self.reads.record_reads(sorted(read), NOTES_PURPOSE, reader, role)
        return texts

    async def _opened(self, session_id: UUID, lines: list[CandidateReport]) -> dict[str, LineText]:
        texts: dict[str, LineText] = {}
        for line in lines:
            if line.sealed_text is None or line.sealed_text in texts:
                continue
            opened = await self.sealing.open(line.candidate_id, NOTES_PURPOSE,
                                             base64.b64decode(line.sealed_text),
                                             _context(session_id, line))  # fmt: skip
            if opened is None:
                texts[line.sealed_text] = LineText(TextStatus.ERASED, {}, "")
            else:
                found = json.loads(opened)
                texts[line.sealed_text] = LineText(TextStatus.SHOWN, found["gaps"], found["note"])
        return texts


def line_text(line: CandidateReport, texts: dict[str, LineText]) -> LineText:
    """What a reader is shown of one line: opened, erased, or (written before sealing, or with
    nothing to seal) as it is."""
    if line.text_erased:
        return LineText(TextStatus.ERASED, {}, "")
    if line.sealed_text is not None:
        return texts.get(line.sealed_text, LineText(TextStatus.UNAVAILABLE, {}, ""))
    return LineText(TextStatus.SHOWN, line.gaps, line.note)


def _with(line: CandidateReport, text: LineText | None) -> CandidateReport:
    if text is None or text.status is not TextStatus.SHOWN:
        return line
    return line.model_copy(update={"gaps": text.gaps, "note": text.note, "sealed_text": None})
