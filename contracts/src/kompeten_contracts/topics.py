"""Topic names. One public topic per service; key = aggregate id, so one candidate's events
stay in order. Retention is unlimited in production: the topic is a replayable record."""

from __future__ import annotations

SERVICES = ("registration", "assessment", "certificate", "surveillance")
PARTITIONS = 12


def events_topic(service: str) -> str:
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    return f"kompeten.{service}.events"


def dead_letter_topic(consumer_group: str) -> str:
    return f"kompeten.{consumer_group}.dlt"


REGISTRATION_EVENTS = events_topic("registration")
ASSESSMENT_EVENTS = events_topic("assessment")
CERTIFICATE_EVENTS = events_topic("certificate")
SURVEILLANCE_EVENTS = events_topic("surveillance")
