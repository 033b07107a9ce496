"""The started certificate service (bootstrap.CertificateService), as endpoints receive it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from certificate.bootstrap import CertificateService
from servicekit.root import root_of

Service = Annotated[CertificateService, Depends(root_of(CertificateService))]
