"""The assessor records their judgement of a candidate's attempt (K/BK per unit with the
evidence, and the feedback); when the attempt is already scored and over, the recommendation
is published with it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from assessment.capture.domain.capture_record import Kind
from assessment.capture.domain.findings import Findings
from assessment.judgement.application.facts import RecommendationFacts
from assessment.judgement.domain.judgement import (
    FILE_HASH,
    Citable,
    Judgement,
    UnitJudgement,
    UnitsJudged,
    decide_judge,
    decide_publish,
)
from assessment.judgement.domain.judgement import evolve as evolve_judgement
from assessment.shared.application.repositories import Judgements
from eventkit.conflicts import Race, on_fresh_state
from kompeten_contracts.errors import conflict, forbidden, not_found

JUDGEMENT = Race(
    "attempt_id", "penilaian sedang diubah bersamaan; coba lagi", "judged concurrently; retry"
)


class CaptureFindings(Protocol):
    async def findings(self, session_id: UUID, candidate_id: UUID) -> Findings: ...


class EvidenceFiles(Protocol):
    async def held(self, session_id: UUID, hashes: Iterable[str]) -> frozenset[str]:
        """Of `hashes`, those uploaded to the session and kept."""
        ...


def photos_of(findings: Findings) -> frozenset[str]:
    """The photos the candidate's capture records name, of the records that count."""
    return frozenset(r.photo.content_hash for r in findings.of(Kind.PHOTO).values() if r.photo)


@dataclass
class JudgeUnits:
    judgements: Judgements
    facts: RecommendationFacts
    capture: CaptureFindings
    clock: Callable[[], datetime]
    files: EvidenceFiles | None = None  # None: no file may be cited

    async def __call__(
        self,
        attempt_id: UUID,
        units: list[UnitJudgement],
        feedback: str,
        by: UUID,
        lsp_id: UUID | None,
        is_admin: bool,
    ) -> Judgement:
        found = await self.facts.of(attempt_id)
        if found is None or found.facts.lsp_id != lsp_id:
            raise not_found("attempt_id", "asesmen tidak ditemukan", "no such assessment attempt")
        if found.assignment.assessor_id != by and not is_admin:
            raise forbidden(
                "attempt_id", "bukan asesor kandidat ini", "not this candidate's assessor"
            )
        findings = await self.capture.findings(found.facts.session_id, found.facts.candidate_id)
        if not findings.settled:
            raise conflict(
                "capture",
                "catatan asesor untuk kandidat ini masih bertentangan; selesaikan dulu",
                "the assessor's records of this candidate are in conflict; settle them first",
            )
        citable = await self.citable(found.facts.session_id, findings, units)

        async def attempt() -> Judgement:
            loaded = await self.judgements.load(attempt_id)
            now = self.clock()
            command = UnitsJudged(
                attempt_id=attempt_id, assessor_id=found.assignment.assessor_id, units=units,
                feedback=feedback, judged_at=now,
            )  # fmt: skip
            events = decide_judge(loaded.state, command, found.facts.scheme_units, citable)
            state = loaded.state
            for event in events:
                state = evolve_judgement(state, event)
            published = decide_publish(state, found.facts, now)
            await self.judgements.append(
                attempt_id, loaded.version, [*events, *published], actor=by
            )
            for recommendation in published:
                state = evolve_judgement(state, recommendation)
            return state

        return await on_fresh_state(attempt, JUDGEMENT)

    async def citable(
        self, session_id: UUID, findings: Findings, units: list[UnitJudgement]
    ) -> Citable:
        """Where a cited photo is checked: here, when the judgement cites it, not when capture
        records its reference (a tablet syncs its small records long before a hall's network
        lets a photo through, and capture takes records in any order)."""
        cited = {code for u in units for code in u.evidence if FILE_HASH.match(code)}
        photos = photos_of(findings)
        if not cited or self.files is None:
            return Citable(photos)
        return Citable(photos, await self.files.held(session_id, cited & photos))
