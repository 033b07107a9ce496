"""The storage port of evidence files: content kept by its SHA-256, written once, read back
whole. The filesystem adapter keeps it locally; production's S3-compatible object store
(MinIO, Ceph, a cloud bucket) sits behind the same port. Both are held to one contract suite
(tests/integration/test_evidence_store_contract.py):

- `put(content_hash, content)`: keeps `content` under its hash. Refuses (ValueError) content
  whose SHA-256 is not `content_hash`, keeping nothing. The same content again is no error and
  changes nothing; so are two puts of it at once. Once `put` returns the content is durable
  (what a crash then loses is not the store's to lose).
- `get(content_hash)`: the whole content, or None when none is kept; never part of a file a
  `put` is still writing.
- `exists(content_hash)`: whether `get` would find it.
A hash that is not 64 lowercase hex digits is refused (ValueError) by all three: it never
becomes a path or an object key.

An S3 adapter keeps a file as one object `sha256/<hh>/<hash>` put with the
`x-amz-checksum-sha256` header (the store checks the content) and `If-None-Match: *`
(a second put of the same content is a 412, answered as success)."""

from __future__ import annotations

from typing import Protocol


class EvidenceStore(Protocol):
    async def put(self, content_hash: str, content: bytes) -> None: ...

    async def get(self, content_hash: str) -> bytes | None: ...

    async def exists(self, content_hash: str) -> bool: ...
