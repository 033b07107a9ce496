"""Import a bank file as the draft of an LSP's bank for a scheme, and publish the draft as
the next version: load -> decide -> append, run again on fresh state when another admin
wrote to the bank's stream first. A file is checked whole before anything is recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from assessment.banks.application.bank_repository import Banks, banks
from assessment.banks.application.import_report import ImportReport, report_of
from assessment.banks.application.ports import ReadTable, scheme_units
from assessment.banks.domain import question_bank as qb
from assessment.banks.domain.bank_file import BankFileRefused, check_file
from assessment.banks.domain.bank_items import BankContent, SchemeUnit
from assessment.intake.application.scheme_version_published import (
    PublishedSchemeVersion,
    SchemeVersions,
)
from eventkit.conflicts import Race, on_fresh_state
from eventkit.store import EventStore
from kompeten_contracts.errors import invalid, not_found

BANK = Race("scheme_code", "bank soal diubah bersamaan; silakan coba lagi",
            "the question bank changed concurrently; please try again")  # fmt: skip


@dataclass(frozen=True)
class BankUpload:
    lsp_id: UUID | None
    scheme_code: str
    content: bytes
    actor: UUID
    scheme_version: int | None = None  # None: the latest published version assessment knows
    dry_run: bool = False


@dataclass
class BankCommands:
    store: EventStore
    schemes: SchemeVersions
    read_table: ReadTable
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    banks: Banks = field(init=False)

    def __post_init__(self) -> None:
        self.banks = banks(self.store)

    async def check(self, upload: BankUpload) -> BankContent:
        """The file's content, checked whole against the scheme version; changes nothing."""
        lsp_id = _lsp(upload.lsp_id)
        scheme = await self._scheme(lsp_id, upload.scheme_code, upload.scheme_version)
        rows = self.read_table(upload.content)
        content, problems = check_file(rows, scheme_units(scheme), scheme.scheme_code,
                                       scheme.version)  # fmt: skip
        if problems or content is None:
            raise BankFileRefused(problems)
        return content

    async def import_file(self, upload: BankUpload) -> ImportReport:
        lsp_id = _lsp(upload.lsp_id)
        content = await self.check(upload)
        if upload.dry_run:
            return report_of(upload.scheme_code, content, None)
        command = qb.ImportDraft(lsp_id=lsp_id, scheme_code=upload.scheme_code,
                                 actor=upload.actor, at=self.clock(), content=content)  # fmt: skip

        async def attempt() -> int:
            loaded = await self.banks.load((lsp_id, upload.scheme_code))
            events = qb.decide_import(loaded.state, command)
            await self.banks.append((lsp_id, upload.scheme_code), loaded.version, events)
            return loaded.state.next_version

        return report_of(upload.scheme_code, content, await on_fresh_state(attempt, BANK))

    async def publish(
        self,
        lsp_id: UUID | None,
        scheme_code: str,
        actor: UUID,
        per_unit: int = qb.DEFAULT_PER_UNIT,
        draft_version: int | None = None,
    ) -> int:
        owner = _lsp(lsp_id)

        async def attempt() -> int:
            loaded = await self.banks.load((owner, scheme_code))
            if loaded.version == 0:
                raise not_found("scheme_code", "bank soal skema ini belum ada",
                                "no question bank for this scheme yet")  # fmt: skip
            draft, units = loaded.state.draft, tuple[SchemeUnit, ...]()
            if draft is not None:
                units = scheme_units(await self._scheme(owner, scheme_code, draft.scheme_version))
            command = qb.PublishDraft(
                lsp_id=owner, scheme_code=scheme_code, actor=actor, at=self.clock(),
                units=units, per_unit=per_unit, draft_version=draft_version,
            )  # fmt: skip
            events = qb.decide_publish(loaded.state, command)
            await self.banks.append((owner, scheme_code), loaded.version, events)
            return loaded.state.next_version

        return await on_fresh_state(attempt, BANK)

    async def published_content(self, lsp_id: UUID, scheme_code: str) -> BankContent | None:
        """What the latest published version holds (None: nothing published yet)."""
        loaded = await self.banks.load((lsp_id, scheme_code))
        published = [e for e in loaded.events if isinstance(e, qb.BankVersionPublished)]
        return published[-1].content if published else None

    async def _scheme(
        self, lsp_id: UUID, scheme_code: str, version: int | None
    ) -> PublishedSchemeVersion:
        found = await (
            self.schemes.latest(scheme_code)
            if version is None
            else self.schemes.get(scheme_code, version)
        )
        # Another LSP's scheme is answered as one that does not exist.
        if found is None or found.lsp_id not in (None, lsp_id):
            raise not_found("scheme_code", "skema (versi terbit) tidak ditemukan",
                            "no such published scheme (version)")  # fmt: skip
        return found


def _lsp(lsp_id: UUID | None) -> UUID:
    if lsp_id is None:
        raise invalid("lsp", "bank soal milik sebuah LSP; akun Anda tidak terikat LSP",
                      "a question bank belongs to an LSP; your account has none")  # fmt: skip
    return lsp_id
