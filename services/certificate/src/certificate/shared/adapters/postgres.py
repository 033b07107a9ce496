"""The schema certificate needs: its event log and relay, its inbox, its read models, the
certificate numbers, the status list indices and the record of public verifications."""

from __future__ import annotations

import asyncpg

from certificate.blanko.adapters.blanko_claims import install_blanko_claims
from certificate.decision_documents.adapters.document_files import install_document_files
from certificate.issuance.adapters.numbering_table import install_numbering
from certificate.printing.adapters.print_tables import install_print_tables
from certificate.schemes.adapters.scheme_versions import install_scheme_versions
from certificate.shared.adapters.read_models import read_models
from certificate.status_lists.adapters.index_table import install_status_indices
from certificate.verification.adapters.verification_log import install_verification_log
from eventkit.inbox import install_inbox
from eventkit.projection import install_projection
from eventkit.relay import install_relay
from eventkit.sealed_copies import install_sealed_copies
from eventkit.sessions import install_ended_sessions
from eventkit.store import install_event_store


async def install(conn: asyncpg.Connection, schema: str) -> None:
    await install_event_store(conn, schema)
    await install_relay(conn, schema)
    await install_ended_sessions(conn, schema)
    await install_inbox(conn, schema)
    for read_model in read_models(schema):
        await install_projection(conn, schema, read_model)
    await install_numbering(conn, schema)
    await install_status_indices(conn, schema)
    await install_verification_log(conn, schema)
    await install_sealed_copies(conn, schema, "holders")
    await install_scheme_versions(conn, schema)
    await install_print_tables(conn, schema)
    await install_document_files(conn, schema)
    await install_blanko_claims(conn, schema)
