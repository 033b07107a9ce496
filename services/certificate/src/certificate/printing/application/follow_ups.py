"""A cohort never waits for its slowest member: a printed batch that carried members still
missing is looked at again, and as soon as one of its scope is ready (and not printed before),
a follow-up batch of the same scope is opened by the service itself, once per batch (its id is
derived from the batch followed up). The follow-up prints whoever is ready then and carries
the rest on, into its own follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from certificate.printing.application.request_batch import CohortFacts, RequestPrintBatch
from certificate.printing.domain.readiness import Status, member
from certificate.shared.application.repositories import PrintBatches


class AwaitingFollowUp(Protocol):
    async def batch_ids(self) -> Iterable[UUID]:
        """Printed batches that carried members and have no follow-up yet."""
        ...


@dataclass
class OpenFollowUps:
    awaiting: AwaitingFollowUp
    batches: PrintBatches
    facts: CohortFacts
    request: RequestPrintBatch

    async def __call__(self) -> list[UUID]:
        opened = []
        for batch_id in await self.awaiting.batch_ids():
            state = (await self.batches.load(batch_id)).state
            requested = state.requested
            if requested is None or state.follow_up_id is not None or not state.carried:
                continue
            facts = await self.facts.of(requested.lsp_id, requested.scope)
            if any(member(f, reprint=False).status is Status.READY for f in facts):
                opened.append(await self.request(
                    requested.lsp_id, requested.scope, by=None, follow_up_of=batch_id
                ))  # fmt: skip
        return opened
