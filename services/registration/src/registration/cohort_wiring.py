"""Cohort import and the progress view, wired: handlers, their adapters and the two followers
of the log (the invitation mailer and the progress projection)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from eventkit.pii import PostgresVault, hash_secret_from_env, master_key_from_env
from eventkit.projection import ProjectionRunner
from eventkit.store import PostgresEventStore
from registration.adapters.cohort_invitation_runner import (
    InvitationFollower,
    PostgresSentInvitations,
)
from registration.adapters.cohort_store import (
    PostgresCohortFiles,
    PostgresCohortRegistry,
    PostgresCommitLeases,
)
from registration.adapters.cohort_table import read_table
from registration.adapters.postgres import PostgresUnitOfWork
from registration.adapters.progress_queries import PostgresProgress
from registration.adapters.progress_view import ProgressView
from registration.application.cohort_import_view import CohortImports
from registration.application.cohort_invitations import CohortInvitations
from registration.application.cohort_validation import CohortValidation
from registration.application.commit_cohort_import import CommitCohortImport
from registration.application.identity_ports import Mailer
from registration.application.prepare_cohort_import import PrepareCohortImport

log = logging.getLogger(__name__)


@dataclass
class Cohorts:
    prepare: PrepareCohortImport
    commit: CommitCohortImport
    imports: CohortImports
    progress: PostgresProgress
    runners: list[ProjectionRunner]
    leases: PostgresCommitLeases
    commits: dict[UUID, asyncio.Task[Any]] = field(default_factory=dict)

    @classmethod
    def wired(
        cls, pool: Any, schema: str, mailer: Mailer, clock: Callable[[], datetime]
    ) -> Cohorts:
        store = PostgresEventStore(pool, schema)
        uow, secret = PostgresUnitOfWork(pool), hash_secret_from_env()
        vault = PostgresVault(schema, master_key_from_env())
        files, registry = PostgresCohortFiles(pool, schema), PostgresCohortRegistry(pool, schema)
        leases = PostgresCommitLeases(pool, schema)
        imports = CohortImports(uow, store, vault, files, leases, clock)
        validation = CohortValidation(uow, registry, vault, secret)
        invitations = CohortInvitations(store, vault, PostgresSentInvitations(pool, schema), mailer)
        return cls(
            PrepareCohortImport(uow, store, vault, files, validation, read_table, secret, clock),
            CommitCohortImport(uow, store, vault, imports, registry, secret, leases, clock),
            imports,
            PostgresProgress(pool, schema),
            [
                ProjectionRunner(pool, schema, store, ProgressView(schema)),
                ProjectionRunner(pool, schema, store, InvitationFollower(invitations)),
            ],
            leases,
        )

    async def resume_interrupted(self) -> None:
        """At service start: every commit a previous process left unfinished (its lease still
        recorded) continues in the background. A commit still alive elsewhere is not harmed:
        the second writer of a chunk loses on the stream version and stops."""
        for import_id, by in await self.leases.held():
            self.start_commit(import_id, by)

    async def stop(self) -> None:
        for task in self.commits.values():
            task.cancel()
        await asyncio.gather(*self.commits.values(), return_exceptions=True)

    def start_commit(self, import_id: UUID, by: UUID) -> None:
        """Commit in the background (progress is read meanwhile); one task per import."""
        running = self.commits.get(import_id)
        if running is None or running.done():
            self.commits[import_id] = asyncio.create_task(self._commit(import_id, by))

    async def _commit(self, import_id: UUID, by: UUID) -> None:
        try:
            await self.commit(import_id, by)
        except Exception:  # recorded on the import as failed; a re-commit resumes
            log.exception("cohort import %s failed", import_id)
