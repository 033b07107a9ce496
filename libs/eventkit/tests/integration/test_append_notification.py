"""The store's notification after an append names the types written, and a follower of other
types is not woken by it (a hall's answer saves no longer wake every read model)."""

from __future__ import annotations

from typing import Any, TypeAlias

import asyncpg
import pytest

from eventkit.store import NewEvent, PostgresEventStore
from eventkit.store.schema import notify_channel
from eventkit.testing.waiting import wait_until
from eventkit.wakeup import Wakeup

pytestmark = pytest.mark.integration
Pool: TypeAlias = "asyncpg.Pool[Any]"


async def test_the_notification_names_the_appended_types_and_wakes_only_their_followers(
    pg_event_store: PostgresEventStore, event_store_pool: Pool, event_store_schema: str
) -> None:
    payloads: list[str] = []
    answers, sessions, everyone = Wakeup({"AnswersRecorded"}), Wakeup({"SessionClosed"}), Wakeup()

    def heard(*args: Any) -> None:
        payloads.append(args[3])

    async with event_store_pool.acquire() as conn:
        await conn.add_listener(notify_channel(event_store_schema), heard)
        async with (
            answers.listening(conn, notify_channel(event_store_schema)),
            sessions.listening(conn, notify_channel(event_store_schema)),
            everyone.listening(conn, notify_channel(event_store_schema)),
        ):
            await pg_event_store.append(
                "attempt-1", 0, [NewEvent("AnswersRecorded", {}), NewEvent("AttemptScored", {})]
            )

            async def everyone_woken() -> bool:
                # Listeners are called in the order they were added: `sessions` before it.
                return everyone._flag.is_set()

            await wait_until(everyone_woken, timeout=5, what="the notification")
        await conn.remove_listener(notify_channel(event_store_schema), heard)
    assert payloads == ["2 AnswersRecorded,AttemptScored"]
    assert answers._flag.is_set() and everyone._flag.is_set()
    assert not sessions._flag.is_set()


def test_a_notification_naming_no_types_wakes_every_follower() -> None:
    follower = Wakeup({"SessionClosed"})
    follower.appended(None, 1, "channel", "17")
    assert follower._flag.is_set()
