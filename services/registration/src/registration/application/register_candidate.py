"""Register a candidate: validate, apply once per client id, one person per NIK."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from eventkit.idempotency import IdempotencyConflict, StoredResponse, fingerprint
from eventkit.pii import keyed_hash
from eventkit.store import EventStore, NewEvent
from registration.application.errors import FieldConflict, FieldError
from registration.application.ports import NikIndex, UnitOfWork
from registration.domain.candidate import (
    Candidate,
    RegisterCandidate,
    decide_register,
    stream_id,
)
from registration.domain.nik import InvalidNik, parse_nik

SCOPE = "register_candidate"


@dataclass(frozen=True)
class RegisterCandidateRequest:
    client_id: UUID
    full_name: str
    nik: str
    email: str
    district_code: str


@dataclass(frozen=True)
class Registration:
    candidate_id: UUID
    replayed: bool


@dataclass
class RegisterCandidateHandler:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    idempotency: Any
    nik_index: NikIndex
    hash_secret: bytes
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    async def __call__(self, request: RegisterCandidateRequest) -> Registration:
        try:
            nik = parse_nik(request.nik)
        except InvalidNik as exc:
            raise FieldError("nik", exc.reason_id, exc.reason_en) from exc
        request_print = fingerprint(
            {
                "nik": nik.value,
                "full_name": request.full_name,
                "email": request.email,
                "district_code": request.district_code,
            }
        )
        async with self.uow.transaction() as tx:
            try:
                stored = await self.idempotency.claim(
                    tx, SCOPE, str(request.client_id), request_print
                )
            except IdempotencyConflict as exc:
                raise FieldError(
                    "client_id",
                    "client_id sudah dipakai untuk data pendaftaran yang berbeda",
                    "client_id was already used for a different registration",
                ) from exc
            if stored is not None:
                return Registration(UUID(stored.body["candidate_id"]), replayed=True)
            candidate_id = uuid4()
            nik_hash = keyed_hash(self.hash_secret, nik.value)
            if await self.nik_index.claim(tx, nik_hash, candidate_id) is not None:
                raise FieldConflict(
                    "nik", "NIK ini sudah terdaftar", "this NIK is already registered"
                )
            personal = await self.vault.seal(
                tx,
                candidate_id,
                {"nik": nik.value, "full_name": request.full_name, "email": request.email},
            )
            command = RegisterCandidate(
                candidate_id=candidate_id,
                district_code=request.district_code,
                nik_hash=nik_hash,
                personal=personal,
                registered_at=self.clock(),
            )
            events = decide_register(Candidate(), command)
            await self.store.append(
                stream_id(candidate_id),
                0,
                [NewEvent(type(e).__name__, e.model_dump(mode="json")) for e in events],
                tx=tx,
            )
            await self.idempotency.complete(
                tx,
                SCOPE,
                str(request.client_id),
                StoredResponse(201, {"candidate_id": str(candidate_id)}),
            )
        return Registration(candidate_id, replayed=False)
