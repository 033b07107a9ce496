"""The started assessment service (bootstrap.AssessmentService), as endpoints receive it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from assessment.bootstrap import AssessmentService
from servicekit.root import root_of

Service = Annotated[AssessmentService, Depends(root_of(AssessmentService))]
