"""FR.AK.01, consent and confidentiality: signed on the current terms once the session's plan
(MAPA) is set, by the candidate and by an assessor of the session, who signs once every need
of the application has its adjustment; a late candidate may still sign at the door, until the
attempt's time is up. Signed once per party."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from assessment.planning.domain.consent_terms import TERMS_VERSION
from assessment.planning.domain.preparation import ConsentSigned, Facts, Party, Preparation
from assessment.planning.domain.preparing import check_assessor
from kompeten_contracts.errors import conflict


def decide_consent(
    state: Preparation, facts: Facts, party: Party, by: UUID, terms_version: str, now: datetime
) -> list[ConsentSigned]:
    if party is Party.ASSESSOR:
        check_assessor(facts, by)
    if party in state.signatures:
        return []
    if facts.over:
        raise conflict(
            "attempt_id",
            "asesmen sudah berakhir atau dibatalkan",
            "the assessment is over or was cancelled",
        )
    if terms_version != TERMS_VERSION:
        raise conflict(
            "terms_version",
            "naskah persetujuan sudah berubah; baca ulang",
            "the consent terms have changed; read them again",
        )
    if not facts.plan_set:
        raise conflict(
            "session_id",
            "rencana asesmen (MAPA) belum ditetapkan",
            "the assessment plan (MAPA) is not set yet",
        )
    if party is Party.ASSESSOR and set(facts.needs) - state.planned_needs():
        raise conflict(
            "adjustments",
            "penyesuaian (FR.AK.07) belum ditetapkan untuk semua kebutuhan",
            "the adjustments (FR.AK.07) do not cover every need",
        )
    return [
        ConsentSigned(
            attempt_id=facts.attempt_id,
            party=party,
            signed_by=by,
            terms_version=terms_version,
            signed_at=now,
        )
    ]
