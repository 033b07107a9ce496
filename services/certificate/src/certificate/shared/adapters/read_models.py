"""The one list of certificate's read models built from its log into tables: installed with
the schema and followed by the running service."""

from __future__ import annotations

from collections.abc import Callable

from certificate.issuance.adapters.certificate_register import CertificateRegisterProjection
from certificate.printing.adapters.holds import OpenAppealsProjection
from certificate.printing.adapters.print_batch_view import PrintBatchViewProjection
from certificate.recommendations.adapters.recommendation_listing import (
    RecommendationListingProjection,
)
from certificate.reporting.adapters.progress_view import ProgressProjection
from certificate.status_lists.adapters.status_entries import StatusEntriesProjection
from eventkit.projection import Projection

# By projection name.
READ_MODELS: dict[str, Callable[[str], Projection]] = {
    read_model.name: read_model
    for read_model in (
        RecommendationListingProjection,
        CertificateRegisterProjection,
        PrintBatchViewProjection,
        OpenAppealsProjection,
        ProgressProjection,
        StatusEntriesProjection,
    )
}


def read_models(schema: str) -> list[Projection]:
    return [read_model(schema) for read_model in READ_MODELS.values()]
