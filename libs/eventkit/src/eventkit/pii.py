"""Crypto-shredding of personal data that must enter an append-only log (DESIGN.md §7).

Each person has a random 32-byte data key, stored only wrapped by the service's master key in
`person_keys`. Fields are sealed with AES-256-GCM under that key with the subject id as
associated data. Deleting the key row erases the person from every event holding a sealed
blob without rewriting the log; `open` then returns None and callers show "[dihapus]".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import re
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypedDict
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from eventkit import secrets

if TYPE_CHECKING:
    import asyncpg
    from asyncpg.pool import PoolConnectionProxy

    Conn: TypeAlias = asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]

Fields: TypeAlias = dict[str, str]
Blob: TypeAlias = dict[str, Any]  # a Sealed, as it comes back from JSON
_log = logging.getLogger(__name__)
_warned: set[str] = set()


class Sealed(TypedDict):
    """What `seal` returns (as a plain dict): base64 of AES-GCM over the JSON of all fields."""

    v: int
    subject: str
    nonce: str
    ciphertext: str


class Vault(Protocol):
    """What application code may ask of the personal-data vault (PostgresVault in services,
    InMemoryVault in application tests). `conn` is the open transaction the sealing or opening
    belongs to (None for the in-memory vault)."""

    async def seal(self, conn: Any, subject_id: UUID, fields: Fields) -> Blob: ...

    async def seal_many(self, conn: Any, items: list[tuple[UUID, Fields]]) -> list[Blob]: ...

    async def open(self, conn: Any, subject_id: UUID, sealed: Blob) -> Fields | None: ...

    async def open_many(self, conn: Any, items: list[tuple[UUID, Blob]]) -> list[Fields | None]: ...

    async def erase(self, conn: Any, subject_id: UUID) -> bool:
        """Delete the person's key: every blob sealed for them is unreadable from now on."""
        ...


class VaultError(Exception):
    """A person key does not unwrap with this master key (wrong KOMPETEN_MASTER_KEY?)."""


class SealedDataError(VaultError, ValueError):
    """Sealed data is malformed, belongs to another person or was tampered with."""


class SubjectErased(VaultError):
    """The person was erased: nothing may be sealed for them any more (a new key would undo
    the erasure for whatever is written next)."""

    def __init__(self, subject_id: UUID) -> None:
        super().__init__(f"subject {subject_id} was erased")
        self.subject_id = subject_id


