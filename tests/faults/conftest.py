"""The 3-broker KRaft cluster of the local stack, for fault tests that kill a broker.

The cluster is started through the stack script, like a developer would, and stopped at the end
of the session only when this session started it. A cluster that cannot start, or does not
become usable in time, fails the test that asked for it: it never skips.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from eventkit.testing.waiting import wait_until

from .cluster import (
    NODES,
    PROBE_TOPIC,
    KafkaCluster,
    brokers_in_metadata,
    create_replicated_topics,
    stack,
)


@pytest.fixture(scope="session")
async def kafka_cluster(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[KafkaCluster]:
    cluster = KafkaCluster()
    started_file = tmp_path_factory.mktemp("kafka3") / "started"
    ran_before = cluster.live_nodes()
    code, output = await stack(
        "up", "--only", "kafka", "--brokers", "3", "--started-file", str(started_file)
    )
    if code != 0:
        if not ran_before:  # the nodes it started before it failed are ours to stop
            await stack("down", "--only", "kafka3")
        pytest.fail(
            f"the 3-broker Kafka cluster did not start (`python3 deploy/local/stack.py up "
            f"--only kafka --brokers 3` exited {code}):\n{output}",
            pytrace=False,
        )
    started = "kafka3" in started_file.read_text().split(",")
    try:

        async def all_brokers() -> bool:
            return await brokers_in_metadata(cluster.bootstrap) == len(NODES)

        await wait_until(all_brokers, timeout=90, interval=0.5, what="3 brokers in metadata")
        # Usable = a topic replicated on all three can be created and gets its full ISR.
        await create_replicated_topics(cluster.bootstrap, [PROBE_TOPIC], partitions=3)
        yield cluster
    finally:
        if started:
            code, output = await stack("down", "--only", "kafka3")
            assert code == 0, f"stopping the 3-broker cluster failed:\n{output}"
