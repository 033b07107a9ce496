"""Cohort commits run in the background, one task per import, while operators read progress.
At service start every commit a previous process left unfinished (its lease still recorded)
continues; a commit still alive elsewhere is not harmed: the second writer of a chunk loses on
the stream version and stops."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from registration.cohorts.application.commit_cohort_import import CommitCohortImport
from registration.cohorts.application.ports import CommitLeases

log = logging.getLogger(__name__)


@dataclass
class BackgroundCommits:
    commit: CommitCohortImport
    leases: CommitLeases
    resume: bool = True  # not in one-shot commands (seed, staff)
    _tasks: dict[UUID, asyncio.Task[Any]] = field(default_factory=dict, init=False)
    _stopped: asyncio.Event = field(default_factory=asyncio.Event, init=False)

    async def run(self) -> None:
        if self.resume:
            for import_id, by in await self.leases.held():
                self.start(import_id, by)
        await self._stopped.wait()

    async def stop(self) -> None:
        self._stopped.set()
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    def start(self, import_id: UUID, by: UUID) -> None:
        """Commit in the background (progress is read meanwhile); one task per import."""
        running = self._tasks.get(import_id)
        if running is None or running.done():
            self._tasks[import_id] = asyncio.create_task(self._commit(import_id, by))

    async def _commit(self, import_id: UUID, by: UUID) -> None:
        try:
            await self.commit(import_id, by)
        except Exception:  # recorded on the import as failed; a re-commit resumes
            log.exception("cohort import %s failed", import_id)
