"""The LSP records that the holder collected their printed certificate (handed out with the
cohort's papers): once per paper copy, on a day not before the certificate's issue nor after
today. The same record again changes nothing; another day for the same copy is refused. Only a
released certificate (the holder signed the agreement) that is not withdrawn or replaced is
handed out."""

from __future__ import annotations

from datetime import date

from certificate.issuance.domain.certificate import Certificate, Status
from certificate.issuance.domain.certificate_events import (
    ActorRole,
    CertificateCollected,
    CertificateEvent,
)
from certificate.lifecycle.domain.lifecycle import Act, no_such_certificate
from kompeten_contracts.errors import conflict, invalid

HANDED_OUT = frozenset({Status.VALID, Status.SUSPENDED, Status.EXPIRED})


def decide_collect(
    state: Certificate, act: Act, collected_on: date, today: date
) -> list[CertificateEvent]:
    issued = state.issued
    if issued is None or not state.of(act.lsp_id):
        raise no_such_certificate()
    earlier = next((c for c in state.collected if c.copy_no == state.copy_no), None)
    if earlier is not None:
        if earlier.collected_on == collected_on:
            return []
        raise conflict("collected_on",
                       f"salinan ini sudah tercatat diambil pada {earlier.collected_on}",
                       f"this copy was recorded collected on {earlier.collected_on}")  # fmt: skip
    if state.status not in HANDED_OUT or state.agreement is None:
        raise conflict("status", f"sertifikat berstatus {state.status.value} tidak diserahkan",
                       f"a certificate that is {state.status.value} is not handed out")  # fmt: skip
    if not issued.issued_on <= collected_on <= today:
        raise invalid("collected_on", "tanggal pengambilan antara tanggal terbit dan hari ini",
                      "the collection date is between the issue date and today")  # fmt: skip
    return [CertificateCollected(
        certificate_id=issued.certificate_id, candidate_id=issued.candidate_id,
        lsp_id=issued.lsp_id, actor_id=act.actor_id, actor_role=ActorRole.LSP_ADMIN,
        at=act.at, copy_no=state.copy_no, collected_on=collected_on,
    )]  # fmt: skip
