"""Register a cooperative in the registry: one cooperative per legal number (nomor badan hukum).
Registering the same cooperative again with the same data is a retry and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID, uuid4

from eventkit.conflicts import refused_if_raced
from eventkit.store import EventStore
from kompeten_contracts.errors import conflict
from registration.catalogue.application.invalid_models import as_field_errors
from registration.catalogue.application.ports import LegalNumberIndex
from registration.catalogue.domain.cooperative import (
    Cooperative,
    CooperativeRegistered,
    RegisterCooperative,
    decide_register,
)
from registration.shared.application.ports import UnitOfWork
from registration.shared.application.repositories import Cooperatives, cooperatives


@dataclass(frozen=True)
class RegisterCooperativeRequest:
    name: str
    kind: str
    legal_number: str
    district_code: str
    province_code: str
    cooperative_id: UUID | None = None


@dataclass(frozen=True)
class CooperativeRegistration:
    cooperative_id: UUID
    replayed: bool


@dataclass
class RegisterCooperativeHandler:
    uow: UnitOfWork
    store: EventStore
    legal_numbers: LegalNumberIndex
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    cooperatives: Cooperatives = field(init=False)

    def __post_init__(self) -> None:
        self.cooperatives = cooperatives(self.store)

    async def __call__(
        self, request: RegisterCooperativeRequest, actor: UUID
    ) -> CooperativeRegistration:
        cooperative_id = request.cooperative_id or uuid4()
        with as_field_errors():
            command = RegisterCooperative(
                cooperative_id=cooperative_id,
                name=request.name,
                kind=request.kind,  # type: ignore[arg-type]
                legal_number=request.legal_number,
                district_code=request.district_code,
                province_code=request.province_code,
                registered_by=actor,
                registered_at=self.clock(),
            )
            [registered] = decide_register(Cooperative(), command)
        async with refused_if_raced(), self.uow.transaction() as tx:
            owner = await self.legal_numbers.claim(tx, registered.legal_number, cooperative_id)
            if owner is None:
                await self.cooperatives.append(cooperative_id, 0, [registered], tx=tx)
                return CooperativeRegistration(cooperative_id, replayed=False)
        existing = await self.registered(owner)
        if existing is not None and _same(existing, registered):
            return CooperativeRegistration(owner, replayed=True)
        raise conflict(
            "legal_number",
            "nomor badan hukum ini sudah terdaftar untuk koperasi lain",
            "this legal number is already registered to another cooperative",
        )

    async def registered(self, cooperative_id: UUID) -> CooperativeRegistered | None:
        return (await self.cooperatives.load(cooperative_id)).state.registered


def _same(one: CooperativeRegistered, other: CooperativeRegistered) -> bool:
    fields = {"name", "kind", "legal_number", "district_code", "province_code"}
    return one.model_dump(include=fields) == other.model_dump(include=fields)
