from eventkit.store.memory import InMemoryEventStore
from eventkit.store.model import (
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    JsonDict,
    NewEvent,
    RecordedEvent,
)
from eventkit.store.postgres import PostgresEventStore, create_pool
from eventkit.store.schema import install_event_store

__all__ = [
    "ConcurrencyError",
    "DuplicateEventError",
    "EventStore",
    "InMemoryEventStore",
    "JsonDict",
    "NewEvent",
    "PostgresEventStore",
    "RecordedEvent",
    "create_pool",
    "install_event_store",
]
