"""Evidence files in a local folder, by content hash: `<root>/<first two hex digits>/<hash>`.

Why written this way: a file is written under a temporary name in its final folder, flushed to
disk, then renamed into place (a rename within one filesystem is atomic), so a reader finds
either the whole file or none, and two uploads of the same content at once both end with the
one file. The hash is checked against the content before anything is written, and is only
ever used as a path after matching 64 lowercase hex digits."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from assessment.evidence.domain.evidence_file import is_content_hash


def checked(content_hash: str) -> str:
    if not is_content_hash(content_hash):
        raise ValueError("an evidence file's key is its SHA-256: 64 lowercase hex digits")
    return content_hash


class FilesystemEvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, content_hash: str) -> Path:
        return self.root / content_hash[:2] / checked(content_hash)

    async def put(self, content_hash: str, content: bytes) -> None:
        if hashlib.sha256(content).hexdigest() != checked(content_hash):
            raise ValueError("the content's SHA-256 is not the hash it is put under")
        await asyncio.to_thread(self._write, self.path(content_hash), content)

    async def get(self, content_hash: str) -> bytes | None:
        return await asyncio.to_thread(self._read, self.path(content_hash))

    async def exists(self, content_hash: str) -> bool:
        return await asyncio.to_thread(self.path(content_hash).is_file)

    @staticmethod
    def _write(path: Path, content: bytes) -> None:
        if path.is_file():
            return  # the same hash: the same content, kept already
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power cut
        finally:
            os.close(folder)

    @staticmethod
    def _read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
