"""A certificate's life over HTTP, for its LSP's admins: suspend, reinstate, withdraw, replace
with a corrected certificate, issue a duplicate copy; each with a reason code. The answer says
where the certificate stands; the public sees it on the verification page within seconds, and
partners get the public event. Another LSP's certificate answers 404."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from certificate.api.access import Admin
from certificate.api.root import Service
from certificate.issuance.domain.certificate import Status
from certificate.issuance.domain.certificate_events import (
    DuplicateReason,
    ReinstatementReason,
    ReplacementReason,
    SuspensionReason,
    WithdrawalReason,
)
from certificate.lifecycle.application.change_certificate import Standing

router = APIRouter(tags=["lifecycle"])


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SuspendBody(Body):
    reason: SuspensionReason


class ReinstateBody(Body):
    reason: ReinstatementReason


class WithdrawBody(Body):
    reason: WithdrawalReason


class ReplaceBody(Body):
    reason: ReplacementReason


class DuplicateBody(Body):
    reason: DuplicateReason
    copy_id: UUID = Field(description="a new id per copy, made by the client: a retry is one copy")


class CollectionBody(Body):
    collected_on: date = Field(description="the day the holder collected the printed paper")


class StandingOut(BaseModel):
    certificate_id: UUID
    status: Status
    copy_no: int = Field(description="the copy now in the holder's hands (1: the first print)")
    replaced_by: UUID | None


def _out(standing: Standing) -> StandingOut:
    return StandingOut(certificate_id=standing.certificate_id, status=standing.status,
                       copy_no=standing.copy_no, replaced_by=standing.replaced_by)  # fmt: skip


@router.post("/certificates/{certificate_id}/suspension", response_model=StandingOut)
async def suspend(certificate_id: UUID, body: SuspendBody, service: Service, admin: Admin) -> Any:
    change = service.features().change
    return _out(await change.suspend(certificate_id, admin.lsp_id, admin.account_id, body.reason))


@router.post("/certificates/{certificate_id}/reinstatement", response_model=StandingOut)
async def reinstate(
    certificate_id: UUID, body: ReinstateBody, service: Service, admin: Admin
) -> Any:
    change = service.features().change
    return _out(await change.reinstate(certificate_id, admin.lsp_id, admin.account_id, body.reason))


@router.post("/certificates/{certificate_id}/withdrawal", response_model=StandingOut)
async def withdraw(certificate_id: UUID, body: WithdrawBody, service: Service, admin: Admin) -> Any:
    change = service.features().change
    return _out(await change.withdraw(certificate_id, admin.lsp_id, admin.account_id, body.reason))


@router.post("/certificates/{certificate_id}/replacement", response_model=StandingOut)
async def replace(certificate_id: UUID, body: ReplaceBody, service: Service, admin: Admin) -> Any:
    change = service.features().change
    return _out(await change.replace(certificate_id, admin.lsp_id, admin.account_id, body.reason))


@router.post("/certificates/{certificate_id}/duplicates", response_model=StandingOut)
async def duplicate(
    certificate_id: UUID, body: DuplicateBody, service: Service, admin: Admin
) -> Any:
    change = service.features().change
    return _out(await change.duplicate(certificate_id, admin.lsp_id, admin.account_id,
                                       body.reason, body.copy_id))  # fmt: skip


@router.post("/certificates/{certificate_id}/collection", response_model=StandingOut)
async def collected(
    certificate_id: UUID, body: CollectionBody, service: Service, admin: Admin
) -> Any:
    """Record that the holder collected the printed certificate (the copy now in their hands);
    counted as collected in the progress per district and scheme."""
    change = service.features().change
    return _out(await change.collect(certificate_id, admin.lsp_id, admin.account_id,
                                     body.collected_on))  # fmt: skip
