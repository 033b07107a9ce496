"""An LSP admin changes a certificate: suspend, reinstate, withdraw, issue a duplicate copy, or
replace it with a corrected one (load -> decide -> append; a replacement numbers and signs the
new certificate and records both in one transaction, the old one's agreement carried over).
Answers where the certificate stands afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from certificate.issuance.application.issue import WIB, Issuance, replacement_id_of
from certificate.issuance.application.ports import Batch, MultiStreamStore
from certificate.issuance.domain import certificate as c
from certificate.issuance.domain import certificate_events as e
from certificate.lifecycle.domain import lifecycle as life
from certificate.lifecycle.domain.collection import decide_collect
from certificate.shared.application.repositories import Certificates
from eventkit.conflicts import Race, on_fresh_state
from eventkit.uow import PostgresUnitOfWork

RACE = Race("certificate_id", "sertifikat berubah bersamaan; coba lagi",
            "the certificate changed concurrently; please try again")  # fmt: skip
Decide = Callable[[c.Certificate, life.Act], list[c.CertificateEvent]]


@dataclass(frozen=True)
class Standing:
    certificate_id: UUID
    status: c.Status
    copy_no: int
    replaced_by: UUID | None


@dataclass
class ChangeCertificate:
    certificates: Certificates
    store: MultiStreamStore
    uow: PostgresUnitOfWork
    issuance: Issuance
    clock: Callable[[], datetime]

    def _act(self, certificate_id: UUID, lsp_id: UUID | None, actor: UUID) -> life.Act:
        return life.Act(certificate_id=certificate_id, lsp_id=lsp_id, actor_id=actor,
                        at=self.clock())  # fmt: skip

    async def _change(self, act: life.Act, decide: Decide) -> Standing:
        async def attempt() -> Standing:
            loaded = await self.certificates.load(act.certificate_id)
            events = decide(loaded.state, act)
            await self.certificates.append(act.certificate_id, loaded.version, events,
                                           actor=act.actor_id)  # fmt: skip
            return _standing(act.certificate_id, loaded.state, events, act.at)

        return await on_fresh_state(attempt, RACE)

    async def suspend(self, certificate_id: UUID, lsp_id: UUID | None, actor: UUID,
                      reason: e.SuspensionReason) -> Standing:  # fmt: skip
        act = self._act(certificate_id, lsp_id, actor)
        return await self._change(act, lambda s, a: life.decide_suspend(s, a, reason, _day(a)))

    async def reinstate(self, certificate_id: UUID, lsp_id: UUID | None, actor: UUID,
                        reason: e.ReinstatementReason) -> Standing:  # fmt: skip
        act = self._act(certificate_id, lsp_id, actor)
        return await self._change(act, lambda s, a: life.decide_reinstate(s, a, reason, _day(a)))

    async def withdraw(self, certificate_id: UUID, lsp_id: UUID | None, actor: UUID,
                       reason: e.WithdrawalReason) -> Standing:  # fmt: skip
        act = self._act(certificate_id, lsp_id, actor)
        return await self._change(act, lambda s, a: life.decide_withdraw(s, a, reason, _day(a)))

    async def duplicate(self, certificate_id: UUID, lsp_id: UUID | None, actor: UUID,
                        reason: e.DuplicateReason, copy_id: UUID) -> Standing:  # fmt: skip
        act = self._act(certificate_id, lsp_id, actor)
        return await self._change(
            act, lambda s, a: life.decide_duplicate(s, a, reason, _day(a), copy_id)
        )

    async def collect(self, certificate_id: UUID, lsp_id: UUID | None, actor: UUID,
                      collected_on: date) -> Standing:  # fmt: skip
        act = self._act(certificate_id, lsp_id, actor)
        return await self._change(act, lambda s, a: decide_collect(s, a, collected_on, _day(a)))

    async def replace(self, certificate_id: UUID, lsp_id: UUID | None, actor: UUID,
                      reason: e.ReplacementReason) -> Standing:  # fmt: skip
        act = self._act(certificate_id, lsp_id, actor)
        new_id = replacement_id_of(certificate_id)

        async def attempt() -> Standing:
            loaded = await self.certificates.load(certificate_id)
            state = loaded.state
            life.decide_replace(state, act, reason, _day(act), new_id, "")  # refusals first
            async with self.uow.transaction() as tx:
                assert state.issued is not None
                prepared = await self.issuance.prepared_replacement(tx, state.issued, act.at)
                if prepared is None:  # replaced already (a retry)
                    return _standing(certificate_id, state, [], act.at)
                (_, version, _), issued = prepared
                events = life.decide_replace(state, act, reason, _day(act), new_id, issued.number)
                batches: list[Batch] = [
                    self.certificates.batch(certificate_id, loaded.version, events, actor=actor),
                    self.certificates.batch(
                        new_id, version, [issued, *_carried(state, issued, act)], actor=actor
                    ),
                ]
                await self.store.append_many(batches, tx=tx)
            return _standing(certificate_id, state, events, act.at)

        return await on_fresh_state(attempt, RACE)


def _carried(
    old: c.Certificate, new: e.CertificateIssued, act: life.Act
) -> list[c.CertificateEvent]:
    """A replacement carries the old certificate's agreement, if it was signed."""
    if old.agreement is None:
        return []
    return [e.AgreementSigned(
        certificate_id=new.certificate_id, candidate_id=new.candidate_id, lsp_id=new.lsp_id,
        actor_id=act.actor_id, actor_role=e.ActorRole.LSP_ADMIN, at=act.at,
        agreement_version=old.agreement.agreement_version,
        carried_from=old.agreement.certificate_id,
    )]  # fmt: skip


def _day(act: life.Act) -> date:
    return act.at.astimezone(WIB).date()


def _standing(certificate_id: UUID, state: c.Certificate, events: list[c.CertificateEvent],
              at: datetime) -> Standing:  # fmt: skip
    for event in events:
        state = c.evolve(state, event)
    today = at.astimezone(WIB).date()
    return Standing(certificate_id, state.shown_status(today), state.copy_no, state.replaced_by)
