"""Create the topics a process publishes to, with the partition count the design asks for,
instead of relying on broker auto-creation defaults."""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError


async def ensure_topics(
    bootstrap_servers: str, names: list[str], partitions: int = 12, replication: int = 1
) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in names if n not in existing]
        if missing:
            try:
                await admin.create_topics(
                    [
                        NewTopic(name, num_partitions=partitions, replication_factor=replication)
                        for name in missing
                    ]
                )
            except TopicAlreadyExistsError:
                pass  # another process created it between our list and create: same outcome
    finally:
        await admin.close()
