"""The holder signs the agreement for their own certificate (load -> decide -> append): the
certificate is released by it, and its public CertificateReleased follows through the relay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from certificate.agreements.domain import agreement as a
from certificate.shared.application.repositories import Certificates
from eventkit.conflicts import Race, on_fresh_state

RACE = Race("certificate_id", "sertifikat berubah bersamaan; coba lagi",
            "the certificate changed concurrently; please try again")  # fmt: skip


@dataclass
class SignAgreement:
    certificates: Certificates
    clock: Callable[[], datetime]

    async def __call__(
        self, certificate_id: UUID, candidate_id: UUID | None, account_id: UUID,
        agreement_version: str, agree: bool,
    ) -> datetime:  # fmt: skip
        """When the agreement was signed (now, or when it was first, for a retry)."""
        command = a.SignAgreement(
            certificate_id=certificate_id, candidate_id=candidate_id, account_id=account_id,
            agreement_version=agreement_version, agree=agree, at=self.clock(),
        )  # fmt: skip

        async def attempt() -> datetime:
            loaded = await self.certificates.load(certificate_id)
            events = a.decide_sign(loaded.state, command)
            await self.certificates.append(certificate_id, loaded.version, events,
                                           actor=account_id)  # fmt: skip
            signed = loaded.state.agreement
            return signed.at if signed is not None and not events else command.at

        return await on_fresh_state(attempt, RACE)
