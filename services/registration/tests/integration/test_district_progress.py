"""The per-district progress read model follows the log, and a rebuild reproduces it."""

from __future__ import annotations

import asyncio
import sys
import uuid

import pytest

from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, admin_connection, fresh_schema
from eventkit.testing.waiting import wait_until
from registration.bootstrap import RegistrationService
from registration.candidates.application.register_candidate import RegisterCandidateRequest

pytestmark = pytest.mark.integration

COHORT = [
    ("5107", "510701450691000"),
    ("5107", "510702450691000"),
    ("5107", "510703450691000"),
    ("5108", "510801450691000"),
]


async def progress(schema: str) -> dict[str, int]:
    conn = await admin_connection()
    try:
        rows = await conn.fetch(f'SELECT * FROM "{schema}".district_progress')
    finally:
        await conn.close()
    return {row["district_code"]: row["registered"] for row in rows}


async def test_progress_counts_registrations_and_survives_a_rebuild() -> None:
    async with fresh_schema("reg") as schema:
        service = RegistrationService(
            load_settings(), schema=schema, database=TEST_DATABASE, run_relay=False
        )
        await service.start()
        try:
            for i, (district, nik_prefix) in enumerate(COHORT):
                await service.handler()(
                    RegisterCandidateRequest(
                        client_id=uuid.uuid4(),
                        full_name=f"Peserta {i}",
                        nik=f"{nik_prefix}{i + 1}",
                        email=f"p{i}@example.id",
                        district_code=district,
                    )
                )
            expected = {"5107": 3, "5108": 1}

            async def counted() -> bool:
                return await progress(schema) == expected

            await wait_until(counted, timeout=30, what="progress projection caught up")
            rebuild = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "registration.rebuild",
                "district_progress",
                "--schema",
                schema,
                "--database",
                TEST_DATABASE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            output, _ = await rebuild.communicate()
            assert rebuild.returncode == 0, output.decode()
            assert "rebuilt up to log position 4" in output.decode()
            assert await progress(schema) == expected
        finally:
            await service.stop()
