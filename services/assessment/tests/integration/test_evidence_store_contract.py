"""The contract of the evidence store port (evidence.application.ports.EvidenceStore), run
against every adapter of it: the filesystem's, in a fresh folder, and the S3-compatible
store's, in a fresh bucket of a real S3 server (moto_server) this module starts on loopback
and stops after (no fake in the process): the same suite holds both to the same promises.
Then what only the S3 adapter has: its settings, and an object altered in the bucket."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from s3_server import fresh_bucket, s3_server, s3_store

from assessment.evidence.adapters.filesystem_store import FilesystemEvidenceStore
from assessment.evidence.adapters.s3_store import S3EvidenceStore, object_key, s3_client
from assessment.evidence.adapters.store_setting import (
    NoEvidenceStore,
    evidence_store_from_environment,
)
from assessment.evidence.application.ports import EvidenceStore

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def s3_endpoint() -> AsyncIterator[str]:
    async with s3_server() as endpoint:
        yield endpoint


def filesystem(folder: Path, s3_endpoint: str) -> EvidenceStore:
    return FilesystemEvidenceStore(folder / "evidence")


def s3(folder: Path, s3_endpoint: str) -> EvidenceStore:
    return s3_store(s3_endpoint)


STORES: dict[str, Callable[[Path, str], EvidenceStore]] = {"filesystem": filesystem, "s3": s3}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str) -> EvidenceStore:
    return STORES[request.param](tmp_path, s3_endpoint)


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


async def test_an_object_altered_in_the_bucket_is_never_given_as_the_file(
    s3_endpoint: str,
) -> None:
    location = fresh_bucket(s3_endpoint)
    store = S3EvidenceStore.at(location)
    await store.put(named(PHOTO), PHOTO)
    s3_client(location).put_object(
        Bucket=location.bucket, Key=object_key(named(PHOTO)), Body=PHOTO[:-1] + b"\x00"
    )
    with pytest.raises(ValueError, match="does not hold the content"):
        await store.get(named(PHOTO))


def test_the_s3_store_is_chosen_by_the_environment_and_the_folder_stays_the_default(
    tmp_path: Path,
) -> None:
    chosen = evidence_store_from_environment({
        "KOMPETEN_EVIDENCE_STORE": "s3", "KOMPETEN_EVIDENCE_S3_BUCKET": "evidence",
        "KOMPETEN_EVIDENCE_S3_ENDPOINT": "http://127.0.0.1:9000",
        "KOMPETEN_EVIDENCE_S3_ACCESS_KEY_ID": "k", "KOMPETEN_EVIDENCE_S3_SECRET_ACCESS_KEY": "s",
    })  # fmt: skip
    assert isinstance(chosen, S3EvidenceStore) and chosen.bucket == "evidence"
    assert chosen.client.meta.endpoint_url == "http://127.0.0.1:9000"
    local = evidence_store_from_environment({"KOMPETEN_EVIDENCE_DIR": str(tmp_path)})
    assert isinstance(local, FilesystemEvidenceStore) and local.root == tmp_path
    for wrong in ({"KOMPETEN_EVIDENCE_STORE": "s3"}, {"KOMPETEN_EVIDENCE_STORE": "ftp"}):
        with pytest.raises(NoEvidenceStore):
            evidence_store_from_environment(wrong)
