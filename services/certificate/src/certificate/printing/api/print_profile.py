"""An LSP's print profile over HTTP: its admins set what certificates say of the LSP and how
its printer lines up its pre-printed blanks, print the calibration test page, and send where
the test page's marks landed to have the calibration corrected."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from certificate.api.access import Admin, Follower
from certificate.api.root import Service
from certificate.printing.application.print_profiles import no_profile
from certificate.printing.application.render_batch import letterhead_of
from certificate.printing.domain.calibration import Calibration, Measured
from certificate.printing.domain.print_profile import PrintProfileSet

router = APIRouter(tags=["printing"])
Text = Annotated[str, Field(max_length=200)]


class CalibrationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    offset_x_mm: float = Field(default=0.0, description="moves every point right (mm), ±20")
    offset_y_mm: float = Field(default=0.0, description="moves every point down (mm), ±20")
    scale: float = Field(default=1.0, description="from the sheet's top left corner, 0.9-1.1")


class PrintProfileBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lsp_name: Text = Field(description="the LSP's name as certificates print it")
    licence: Text | None = Field(None, description="the LSP's licence number (BNSP)")
    city: Text = Field(description="where certificates are signed")
    signatory_name: Text
    signatory_title: Text
    calibration: CalibrationBody = Field(default_factory=CalibrationBody)
    preprinted: StrictBool = Field(False, description="the blanks carry the fixed text already")


class PrintProfileOut(BaseModel):
    lsp_name: str
    licence: str | None
    city: str
    signatory_name: str
    signatory_title: str
    calibration: CalibrationBody
    preprinted: bool


def _out(profile: PrintProfileSet) -> PrintProfileOut:
    return PrintProfileOut(**profile.model_dump(include=set(PrintProfileOut.model_fields)))


@router.put("/print-profile", response_model=PrintProfileOut)
async def set_print_profile(
    body: PrintProfileBody, service: Service, admin: Admin
) -> PrintProfileOut:
    calibration = Calibration.checked(**body.calibration.model_dump())
    fields = body.model_dump(exclude={"calibration"})
    handlers = service.features().printing.profiles
    return _out(await handlers.set(admin.lsp_id, admin.account_id, calibration=calibration,
                                   **fields))  # fmt: skip


@router.get("/print-profile", response_model=PrintProfileOut)
async def get_print_profile(service: Service, staff: Follower) -> PrintProfileOut:
    current = await service.features().printing.profiles.current(staff.lsp_id)
    if current is None:
        raise no_profile()
    return _out(current)


@router.get(
    "/print-profile/test-page.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "print on a blank"}},
)
async def calibration_test_page(service: Service, admin: Admin) -> Response:
    printing = service.features().printing
    current = await printing.profiles.current(admin.lsp_id)
    if current is None:
        raise no_profile()
    pdf = printing.renderer.test_page(letterhead_of(current), current.calibration)
    return Response(pdf, media_type="application/pdf")


class MeasuredBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a_x_mm: float = Field(ge=0, le=210, description="mark A's centre from the left edge (mm)")
    a_y_mm: float = Field(ge=0, le=297, description="mark A's centre from the top edge (mm)")
    b_x_mm: float = Field(ge=0, le=210, description="mark B's centre from the left edge (mm)")


@router.post("/print-profile/measurements", response_model=PrintProfileOut)
async def correct_calibration(
    body: MeasuredBody, service: Service, admin: Admin
) -> PrintProfileOut:
    handlers = service.features().printing.profiles
    await handlers.measured(admin.lsp_id, admin.account_id, Measured(**body.model_dump()))
    current = await handlers.current(admin.lsp_id)
    assert current is not None
    return _out(current)
