"""The contract of the evidence store port (evidence.application.ports.EvidenceStore), run
against every adapter of it: today the filesystem's, in a fresh folder. Production's
S3-compatible store joins `STORES` when its adapter is built, run against a real S3-compatible
server the test starts (no fake): the same suite holds it to the same promises."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from assessment.evidence.adapters.filesystem_store import FilesystemEvidenceStore
from assessment.evidence.application.ports import EvidenceStore

pytestmark = pytest.mark.integration


async def filesystem(folder: Path) -> AsyncIterator[EvidenceStore]:
    yield FilesystemEvidenceStore(folder / "evidence")


STORES: dict[str, Callable[[Path], AsyncIterator[EvidenceStore]]] = {"filesystem": filesystem}


@pytest.fixture(params=sorted(STORES))
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EvidenceStore]:
    async for made in STORES[request.param](tmp_path):
        yield made


def named(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


PHOTO = b"\xff\xd8\xff\xe0" + os.urandom(300_000)


async def test_what_is_put_is_got_back_whole_by_its_hash(store: EvidenceStore) -> None:
    assert not await store.exists(named(PHOTO))
    assert await store.get(named(PHOTO)) is None
    await store.put(named(PHOTO), PHOTO)
    assert await store.exists(named(PHOTO))
    assert await store.get(named(PHOTO)) == PHOTO


async def test_the_same_content_again_or_at_once_is_one_file(store: EvidenceStore) -> None:
    await asyncio.gather(*(store.put(named(PHOTO), PHOTO) for _ in range(8)))
    await store.put(named(PHOTO), PHOTO)
    assert await store.get(named(PHOTO)) == PHOTO


async def test_content_that_is_not_its_hash_is_refused_and_nothing_is_kept(
    store: EvidenceStore,
) -> None:
    other = PHOTO + b"\x00"
    with pytest.raises(ValueError, match="SHA-256"):
        await store.put(named(PHOTO), other)
    assert not await store.exists(named(PHOTO))
    assert await store.get(named(PHOTO)) is None


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "AB" * 32, "ab" * 31, "ab" * 32 + "/x", "", "ab" * 32 + "\x00"]
)
async def test_a_key_that_is_not_a_sha256_never_becomes_a_path(
    store: EvidenceStore, key: str
) -> None:
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: store.put(key, PHOTO), lambda: store.get(key), lambda: store.exists(key),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(ValueError):
            await call()


async def test_a_reader_never_sees_part_of_a_file_being_written(store: EvidenceStore) -> None:
    large = os.urandom(8 * 1024 * 1024)
    seen: list[int] = []

    async def read_while_writing() -> None:
        for _ in range(200):
            found = await store.get(named(large))
            seen.append(-1 if found is None else len(found))
            if found is not None:
                return

    await asyncio.gather(store.put(named(large), large), read_while_writing())
    assert set(seen) <= {-1, len(large)}
    assert await store.get(named(large)) == large
