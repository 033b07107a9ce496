from eventkit.store.model import (
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    JsonDict,
    NewEvent,
    RecordedEvent,
)

__all__ = [
    "ConcurrencyError",
    "DuplicateEventError",
    "EventStore",
    "JsonDict",
    "NewEvent",
    "RecordedEvent",
]
