"""What certificate takes from the internal personal-data topic (kompeten.internal.personal-data,
not a public contract): each holder's details, sealed by registration under the holder's key,
kept as received in the inbox's transaction. Not in the subscription catalogue: partners never
see this topic."""

from __future__ import annotations

from typing import Any

from certificate.bootstrap import CertificateService
from eventkit.inbox import InboundMessage, InboxConsumer
from kompeten_contracts.internal import HolderDetailsSealedV1
from kompeten_contracts.topics import dead_letter_topic

SUBSCRIPTION = "certificate.personal-data"


def subscribe(service: CertificateService) -> InboxConsumer:
    async def handle(tx: Any, message: InboundMessage) -> None:
        if message.header("ce_type") != HolderDetailsSealedV1.ce_type():
            return  # another internal record: not ours
        # A record that does not validate fails here and, after the retries, is dead-lettered.
        event = HolderDetailsSealedV1.model_validate_json(message.value)
        await service.features().holders.keep(tx, event)

    group = f"{service.group_id}-personal-data"
    return InboxConsumer(
        service.pool, service.schema, service.settings.kafka_bootstrap,
        [service.personal_data_topic], group_id=group, subscription=SUBSCRIPTION,
        handler=handle, dead_letter_topic=dead_letter_topic(group),
    )  # fmt: skip
