"""When an import registers candidates, invite each by e-mail (Bahasa Indonesia first, English
below) to sign up with that address. Driven from the log; each sent invitation is recorded at
once, so a restart resends at most the one that was in flight."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventkit.settings import LOCAL_APP_URL
from registration.cohorts.application.ports import SentInvitations
from registration.cohorts.domain.cohort_import import CohortCandidatesRegistered
from registration.identity.application.ports import Mailer
from registration.shared.application.repositories import Candidates, candidates

SUBJECT = "Undangan sertifikasi kompetensi Kompeten / Kompeten certification invitation"


def invitation_mail(full_name: str, email: str, app_url: str = LOCAL_APP_URL) -> str:
    return (
        f"Yth. {full_name},\n\n"
        "Operator kabupaten telah mendaftarkan Anda untuk sertifikasi kompetensi koperasi.\n"
        "Cara masuk:\n"
        f"1. Buka aplikasi Kompeten di ponsel Anda: {app_url}\n"
        f"2. Masukkan alamat e-mail ini: {email}\n"
        "3. Masukkan kode 6 digit yang kami kirim ke e-mail ini.\n"
        "Setelah masuk, isi formulir permohonan (APL-01) dan asesmen mandiri (APL-02).\n"
        "Jangan berikan kode kepada siapa pun, termasuk petugas.\n"
        "\n---\n"
        f"Dear {full_name},\n\n"
        "Your district operator registered you for cooperative competency certification.\n"
        "How to sign in:\n"
        f"1. Open the Kompeten app on your phone: {app_url}\n"
        f"2. Enter this e-mail address: {email}\n"
        "3. Enter the 6-digit code we send to this address.\n"
        "Then fill in the application form (APL-01) and the self-assessment (APL-02).\n"
        "Never share the code with anyone, staff included.\n"
    )


@dataclass
class CohortInvitations:
    store: Any
    vault: Any
    sent: SentInvitations
    mailer: Mailer
    app_url: str = LOCAL_APP_URL  # the installation's public address of the app
    candidates: Candidates = field(init=False)

    def __post_init__(self) -> None:
        self.candidates = candidates(self.store)

    async def on_registered(self, tx: Any, event: CohortCandidatesRegistered) -> None:
        for entry in event.candidates:
            candidate_id = UUID(entry["candidate_id"])
            if await self.sent.sent(candidate_id):
                continue
            state = (await self.candidates.load(candidate_id)).state
            fields = None
            if state.personal is not None and not state.erased:
                fields = await self.vault.open(tx, candidate_id, state.personal)
            if fields is not None:  # an erased person is not mailed
                await self.mailer.send(
                    fields["email"],
                    SUBJECT,
                    invitation_mail(fields["full_name"], fields["email"], self.app_url),
                )
            await self.sent.record(candidate_id)
