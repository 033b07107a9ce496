"""The schema registration needs (its unit of work is eventkit.uow)."""

from __future__ import annotations

import asyncpg

from eventkit.idempotency import install_idempotency
from eventkit.inbox import install_inbox
from eventkit.pii import install_vault
from eventkit.projection import install_projection
from eventkit.relay import install_relay
from eventkit.sessions import install_ended_sessions
from eventkit.store import install_event_store
from registration.applications.adapters.evidence_store import install_evidence
from registration.audit.adapters.access_log import install_access_log
from registration.catalogue.adapters.legal_numbers import install_legal_numbers
from registration.cohorts.adapters.cohort_invitation_runner import (
    InvitationFollower,
    install_invitations,
)
from registration.cohorts.adapters.cohort_store import install_cohort_imports
from registration.identity.adapters.email_index import install_email_index
from registration.identity.adapters.rate_counter import install_rate_limits
from registration.notices.adapters.sent_notices import install_sent_notices
from registration.shared.adapters.read_models import read_models


async def install(conn: asyncpg.Connection, schema: str) -> None:
    await install_event_store(conn, schema)
    await install_relay(conn, schema)
    await install_vault(conn, schema)
    await install_ended_sessions(conn, schema)
    await install_access_log(conn, schema)
    await install_idempotency(conn, schema)
    for read_model in read_models(schema):
        await install_projection(conn, schema, read_model)
    await install_legal_numbers(conn, schema)
    await install_evidence(conn, schema)
    await install_email_index(conn, schema)
    await install_rate_limits(conn, schema)
    await install_cohort_imports(conn, schema)
    await install_invitations(conn, schema)
    await install_projection(conn, schema, InvitationFollower(None))
    await install_inbox(conn, schema)  # assessment's notices, consumed once
    await install_sent_notices(conn, schema)
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".nik_index (
            nik_hash text PRIMARY KEY,
            candidate_id uuid NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now());
        GRANT SELECT, INSERT ON "{schema}".nik_index TO kompeten_app;
    """)
