"""Import the national authority's file of registration (blanko) numbers: every row checked
(malformed, twice in the file, an unknown certificate number, a certificate that has another
blanko number, a blanko number another certificate has), then, unless it is a dry run and only
when no row is refused, each new pair attached on its certificate's stream, all in one
transaction with the claims that keep a blanko number on one certificate. The same file again
attaches nothing (every row `unchanged`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from certificate.blanko.application.ports import BlankoClaims, BlankoTable, CertificateNumbers
from certificate.blanko.domain.attachment import AttachBlanko, decide_attach
from certificate.blanko.domain.blanko_rows import BlankoRow, row_problems
from certificate.issuance.application.ports import Batch, MultiStreamStore
from certificate.shared.application.repositories import Certificates
from eventkit.conflicts import Race, on_fresh_state
from eventkit.store import ConcurrencyError
from eventkit.uow import PostgresUnitOfWork
from kompeten_contracts.errors import Problem, Refusal

IMPORTS = UUID("5d7c1f0e-3b8a-4c52-9a61-0e4f2b7d9c13")
RACE = Race("file", "nomor blanko diimpor bersamaan; coba lagi",
            "blanko numbers were imported concurrently; please try again")  # fmt: skip
UNKNOWN = ("nomor sertifikat tidak dikenal di LSP ini", "no such certificate number in this LSP")
TAKEN = ("nomor blanko sudah dipasang pada sertifikat lain",
         "the blanko number is already attached to another certificate")  # fmt: skip


class Outcome(StrEnum):
    ATTACH = "attach"  # attached (or, in a dry run, would be)
    UNCHANGED = "unchanged"  # the certificate has this blanko number already
    REFUSED = "refused"


@dataclass(frozen=True)
class RowOutcome:
    row: int
    certificate_number: str
    blanko_number: str
    outcome: Outcome
    certificate_id: UUID | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class BlankoReport:
    import_id: UUID
    dry_run: bool
    rows: tuple[RowOutcome, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(r.outcome is outcome for r in self.rows)


class BlankoFileRefused(Exception):
    def __init__(self, report: BlankoReport) -> None:
        super().__init__("blanko file refused")
        self.report = report


@dataclass
class ImportBlanko:
    read: BlankoTable
    numbers: CertificateNumbers
    claims: BlankoClaims
    certificates: Certificates
    store: MultiStreamStore
    uow: PostgresUnitOfWork
    clock: Callable[[], datetime]

    async def __call__(
        self, lsp_id: UUID | None, content: bytes, actor: UUID, dry_run: bool
    ) -> BlankoReport:
        rows = self.read(content)
        digest = hashlib.sha256(content).hexdigest()
        import_id = uuid5(IMPORTS, f"{lsp_id}:{digest}")

        async def attempt() -> BlankoReport:
            outcomes, batches = await self._checked(lsp_id, rows, import_id, actor)
            report = BlankoReport(import_id, dry_run, tuple(outcomes))
            if report.count(Outcome.REFUSED):
                raise BlankoFileRefused(report)
            if dry_run or not batches:
                return report
            pairs = [(r.blanko_number, r.certificate_id) for r in outcomes
                     if r.outcome is Outcome.ATTACH and r.certificate_id]  # fmt: skip
            async with self.uow.transaction() as tx:
                if await self.claims.claim(tx, lsp_id, pairs):
                    raise ConcurrencyError("blanko-claims", 0, 0)  # check again, fresh
                await self.store.append_many(batches, tx=tx)
            return report

        return await on_fresh_state(attempt, RACE)

    async def _checked(
        self, lsp_id: UUID | None, rows: list[BlankoRow], import_id: UUID, actor: UUID
    ) -> tuple[list[RowOutcome], list[Batch]]:
        problems = row_problems(rows)
        clean = [r for r in rows if r.row not in problems]
        ids = await self.numbers.ids_of(lsp_id, [r.certificate_number for r in clean])
        holders = await self.claims.holders(lsp_id, [r.blanko_number for r in clean])
        outcomes: list[RowOutcome] = []
        batches: list[Batch] = []
        at = self.clock()
        for r in rows:
            found = list(problems.get(r.row, ()))
            certificate_id = ids.get(r.certificate_number)
            where = f"rows[{r.row}]"
            if not found and certificate_id is None:
                found.append(Problem(f"{where}.nomor_sertifikat", *UNKNOWN))
            holder = holders.get(r.blanko_number)
            if not found and holder is not None and holder != certificate_id:
                found.append(Problem(f"{where}.nomor_blanko", *TAKEN))
            if found or certificate_id is None:
                outcomes.append(_refused(r, certificate_id, found))
                continue
            loaded = await self.certificates.load(certificate_id)
            command = AttachBlanko(certificate_id=certificate_id, lsp_id=lsp_id,
                                   blanko_number=r.blanko_number, import_id=import_id,
                                   actor_id=actor, at=at)  # fmt: skip
            try:
                events = decide_attach(loaded.state, command)
            except Refusal as refusal:
                moved = [Problem(f"{where}.{p.field}", p.reason_id, p.reason_en)
                         for p in refusal.problems]  # fmt: skip
                outcomes.append(_refused(r, certificate_id, moved))
                continue
            outcome = Outcome.ATTACH if events else Outcome.UNCHANGED
            outcomes.append(RowOutcome(r.row, r.certificate_number, r.blanko_number, outcome,
                                       certificate_id))  # fmt: skip
            if events:
                batches.append(self.certificates.batch(certificate_id, loaded.version, events,
                                                       actor=actor))  # fmt: skip
        return outcomes, batches


def _refused(row: BlankoRow, certificate_id: UUID | None, problems: list[Problem]) -> RowOutcome:
    return RowOutcome(row.row, row.certificate_number, row.blanko_number, Outcome.REFUSED,
                      certificate_id, tuple(problems))  # fmt: skip
