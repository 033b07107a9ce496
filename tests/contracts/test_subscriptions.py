"""The published catalogue of who consumes what is exactly what the services' code handles."""

from __future__ import annotations

from kompeten_contracts import catalog
from kompeten_contracts.applications import ApplicationAcceptedV1
from kompeten_contracts.assessment import (
    AppealDecidedV1,
    AppealLodgedV1,
    RecommendationPublishedV1,
)
from kompeten_contracts.registration import CandidateRegisteredV1
from kompeten_contracts.schemes import SchemeVersionPublishedV1

from .subscriptions import FILE, generated


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
