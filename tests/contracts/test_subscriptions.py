"""The published catalogue of who consumes what is exactly what the services' code handles."""

from __future__ import annotations

import pytest

from assessment.consumers.personal_data import personal_data as assessment_names
from certificate.consumers.personal_data import personal_data as certificate_holders
from kompeten_contracts import catalog
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealLodgedV1,
    RecommendationPublishedV1,
)
from kompeten_contracts.internal import PERSONAL_DATA, HolderDetailsSealedV1
from kompeten_contracts.registration import CandidateRegisteredV1
from kompeten_contracts.registry import UnknownEventType
from kompeten_contracts.schemes import SchemeVersionPublishedV1
from servicekit.consumers import Subscriber, catalogue

from .subscriptions import FILE, SUBSCRIBERS, generated


def test_the_committed_catalogue_is_generated_from_the_consumers() -> None:
    assert FILE.read_text() == generated(), (
        "stale: run `python -m tests.contracts.subscriptions write`, then "
        "`python -m kompeten_contracts.asyncapi write`"
    )


def test_assessment_is_documented_as_consuming_what_it_handles_and_nothing_else() -> None:
    consumed = {e for s in catalog.subscriptions("assessment") for e in s.events}
    # Scheme versions: the units question banks are checked against (assessment.intake).
    assert consumed == {CandidateRegisteredV1, ApplicationAcceptedV1, SchemeVersionPublishedV1}
    assert catalog.problems() == []


def test_certificate_is_documented_as_consuming_recommendations_appeals_and_schemes() -> None:
    # The scheme versions give the titles a printed certificate shows (certificate.schemes).
    subscriptions = catalog.subscriptions("certificate")
    found = {(s.topic, e): s.consumer_group for s in subscriptions for e in s.events}
    assert found == {
        ("kompeten.assessment.events", RecommendationPublishedV1): "certificate",
        ("kompeten.assessment.events", AppealLodgedV1): "certificate",
        ("kompeten.assessment.events", AppealDecidedV1): "certificate",
        ("kompeten.registration.events", SchemeVersionPublishedV1): "certificate",
    }  # the internal personal-data topic is not a public subscription


def test_the_internal_personal_data_subscriptions_are_not_public_ones() -> None:
    """Assessment (the roster's names) and certificate (the holder's name) read the sealed
    personal data on the internal topic; no catalogue, schema or AsyncAPI document names it."""
    internal = [assessment_names, certificate_holders]
    assert all(s.topic == PERSONAL_DATA and not s.public for s in internal)
    assert catalogue(internal) == [] and PERSONAL_DATA not in FILE.read_text()
    assert not any(s.topic == PERSONAL_DATA for s in SUBSCRIBERS)


def test_an_internal_record_cannot_be_declared_on_a_public_subscription() -> None:
    public: Subscriber[object] = Subscriber("assessment", PERSONAL_DATA, "names")
    with pytest.raises(UnknownEventType):
        public.handles(HolderDetailsSealedV1, "would document an internal record")
