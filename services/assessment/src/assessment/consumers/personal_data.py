"""What assessment takes from the internal personal-data topic (kompeten.internal.personal-data,
not a public contract): each accepted candidate's details, sealed by registration under the
person's key, kept as received in the inbox's transaction, for the assessor's roster. An internal
subscriber (registry INTERNAL): never in the subscription catalogue, partners never see it."""

from __future__ import annotations

from typing import Any

from assessment.bootstrap import AssessmentService
from eventkit.inbox import InboxConsumer
from kompeten_contracts.internal import INTERNAL, PERSONAL_DATA, HolderDetailsSealedV1
from servicekit.consumers import Subscriber

personal_data: Subscriber[AssessmentService] = Subscriber(
    "assessment", PERSONAL_DATA, "personal-data", registry=INTERNAL
)


@personal_data.handles(
    HolderDetailsSealedV1,
    "Keeps each accepted candidate's name, sealed, for the roster of their session's assessors.",
)
async def details_sealed(service: AssessmentService, tx: Any, event: HolderDetailsSealedV1) -> None:
    await service.sealed_details().keep(tx, event)


def subscribe(service: AssessmentService) -> InboxConsumer:
    return personal_data.consumer(
        service, service.pool, service.schema, service.settings.kafka_bootstrap,
        topic=service.personal_data_topic, group=f"{service.group_id}-personal-data",
    )  # fmt: skip
