"""Evidence files in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, a cloud's object store),
one object per file: `sha256/<first two hex digits>/<hash>`.

Why written this way:
- boto3's client is synchronous and thread-safe; each call runs in a worker thread
  (asyncio.to_thread) so the event loop never waits on the network.
- `put` checks the hash against the content first, then sends `x-amz-checksum-sha256` (the
  store refuses a body that arrived damaged) and `If-None-Match: *` (an object is written
  once: the same content again is a 412 from the store, answered as success, and two puts at
  once leave one object; a 409, S3's "another conditional write is in flight", is tried again
  until it becomes that 412).
- An object is visible only once its upload completed (S3 PUT is atomic), so a reader never
  sees part of a file; `get` checks the content against its key before returning it.
- The hash is used as a key only after matching 64 lowercase hex digits."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from assessment.evidence.adapters.filesystem_store import checked

MISSING = {"NoSuchKey", "404", "NotFound"}
WRITTEN_ALREADY = {"PreconditionFailed", "412"}
WRITE_IN_FLIGHT = {"ConditionalRequestConflict", "409"}
CONFLICT_RETRIES = 5


@dataclass(frozen=True)
class S3Location:
    bucket: str
    endpoint_url: str | None = None  # None: AWS itself
    region: str = "us-east-1"
    access_key_id: str | None = None  # None: boto3's own chain (AWS_* variables, a role)
    secret_access_key: str | None = None


def s3_client(at: S3Location) -> Any:
    config = Config(
        # Path-style keys work with every S3-compatible server (MinIO, moto) and AWS alike.
        s3={"addressing_style": "path"},
        retries={"max_attempts": 5, "mode": "standard"},
        # The SHA-256 checksum is given explicitly; no other is added (not every S3-compatible
        # server accepts the CRC32 botocore would add by default).
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        max_pool_connections=16,
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=at.endpoint_url,
        region_name=at.region,
        aws_access_key_id=at.access_key_id,
        aws_secret_access_key=at.secret_access_key,
        config=config,
    )


def object_key(content_hash: str) -> str:
    return f"sha256/{content_hash[:2]}/{checked(content_hash)}"


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class S3EvidenceStore:
    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    @classmethod
    def at(cls, location: S3Location) -> S3EvidenceStore:
        return cls(s3_client(location), location.bucket)

    async def put(self, content_hash: str, content: bytes) -> None:
        key = object_key(content_hash)
        digest = hashlib.sha256(content).digest()
        if digest.hex() != content_hash:
            raise ValueError("the content's SHA-256 is not the hash it is put under")
        await asyncio.to_thread(self._write, key, content, base64.b64encode(digest).decode())

    async def get(self, content_hash: str) -> bytes | None:
        key = object_key(content_hash)
        content = await asyncio.to_thread(self._read, key)
        if content is not None and hashlib.sha256(content).hexdigest() != content_hash:
            raise ValueError(f"the object {key} does not hold the content of its hash")
        return content

    async def exists(self, content_hash: str) -> bool:
        return await asyncio.to_thread(self._exists, object_key(content_hash))

    def _write(self, key: str, content: bytes, checksum: str) -> None:
        for _ in range(CONFLICT_RETRIES):
            try:
                self.client.put_object(
                    Bucket=self.bucket, Key=key, Body=content, ChecksumSHA256=checksum,
                    IfNoneMatch="*", ContentType="application/octet-stream",
                )  # fmt: skip
                return
            except ClientError as error:
                if _code(error) in WRITTEN_ALREADY:
                    return  # the same key: the same content, kept already
                if _code(error) not in WRITE_IN_FLIGHT:
                    raise
        raise RuntimeError(f"the object {key} stayed in conflicting writes")

    def _read(self, key: str) -> bytes | None:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _code(error) in MISSING:
                return None
            raise
        body: bytes = found["Body"].read()
        return body

    def _exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _code(error) in MISSING:
                return False
            raise
        return True
