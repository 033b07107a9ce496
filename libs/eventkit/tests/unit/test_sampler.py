"""Which journeys are traced: every one in development, a share in production, decided once at
the journey's root and followed by every service after it."""

from __future__ import annotations

import uuid

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.sampling import Decision, Sampler
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from eventkit.telemetry import PRODUCTION_TRACE_RATIO, default_sampler


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KOMPETEN_DEVELOPMENT", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG"):
        monkeypatch.delenv(name, raising=False)


def sampled_share(sampler: Sampler, roots: int = 20_000) -> float:
    sampled = sum(
        sampler.should_sample(None, uuid.uuid4().int >> 64, "command").decision
        == Decision.RECORD_AND_SAMPLE
        for _ in range(roots)
    )
    return sampled / roots


def follows(sampler: Sampler, parent_sampled: bool) -> bool:
    """Whether a span in a journey whose root decided `parent_sampled` is recorded (the
    consumer's span of a record whose traceparent came from another service)."""
    flags = TraceFlags(TraceFlags.SAMPLED if parent_sampled else TraceFlags.DEFAULT)
    parent = SpanContext(uuid.uuid4().int >> 64, uuid.uuid4().int >> 64, True, flags)
    context = trace.set_span_in_context(NonRecordingSpan(parent))
    decision = sampler.should_sample(context, parent.trace_id, "process").decision
    return decision == Decision.RECORD_AND_SAMPLE


@pytest.mark.usefixtures("production")
def test_production_traces_a_share_of_journeys_and_each_whole() -> None:
    sampler = default_sampler()
    assert sampler is not None
    assert 0.005 < sampled_share(sampler) < 0.02 and PRODUCTION_TRACE_RATIO == 0.01
    # Every later span follows the root's decision, whatever its own trace id: a sampled
    # journey is one whole trace, an unsampled one has no spans anywhere.
    assert all(follows(sampler, parent_sampled=True) for _ in range(200))
    assert not any(follows(sampler, parent_sampled=False) for _ in range(200))


@pytest.mark.usefixtures("production")
def test_the_standard_argument_sets_the_production_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_TRACES_SAMPLER_ARG", "0.5")
    sampler = default_sampler()
    assert sampler is not None and 0.45 < sampled_share(sampler) < 0.55


@pytest.mark.usefixtures("production")
def test_development_traces_every_journey(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMPETEN_DEVELOPMENT", "1")
    sampler = default_sampler()
    assert sampler is not None and sampled_share(sampler, 1000) == 1.0
    assert follows(sampler, parent_sampled=True)
    assert not follows(sampler, parent_sampled=False), "a remote root's no is kept"


@pytest.mark.usefixtures("production")
def test_the_standard_variable_is_left_to_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "parentbased_always_off")
    assert default_sampler() is None


@pytest.mark.usefixtures("production")
def test_a_benchmark_in_development_mode_can_sample_as_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOMPETEN_DEVELOPMENT", "1")
    sampler = default_sampler(development=False)
    assert sampler is not None and sampled_share(sampler) < 0.02
