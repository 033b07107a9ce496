"""Register a candidate: validate, apply once per client id, one person per NIK.

Two ways in: a signed-in candidate account registers its own person (the e-mail is the
account's verified one, and the account is linked to the new candidate), or staff register
someone with an e-mail, which that person's later sign-up links to. Callers inside the
service (cohort import, tests) pass no actor and act as staff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from eventkit.conflicts import refused_if_raced
from eventkit.idempotency import IdempotencyConflict, StoredResponse, fingerprint
from eventkit.pii import keyed_hash
from eventkit.store import EventStore
from kompeten_contracts.errors import Refusal, conflict, invalid
from kompeten_contracts.roles import Role
from registration.candidates.application.ports import NikIndex
from registration.candidates.domain.candidate import Candidate, RegisterCandidate, decide_register
from registration.candidates.domain.nik import InvalidNik, parse_nik
from registration.identity.application import codes
from registration.identity.application.ports import Actor, EmailIndex
from registration.identity.application.rate_limits import RateLimiter
from registration.identity.domain import account
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import Accounts, Candidates, accounts, candidates

SCOPE = "register_candidate"


@dataclass(frozen=True)
class RegisterCandidateRequest:
    client_id: UUID
    full_name: str
    nik: str
    email: str | None
    district_code: str
    actor: Actor | None = None


@dataclass(frozen=True)
class Registration:
    candidate_id: UUID
    replayed: bool


def _conflict(field: str, reason_id: str, reason_en: str) -> Refusal:
    return conflict(field, reason_id, reason_en)


@dataclass
class RegisterCandidateHandler:
    uow: UnitOfWork
    store: EventStore
    vault: Any
    idempotency: Any
    nik_index: NikIndex
    hash_secret: bytes
    emails: EmailIndex
    limiter: RateLimiter
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    accounts: Accounts = field(init=False)
    candidates: Candidates = field(init=False)

    def __post_init__(self) -> None:
        self.accounts, self.candidates = accounts(self.store), candidates(self.store)

    async def __call__(self, request: RegisterCandidateRequest) -> Registration:
        try:
            nik = parse_nik(request.nik)
        except InvalidNik as exc:
            raise invalid("nik", exc.reason_id, exc.reason_en) from exc
        actor = request.actor
        self_registering = actor is not None and actor.role is Role.CANDIDATE
        if not self_registering and not request.email:
            raise invalid("email", "wajib diisi", "Field required")
        if self_registering:
            assert actor is not None  # NIK refusals to a candidate are limited per account
            await self.limiter.within("nik_refused", str(actor.account_id), self.clock(), "nik")
        request_print = fingerprint(
            {
                "nik": nik.value,
                "full_name": request.full_name,
                "email": request.email,
                "district_code": request.district_code,
                "actor": str(actor.account_id) if actor else None,
            }
        )
        async with refused_if_raced(), self.uow.transaction() as tx:
            try:
                stored = await self.idempotency.claim(
                    tx, SCOPE, str(request.client_id), request_print
                )
            except IdempotencyConflict as exc:
                raise invalid(
                    "client_id",
                    "client_id sudah dipakai untuk data pendaftaran yang berbeda",
                    "client_id was already used for a different registration",
                ) from exc
            if stored is not None:
                return Registration(UUID(stored.body["candidate_id"]), replayed=True)
            candidate_id = uuid4()
            now = self.clock()
            nik_hash = keyed_hash(self.hash_secret, nik.value)
            if await self.nik_index.claim(tx, nik_hash, candidate_id) is not None:
                if self_registering:
                    assert actor is not None
                    await self.limiter.count("nik_refused", str(actor.account_id), now)
                # Names no holder: the refusal says only that the NIK is taken.
                raise _conflict("nik", "NIK ini sudah terdaftar", "this NIK is already registered")
            if self_registering:
                assert actor is not None
                email = await self._link_own_account(tx, actor.account_id, candidate_id, now)
            else:
                email = codes.normalize_email(request.email or "")
            await self._bind_email(tx, email, candidate_id, now)
            personal = await self.vault.seal(
                tx, candidate_id, {"nik": nik.value, "full_name": request.full_name, "email": email}
            )
            command = RegisterCandidate(
                candidate_id=candidate_id,
                district_code=request.district_code,
                nik_hash=nik_hash,
                personal=personal,
                registered_at=now,
            )
            events = decide_register(Candidate(), command)
            await self.candidates.append(candidate_id, 0, events, tx=tx)
            await self.idempotency.complete(
                tx,
                SCOPE,
                str(request.client_id),
                StoredResponse(201, {"candidate_id": str(candidate_id)}),
            )
        return Registration(candidate_id, replayed=False)

    async def _link_own_account(
        self, tx: Any, account_id: UUID, candidate_id: UUID, now: datetime
    ) -> str:
        loaded = await self.accounts.load(account_id)
        state = loaded.state
        if not state.open or state.personal is None:
            raise _conflict("Authorization", "akun tidak aktif", "the account is not active")
        if state.candidate_id is not None:
            raise _conflict(
                "Authorization",
                "akun ini sudah terdaftar sebagai peserta",
                "this account is already registered as a candidate",
            )
        opened = await self.vault.open(tx, account_id, state.personal)
        events = account.decide_link(state, candidate_id, now)
        await self.accounts.append(account_id, loaded.version, events, tx=tx)
        await self.emails.link_account(tx, account_id, candidate_id)
        return str(opened["email"])

    async def _bind_email(self, tx: Any, email: str, candidate_id: UUID, now: datetime) -> None:
        # The e-mail is how the person signs in, so it may lead to one candidate only; the
        # person stays identified by NIK.
        email_hash = codes.email_hash(self.hash_secret, email)
        if await self.emails.claim_candidate(tx, email_hash, candidate_id) is not None:
            raise _conflict(
                "email",
                "e-mail ini sudah dipakai peserta lain",
                "this e-mail already belongs to another candidate",
            )
        found = await self.emails.account(tx, email_hash)
        if found is None or found.candidate_id == candidate_id:
            return
        if found.candidate_id is not None:
            raise _conflict(
                "email",
                "e-mail ini sudah dipakai peserta lain",
                "this e-mail already belongs to another candidate",
            )
        loaded = await self.accounts.load(found.account_id)
        if loaded.state.role is Role.CANDIDATE:  # signed up before staff registered them: link
            events = account.decide_link(loaded.state, candidate_id, now)
            await self.accounts.append(found.account_id, loaded.version, events, tx=tx)
            await self.emails.link_account(tx, found.account_id, candidate_id)
