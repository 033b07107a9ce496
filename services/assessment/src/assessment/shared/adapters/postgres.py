"""The schema assessment needs: its event log and relay, its read models, and the tables of
what it keeps from registration's events."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from assessment.exams.adapters.presences import install_presences
from assessment.intake.adapters.candidate_pool import install as install_intake
from assessment.judgement.application.publish_when_over import PublishWhenOver
from assessment.shared.adapters.read_models import read_models
from eventkit.projection import install_projection
from eventkit.relay import install_relay
from eventkit.sealed_copies import install_sealed_copies
from eventkit.sessions import install_ended_sessions
from eventkit.store import install_event_store

# The candidates' details from registration, sealed as received (the roster's names), and the
# record of every opening (personal_data_reads): eventkit.sealed_copies.
SEALED_DETAILS = "sealed_details"


async def install(conn: asyncpg.Connection, schema: str) -> None:
    await install_event_store(conn, schema)
    await install_relay(conn, schema)
    await install_ended_sessions(conn, schema)
    await install_intake(conn, schema)
    for read_model in read_models(schema):
        await install_projection(conn, schema, read_model)
    await install_presences(conn, schema)
    await install_sealed_copies(conn, schema, SEALED_DETAILS)
    # The recommendation policy's checkpoint (it follows the log like a read model).
    await install_projection(conn, schema, PublishWhenOver(None, None, None, datetime.now))
