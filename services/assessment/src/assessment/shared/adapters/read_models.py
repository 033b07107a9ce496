"""The one list of assessment's read models built from its log into tables: installed with
the schema and followed by the running service."""

from __future__ import annotations

from collections.abc import Callable

from assessment.appeals.adapters.appeal_listing import AppealListingProjection
from assessment.appeals.adapters.attempt_outcomes import AttemptOutcomesProjection
from assessment.assessors.adapters.assessor_listing import AssessorListingProjection
from assessment.banks.adapters.bank_catalogue import BankCatalogueProjection
from assessment.capture.adapters.captured_records import CapturedRecordsProjection
from assessment.exams.adapters.attempts_view import AttemptsProjection
from assessment.planning.adapters.sessions_view import SessionsProjection
from assessment.progress.adapters.progress_view import ProgressProjection
from assessment.sites.adapters.site_listing import SiteListingProjection
from assessment.training.adapters.completions_view import CompletionsProjection
from eventkit.projection import Projection

# By projection name.
READ_MODELS: dict[str, Callable[[str], Projection]] = {
    read_model.name: read_model
    for read_model in (
        SiteListingProjection,
        AssessorListingProjection,
        SessionsProjection,
        AttemptsProjection,
        BankCatalogueProjection,
        CapturedRecordsProjection,
        CompletionsProjection,
        AppealListingProjection,
        AttemptOutcomesProjection,
        ProgressProjection,
    )
}


def read_models(schema: str) -> list[Projection]:
    return [read_model(schema) for read_model in READ_MODELS.values()]