async def install_vault(conn: Conn, schema: str) -> None:
    schema = _checked(schema)
    # No UPDATE grant: a person's key is created once and can be erased, never swapped. An
    # erased person keeps a row with no key (a tombstone), so no later seal creates a new one.
    await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS "{schema}".person_keys (
            subject_id uuid PRIMARY KEY,
            wrapped_key bytea,
            created_at timestamptz NOT NULL DEFAULT now());
        ALTER TABLE "{schema}".person_keys ALTER COLUMN wrapped_key DROP NOT NULL;
        GRANT SELECT, INSERT, DELETE ON "{schema}".person_keys TO kompeten_app;""")


def _checked(schema: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        raise ValueError(f"invalid schema name {schema!r}")
    return schema


def _encrypt(key: bytes, subject: UUID, plaintext: bytes) -> bytes:
    # The subject id as associated data binds the output to one person: moved to another
    # person it fails authentication. Random 96-bit nonces suit the few seals one key sees.
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, _aad(subject))


def _aad(subject: UUID) -> bytes:
    return str(subject).encode()


def derived_key(person_key: bytes, purpose: str) -> bytes:
    """A key for one purpose (`assessment/evidence`, ...), derived from the person's data key by
    HKDF-SHA256 with the purpose as its info: a service seals its own copies of the person's
    data (files, free text) under it without ever storing a key, and the person's erasure (their
    data key deleted) shreds those copies too. Distinct purposes give independent keys."""
    if not re.fullmatch(r"[a-z][a-z0-9_./-]{2,80}", purpose):
        raise ValueError(f"invalid key purpose {purpose!r}")
    info = f"kompeten/derived/{purpose}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(person_key)


def _blob(subject: UUID, sealed: Blob) -> bytes:
    try:
        owner, nonce = UUID(sealed["subject"]), base64.b64decode(sealed["nonce"], validate=True)
        blob = nonce + base64.b64decode(sealed["ciphertext"], validate=True)
    except (KeyError, TypeError, AttributeError, ValueError, binascii.Error) as exc:
        raise SealedDataError(f"malformed sealed personal data ({exc!r})") from exc
    if sealed.get("v") != 1 or len(nonce) != 12:
        raise SealedDataError(f"unsupported sealed personal data (v={sealed.get('v')!r})")
    if owner != subject:
        raise SealedDataError(f"personal data sealed for {owner} cannot be opened as {subject}")
    return blob


class _Vault(ABC):
    """Sealing and opening; subclasses only store the wrapped keys."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the master key must be exactly 32 bytes")
        self._master = master_key

    @abstractmethod
    async def _key_or_create(self, conn: Any, subject: UUID) -> bytes: ...

    @abstractmethod
    async def _keys(self, conn: Any, subjects: list[UUID]) -> dict[UUID, bytes]: ...

    @abstractmethod
    async def _keys_or_create(self, conn: Any, subjects: list[UUID]) -> dict[UUID, bytes]: ...

    @abstractmethod
    async def erase(self, conn: Any, subject_id: UUID) -> bool: ...

    def _unwrap(self, subject: UUID, wrapped: bytes) -> bytes:
        try:
            return AESGCM(self._master).decrypt(wrapped[:12], wrapped[12:], _aad(subject))
        except InvalidTag as exc:
            raise VaultError(f"the key of {subject} does not unwrap with this master key") from exc

    async def seal(self, conn: Any, subject_id: UUID, fields: Fields) -> Blob:
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
            raise TypeError("personal data fields must map str to str")
        key = self._unwrap(subject_id, await self._key_or_create(conn, subject_id))
        blob = _encrypt(key, subject_id, json.dumps(fields, sort_keys=True).encode())
        nonce, ciphertext = (base64.b64encode(part).decode() for part in (blob[:12], blob[12:]))
        return dict(Sealed(v=1, subject=str(subject_id), nonce=nonce, ciphertext=ciphertext))

    async def seal_many(self, conn: Any, items: list[tuple[UUID, Fields]]) -> list[Blob]:
        """`seal` for many people at once (cohort import): their keys in one round trip."""
        for _, fields in items:
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
                raise TypeError("personal data fields must map str to str")
        wrapped = await self._keys_or_create(conn, list({subject for subject, _ in items}))
        keys = {subject: self._unwrap(subject, w) for subject, w in wrapped.items()}
        sealed: list[Blob] = []
        for subject, fields in items:
            blob = _encrypt(keys[subject], subject, json.dumps(fields, sort_keys=True).encode())
            nonce, ciphertext = (base64.b64encode(part).decode() for part in (blob[:12], blob[12:]))
            sealed.append(dict(Sealed(v=1, subject=str(subject), nonce=nonce,
                                      ciphertext=ciphertext)))  # fmt: skip
        return sealed

    async def open(self, conn: Any, subject_id: UUID, sealed: Blob) -> Fields | None:
        return (await self.open_many(conn, [(subject_id, sealed)]))[0]

    async def derived_keys(
        self, conn: Any, subjects: list[UUID], purpose: str
    ) -> dict[UUID, bytes]:
        """`derived_key(person key, purpose)` of each of `subjects` who has a key; a person
        erased (or never given a key) is absent. Never creates a key."""
        wrapped = await self._keys(conn, list(dict.fromkeys(subjects)))
        return {s: derived_key(self._unwrap(s, w), purpose) for s, w in wrapped.items()}

    async def open_many(self, conn: Any, items: list[tuple[UUID, Blob]]) -> list[Fields | None]:
        blobs = [_blob(subject, sealed) for subject, sealed in items]  # refuse bad input first
        wrapped = await self._keys(conn, list({subject for subject, _ in items}))
        keys = {subject: self._unwrap(subject, w) for subject, w in wrapped.items()}
        opened: list[Fields | None] = []
        for (subject, _), blob in zip(items, blobs, strict=True):
            if subject not in keys:
                opened.append(None)  # erased: the data is gone for good
                continue
            try:
                opened.append(
                    json.loads(AESGCM(keys[subject]).decrypt(blob[:12], blob[12:], _aad(subject)))
                )
            except InvalidTag as exc:
                raise SealedDataError(
                    f"personal data of {subject} fails authentication: "
                    "tampered with, or sealed for another person"
                ) from exc
        return opened


class InMemoryVault(_Vault):
    """For unit and application tests; `conn` is ignored."""

    def __init__(self, master_key: bytes) -> None:
        super().__init__(master_key)
        self._wrapped: dict[UUID, bytes] = {}
        self._erased: set[UUID] = set()

    async def _key_or_create(self, conn: Any, subject: UUID) -> bytes:
        if subject in self._erased:
            raise SubjectErased(subject)
        if subject not in self._wrapped:
            self._wrapped[subject] = _encrypt(self._master, subject, os.urandom(32))
        return self._wrapped[subject]

    async def _keys(self, conn: Any, subjects: list[UUID]) -> dict[UUID, bytes]:
        return {s: self._wrapped[s] for s in subjects if s in self._wrapped}

    async def _keys_or_create(self, conn: Any, subjects: list[UUID]) -> dict[UUID, bytes]:
        return {s: await self._key_or_create(conn, s) for s in subjects}

    async def erase(self, conn: Any, subject_id: UUID) -> bool:
        self._erased.add(subject_id)
        return self._wrapped.pop(subject_id, None) is not None


