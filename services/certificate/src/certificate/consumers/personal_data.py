"""What certificate takes from the internal personal-data topic (kompeten.internal.personal-data,
not a public contract): each holder's details, sealed by registration under the holder's key,
kept as received in the inbox's transaction. An internal subscriber (registry INTERNAL): never
in the subscription catalogue, partners never see this topic."""

from __future__ import annotations

from typing import Any

from certificate.bootstrap import CertificateService
from eventkit.inbox import InboxConsumer
from kompeten_contracts.internal import INTERNAL, PERSONAL_DATA, HolderDetailsSealedV1
from servicekit.consumers import Subscriber

personal_data: Subscriber[CertificateService] = Subscriber(
    "certificate", PERSONAL_DATA, "personal-data", registry=INTERNAL
)


@personal_data.handles(
    HolderDetailsSealedV1, "Keeps each holder's printed details, sealed, for the certificate."
)
async def holder_details_sealed(
    service: CertificateService, tx: Any, event: HolderDetailsSealedV1
) -> None:
    await service.features().holders.keep(tx, event)


def subscribe(service: CertificateService) -> InboxConsumer:
    return personal_data.consumer(
        service, service.pool, service.schema, service.settings.kafka_bootstrap,
        topic=service.personal_data_topic, group=f"{service.group_id}-personal-data",
    )  # fmt: skip
