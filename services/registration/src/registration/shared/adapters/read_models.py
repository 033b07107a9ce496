"""The one list of registration's read models built from its log into tables: installed with
the schema, followed by the running service, rebuilt by `python -m registration.rebuild`."""

from __future__ import annotations

from collections.abc import Callable

from eventkit.projection import Projection
from registration.applications.adapters.application_queue import ApplicationQueueProjection
from registration.candidates.adapters.district_progress import DistrictProgress
from registration.catalogue.adapters.cooperative_directory import CooperativeProjection
from registration.catalogue.adapters.scheme_catalogue import SchemeCatalogueProjection
from registration.cohorts.adapters.progress_view import ProgressView
from registration.cohorts.adapters.scheme_progress_view import SchemeProgressView

# By projection name (which is also the name `registration.rebuild` takes).
READ_MODELS: dict[str, Callable[[str], Projection]] = {
    read_model.name: read_model
    for read_model in (
        DistrictProgress,
        ProgressView,
        CooperativeProjection,
        SchemeCatalogueProjection,
        ApplicationQueueProjection,
        SchemeProgressView,
    )
}


def read_models(schema: str) -> list[Projection]:
    return [read_model(schema) for read_model in READ_MODELS.values()]
