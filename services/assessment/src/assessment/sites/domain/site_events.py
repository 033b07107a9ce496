"""What happens to a test site (TUK), and what may be asked of it: its kinds, the commands
and the events of its stream (site.py decides and folds them)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class SiteKind(StrEnum):
    SEWAKTU = "sewaktu"
    TEMPAT_KERJA = "tempat_kerja"
    MANDIRI = "mandiri"


class TrainingCentre(StrEnum):
    """A government training centre serving as the site: a (central) BLK/BPVP, or a regional
    UPTD training unit."""

    BLK_BPVP = "blk_bpvp"
    UPTD = "uptd"


class SiteMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: UUID
    lsp_id: UUID | None
    actor: UUID
    at: datetime


class RegisterTestSite(SiteMessage):
    kind: SiteKind
    training_centre: TrainingCentre | None = None
    name: str
    address: str
    district_code: str
    capacity: int


class SetEquipment(SiteMessage):
    scheme_code: str
    items: tuple[str, ...]


class VerifyTestSite(SiteMessage):
    verified_on: date
    valid_until: date


class SetHeads(SiteMessage):
    """The staff accounts (role test_site_head) who head this site: they receive its
    assessors' reports (FR.AK.05)."""

    head_ids: tuple[UUID, ...]


class TestSiteRegistered(RegisterTestSite):
    pass


class TestSiteEquipmentSet(SetEquipment):
    pass


class TestSiteVerified(VerifyTestSite):
    pass


class TestSiteHeadsSet(SetHeads):
    pass


TestSiteEvent = TestSiteRegistered | TestSiteEquipmentSet | TestSiteVerified | TestSiteHeadsSet
EVENTS: tuple[type[TestSiteEvent], ...] = (
    TestSiteRegistered,
    TestSiteEquipmentSet,
    TestSiteVerified,
    TestSiteHeadsSet,
)
