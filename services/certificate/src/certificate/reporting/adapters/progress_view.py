"""Read model of certification progress per district and scheme (tables progress_attempts,
progress_certificates): one row per recommendation received (its LSP, scheme, district), with
the decision's outcome once decided, whether a certificate was issued for it, whether one of
its certificates was printed (rendered into a print batch's file), and whether the holder
collected one of its papers (CertificateCollected, recorded by the LSP).

Built from certificate's own log by eventkit's ProjectionRunner, a batch at a time: each fact
is a value set once or a flag that only turns on, so a batch folds into a few set-based
statements; rows are made first (recommendations, certificates) and flags set after, so a batch
holding a recommendation and its certificate's printing folds as one event at a time would."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from certificate.decisions.domain.decision import CertificationDecided
from certificate.issuance.domain.certificate import CertificateIssued
from certificate.issuance.domain.certificate_events import CertificateCollected
from certificate.printing.domain.print_batch import PagesRendered
from certificate.recommendations.domain.recommendation import RecommendationReceived
from certificate.shared.application.events import REGISTRY
from eventkit.registry import Decoded
from eventkit.store.schema import Conn, identifier


class ProgressProjection:
    name = "certificate_progress"
    handles = REGISTRY.select(
        RecommendationReceived,
        CertificationDecided,
        CertificateIssued,
        PagesRendered,
        CertificateCollected,
    )
    tables: Sequence[str] = ("progress_attempts", "progress_certificates")

    def __init__(self, schema: str) -> None:
        self.schema = identifier(schema)

    async def install(self, conn: Conn, table_suffix: str = "") -> None:
        s, x = self.schema, table_suffix
        await conn.execute(f"""
            CREATE TABLE IF NOT EXISTS {s}.progress_attempts{x} (
                attempt_id uuid PRIMARY KEY, lsp_id uuid, scheme_code text NOT NULL,
                district_code text NOT NULL, outcome text,
                issued boolean NOT NULL DEFAULT false, printed boolean NOT NULL DEFAULT false);
            CREATE INDEX IF NOT EXISTS progress_attempts_lsp{x}
                ON {s}.progress_attempts{x} (lsp_id, district_code, scheme_code);
            CREATE TABLE IF NOT EXISTS {s}.progress_certificates{x} (
                certificate_id uuid PRIMARY KEY, attempt_id uuid NOT NULL);
            ALTER TABLE {s}.progress_attempts{x}
                ADD COLUMN IF NOT EXISTS collected boolean NOT NULL DEFAULT false;
        """)

    async def apply_batch(
        self, conn: Conn, events: Sequence[Decoded[Any]], table_suffix: str = ""
    ) -> None:
        s, x = self.schema, table_suffix
        received = [d.event for d in events if isinstance(d.event, RecommendationReceived)]
        decided = {d.event.attempt_id: d.event.outcome.value for d in events
                   if isinstance(d.event, CertificationDecided)}  # fmt: skip
        issued: dict[UUID, UUID] = {d.event.certificate_id: d.event.attempt_id for d in events
                                    if isinstance(d.event, CertificateIssued)}  # fmt: skip
        printed = [c for d in events if isinstance(d.event, PagesRendered)
                   for c in d.event.certificate_ids]  # fmt: skip
        collected = [d.event.certificate_id for d in events
                     if isinstance(d.event, CertificateCollected)]  # fmt: skip
        if received:
            await conn.execute(
                f"INSERT INTO {s}.progress_attempts{x} (attempt_id, lsp_id, scheme_code, "
                "district_code) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], "
                "$4::text[]) ON CONFLICT DO NOTHING",
                [r.attempt_id for r in received], [r.lsp_id for r in received],
                [r.scheme_code for r in received], [r.district_code for r in received],
            )  # fmt: skip
        if decided:
            await conn.execute(
                f"UPDATE {s}.progress_attempts{x} AS p SET outcome = d.outcome FROM "
                "unnest($1::uuid[], $2::text[]) AS d(attempt_id, outcome) "
                "WHERE p.attempt_id = d.attempt_id",
                list(decided), list(decided.values()),
            )  # fmt: skip
        if issued:
            await conn.execute(
                f"INSERT INTO {s}.progress_certificates{x} (certificate_id, attempt_id) "
                "SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING",
                list(issued),
                list(issued.values()),
            )
            await conn.execute(
                f"UPDATE {s}.progress_attempts{x} SET issued = true "
                "WHERE attempt_id = ANY($1::uuid[])",
                list(set(issued.values())),
            )
        if printed:
            await conn.execute(
                f"UPDATE {s}.progress_attempts{x} SET printed = true WHERE attempt_id IN "
                f"(SELECT attempt_id FROM {s}.progress_certificates{x} "
                "WHERE certificate_id = ANY($1::uuid[]))",
                printed,
            )
        if collected:
            await conn.execute(
                f"UPDATE {s}.progress_attempts{x} SET collected = true WHERE attempt_id IN "
                f"(SELECT attempt_id FROM {s}.progress_certificates{x} "
                "WHERE certificate_id = ANY($1::uuid[]))",
                collected,
            )