class PostgresVault(_Vault):
    """Keys in `<schema>.person_keys`; every method joins the caller's transaction via conn."""

    def __init__(self, schema: str, master_key: bytes) -> None:
        super().__init__(master_key)
        self._table = f'"{_checked(schema)}".person_keys'

    async def _key_or_create(self, conn: Conn, subject: UUID) -> bytes:
        select = f"SELECT wrapped_key, true AS present FROM {self._table} WHERE subject_id = $1"
        row = await conn.fetchrow(select, subject)
        if row is not None and row["wrapped_key"] is None:
            raise SubjectErased(subject)
        found: bytes | None = None if row is None else row["wrapped_key"]
        if found is None:
            # Two first seals of one person race here. The primary key makes the second INSERT
            # wait for the first transaction; after its commit the INSERT does nothing and the
            # SELECT (a new READ COMMITTED snapshot) reads the winner's key, so both agree.
            await conn.execute(
                f"INSERT INTO {self._table} (subject_id, wrapped_key) VALUES "
                "($1, $2) ON CONFLICT (subject_id) DO NOTHING",
                subject,
                _encrypt(self._master, subject, os.urandom(32)),
            )
            row = await conn.fetchrow(select, subject)
            if row is not None and row["wrapped_key"] is None:
                raise SubjectErased(subject)  # erased while this seal waited on the row
            found = None if row is None else row["wrapped_key"]
        if found is None:
            raise RuntimeError("a person key vanished mid-seal; seal under READ COMMITTED")
        return found

    async def _keys(self, conn: Conn, subjects: list[UUID]) -> dict[UUID, bytes]:
        rows = await conn.fetch(
            f"SELECT subject_id, wrapped_key FROM {self._table} WHERE subject_id = ANY($1::uuid[])",
            subjects,
        )
        return {r["subject_id"]: r["wrapped_key"] for r in rows if r["wrapped_key"] is not None}

    async def _keys_or_create(self, conn: Conn, subjects: list[UUID]) -> dict[UUID, bytes]:
        # As `_key_or_create`, for many: the INSERT waits on concurrent first seals of the same
        # people and then does nothing; the SELECT reads whichever key won.
        fresh = [_encrypt(self._master, s, os.urandom(32)) for s in subjects]
        await conn.execute(
            f"INSERT INTO {self._table} (subject_id, wrapped_key) SELECT * FROM "
            "unnest($1::uuid[], $2::bytea[]) ON CONFLICT (subject_id) DO NOTHING",
            subjects,
            fresh,
        )
        found = await self._keys(conn, subjects)
        for subject in subjects:
            if subject not in found:
                raise SubjectErased(subject)  # its row is a tombstone: the INSERT did nothing
        return found

    async def erase(self, conn: Conn, subject_id: UUID) -> bool:
        # The key row is replaced by a tombstone in one transaction: a concurrent first seal
        # waits on the row and then finds the tombstone, never a gap to put a new key in.
        async with conn.transaction():  # a savepoint inside the caller's transaction
            status = await conn.execute(
                f"DELETE FROM {self._table} WHERE subject_id = $1 AND wrapped_key IS NOT NULL",
                subject_id,
            )
            await conn.execute(
                f"INSERT INTO {self._table} (subject_id, wrapped_key) VALUES ($1, NULL) "
                "ON CONFLICT (subject_id) DO NOTHING",
                subject_id,
            )
        return bool(status != "DELETE 0")


class PostgresVaultReader(PostgresVault):
    """Opens, never seals nor erases: for a service that holds sealed copies of personal data
    another service keeps the keys of (`<schema>.person_keys` of the key store, through its own
    connection, with SELECT on that table only). Erasure there makes every copy unreadable."""

    async def _key_or_create(self, conn: Any, subject: UUID) -> bytes:
        raise PermissionError("a vault reader does not seal")

    async def _keys_or_create(self, conn: Any, subjects: list[UUID]) -> dict[UUID, bytes]:
        raise PermissionError("a vault reader does not seal")

    async def erase(self, conn: Any, subject_id: UUID) -> bool:
        raise PermissionError("a vault reader does not erase; the key store's owner does")


def keyed_hash(secret: bytes, value: str) -> str:
    """HMAC-SHA256 (hex) of the stripped value: a lookup key that never is the NIK itself."""
    if not secret:
        raise ValueError("keyed_hash needs a non-empty secret")
    return hmac.new(secret, value.strip().encode(), hashlib.sha256).hexdigest()


def master_key_from_env() -> bytes:
    return secrets.secret(secrets.MASTER_KEY)


def hash_secret_from_env() -> bytes:
    return secrets.secret(secrets.HASH_SECRET)


def _keeps_the_protocol(postgres: PostgresVault, memory: InMemoryVault) -> tuple[Vault, Vault]:
    return postgres, memory  # mypy proves both vaults are Vaults
