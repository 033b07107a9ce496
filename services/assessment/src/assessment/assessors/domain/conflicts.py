"""Why an assessor may not assess a candidate: a conflict of interest (same cooperative, a
declared relation, trained the candidate) or not being able to serve the session at all
(licence expired on the date, scheme not licensed, unavailable, another LSP's assessor).
Planning asks per candidate and shows every reason, in Bahasa Indonesia and English."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from assessment.assessors.domain.assessor import Assessor
from assessment.assessors.domain.blocking import Block, BlockingReason
from kompeten_contracts.errors import Kind, Refusal

IN_BAHASA = {
    "family": "keluarga",
    "employer": "pemberi kerja",
    "colleague": "rekan kerja",
    "other": "lainnya",
}


@dataclass(frozen=True)
class CandidateFacts:
    """What planning knows of the candidate to be assigned (from the accepted application)."""

    candidate_id: UUID
    cooperative_id: UUID | None
    scheme_code: str
    on_date: date
    lsp_id: UUID | None = None  # the LSP planning the session; None: not checked


def blocking_reasons(assessor: Assessor, candidate: CandidateFacts) -> list[BlockingReason]:
    """Every reason the assignment is blocked; empty: the assessor may assess the candidate."""
    serving = eligibility(assessor, candidate.scheme_code, candidate.on_date, candidate.lsp_id)
    if assessor.registered is None:
        return serving
    return serving + conflicts_of_interest(
        assessor, candidate.candidate_id, candidate.cooperative_id
    )


def assignment_refusal(
    assessor: Assessor, candidate: CandidateFacts, field: str = "assessor_id"
) -> Refusal | None:
    """The same reasons as a refusal (409) naming `field`, or None."""
    reasons = blocking_reasons(assessor, candidate)
    return Refusal([r.problem(field) for r in reasons], Kind.CONFLICT) if reasons else None


def eligibility(
    assessor: Assessor, scheme_code: str, on_date: date, lsp_id: UUID | None = None
) -> list[BlockingReason]:
    """Whether the assessor can serve a session of the scheme on the date at all."""
    return list(_eligibility(assessor, scheme_code, on_date, lsp_id))


def conflicts_of_interest(
    assessor: Assessor, candidate_id: UUID, cooperative_id: UUID | None
) -> list[BlockingReason]:
    return list(_conflicts(assessor, candidate_id, cooperative_id))


def _eligibility(
    assessor: Assessor, scheme_code: str, on_date: date, lsp_id: UUID | None
) -> Iterator[BlockingReason]:
    registered = assessor.registered
    if registered is None:
        yield BlockingReason(
            Block.NOT_REGISTERED, "asesor tidak terdaftar", "not a registered assessor"
        )
        return
    if lsp_id is not None and registered.lsp_id != lsp_id:
        yield BlockingReason(Block.OTHER_LSP, "asesor dari LSP lain", "an assessor of another LSP")
    until = registered.licence_valid_until.isoformat()
    if on_date > registered.licence_valid_until:
        yield BlockingReason(
            Block.LICENCE_EXPIRED,
            f"lisensi MET asesor berakhir {until}",
            f"the assessor's MET licence expired on {until}",
        )
    if scheme_code not in assessor.scheme_codes:
        yield BlockingReason(
            Block.SCHEME_NOT_LICENSED,
            f"asesor tidak berwenang untuk skema {scheme_code}",
            f"the assessor may not assess scheme {scheme_code}",
        )
    if on_date in assessor.unavailable:
        day = on_date.isoformat()
        yield BlockingReason(
            Block.UNAVAILABLE,
            f"asesor tidak tersedia pada {day}",
            f"the assessor is unavailable on {day}",
        )


def _conflicts(
    assessor: Assessor, candidate_id: UUID, cooperative_id: UUID | None
) -> Iterator[BlockingReason]:
    assert assessor.registered is not None
    own = assessor.registered.cooperative_id
    if cooperative_id is not None and own == cooperative_id:
        yield BlockingReason(
            Block.SAME_COOPERATIVE,
            "asesor bekerja di koperasi yang sama",
            "the assessor works for the candidate's cooperative",
        )
    for relation in assessor.relations:
        if relation.candidate_id is not None and relation.candidate_id == candidate_id:
            kind, jenis = relation.kind.value, IN_BAHASA[relation.kind.value]
            yield BlockingReason(
                Block.RELATED_TO_CANDIDATE,
                f"asesor menyatakan hubungan ({jenis}) dengan kandidat",
                f"the assessor declared a relation ({kind}) to the candidate",
            )
        if cooperative_id is not None and relation.cooperative_id == cooperative_id:
            kind, jenis = relation.kind.value, IN_BAHASA[relation.kind.value]
            yield BlockingReason(
                Block.RELATED_TO_COOPERATIVE,
                f"asesor menyatakan hubungan ({jenis}) dengan koperasi kandidat",
                f"the assessor declared a relation ({kind}) to the candidate's cooperative",
            )
    if candidate_id in assessor.trained:
        yield BlockingReason(
            Block.TRAINED_CANDIDATE,
            "asesor melatih kandidat ini",
            "the assessor trained this candidate",
        )
