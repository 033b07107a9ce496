"""The started registration service (bootstrap.RegistrationService), as endpoints receive it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from registration.bootstrap import RegistrationService
from servicekit.root import root_of

Service = Annotated[RegistrationService, Depends(root_of(RegistrationService))]
