"""The catalog is sound, and public events carry no personal data."""

from typing import Any

from kompeten_contracts import REGISTRY, catalog
from kompeten_contracts.catalog import PUBLIC_EVENTS, Publication, Published, Subscription
from kompeten_contracts.registration import CandidateRegisteredV1
from kompeten_contracts.schemas import json_schema
from kompeten_contracts.schemes import SchemeVersionPublishedV1
from kompeten_contracts.topics import REGISTRATION_EVENTS

PERSONAL_WORDS = {"nik", "email", "mail", "phone", "telepon", "hp", "msisdn", "nama"}
PERSONAL_NAMES = {"name", "full_name", "person_name", "candidate_name"}


def test_the_catalog_is_consistent() -> None:
    assert catalog.problems() == []


def test_registration_publishes_and_assessment_consumes_candidate_registered() -> None:
    (publication,) = catalog.publications("registration")
    assert publication.topic == REGISTRATION_EVENTS
    assert CandidateRegisteredV1 in [p.event for p in publication.events]
    consumed = [
        (subscription.topic, event)
        for subscription in catalog.subscriptions("assessment")
        for event in subscription.events
    ]
    assert (REGISTRATION_EVENTS, CandidateRegisteredV1) in consumed
    assert catalog.services() == ["registration", "assessment", "certificate"]


def test_registration_publishes_scheme_versions_keyed_by_scheme() -> None:
    # No service consumes them yet (assessment will, for its instruments): the catalogue of
    # subscriptions is generated from the consumers' code and says so (tests/contracts).
    publication, published = catalog.publication_of(SchemeVersionPublishedV1)
    assert (publication.service, published.key) == ("registration", "scheme-{scheme_code}")


def test_the_key_is_the_aggregate_stream_id() -> None:
    _, published = catalog.publication_of(CandidateRegisteredV1)
    event = REGISTRY.decode(
        CandidateRegisteredV1.ce_type(),
        {
            "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
            "district_code": "3273",
            "registered_at": "2026-03-01T01:30:00Z",
        },
    )
    assert published.key_of(event) == "candidate-3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11"


def test_a_key_made_of_unknown_properties_is_a_problem() -> None:
    wrong = Published(CandidateRegisteredV1, key="candidate-{nik}")
    assert wrong.key_fields() == ["nik"]
    publication = Publication("registration", REGISTRATION_EVENTS, (wrong,), "")
    assert any("unknown: ['nik']" in p for p in catalog.problems([publication], []))


def test_inconsistent_catalogs_are_reported() -> None:
    published = Published(CandidateRegisteredV1, key="candidate-{candidate_id}")
    elsewhere = Publication("assessment", "kompeten.assessment.events", (published,), "")
    found = catalog.problems([elsewhere], [])
    assert any("belongs to registration" in p for p in found)
    wrong_topic = Publication("registration", "kompeten.other", (published,), "")
    assert any("not on its own topic" in p for p in catalog.problems([wrong_topic], []))
    twice = Publication("registration", REGISTRATION_EVENTS, (published, published), "")
    assert any("published twice" in p for p in catalog.problems([twice], []))
    orphan = Subscription(
        "assessment", REGISTRATION_EVENTS, "assessment", (CandidateRegisteredV1,), ""
    )
    assert any("where no service publishes it" in p for p in catalog.problems([], [orphan]))
    stranger = Subscription("billing", REGISTRATION_EVENTS, "billing", (), "")
    assert any("unknown service 'billing'" in p for p in catalog.problems([], [stranger]))


def property_names(node: Any) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            found.append((name, value))
        for value in node.values():
            found.extend(property_names(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(property_names(value))
    return found


def test_public_events_carry_no_personal_data() -> None:
    for event_class in PUBLIC_EVENTS:
        for name, property_schema in property_names(json_schema(event_class)):
            words = set(name.lower().split("_"))
            looks_personal = words & PERSONAL_WORDS or name.lower() in PERSONAL_NAMES
            assert not looks_personal, f"{event_class.ce_type()}: {name!r} looks personal"
            assert property_schema.get("format") not in ("email", "idn-email")
