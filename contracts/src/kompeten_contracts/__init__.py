"""Kompeten public wire contracts: envelope, topics, versioned public events, type registry.

Importing the package registers every public event of the catalog in `REGISTRY`. This package
imports only pydantic and the standard library (FastStream only in `kompeten_contracts.asyncapi`).
"""

from __future__ import annotations

from kompeten_contracts.base import PublicEvent
from kompeten_contracts.catalog import PUBLIC_EVENTS
from kompeten_contracts.envelope import Envelope, MissingHeaderError
from kompeten_contracts.registration import CandidateRegisteredV1
from kompeten_contracts.registry import REGISTRY, TypeRegistry, UnknownEventType, encode
from kompeten_contracts.topics import (
    ASSESSMENT_EVENTS,
    CERTIFICATE_EVENTS,
    PARTITIONS,
    REGISTRATION_EVENTS,
    SERVICES,
    SURVEILLANCE_EVENTS,
    dead_letter_topic,
    events_topic,
)

for _event in PUBLIC_EVENTS:
    REGISTRY.register(_event)
del _event

__all__ = [
    "ASSESSMENT_EVENTS",
    "CERTIFICATE_EVENTS",
    "PARTITIONS",
    "REGISTRATION_EVENTS",
    "REGISTRY",
    "SERVICES",
    "SURVEILLANCE_EVENTS",
    "CandidateRegisteredV1",
    "Envelope",
    "MissingHeaderError",
    "PublicEvent",
    "TypeRegistry",
    "UnknownEventType",
    "dead_letter_topic",
    "encode",
    "events_topic",
]
