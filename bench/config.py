"""How big and how long each arm runs: the full run (`make bench`) and `--quick`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

ARMS = (
    "append",
    "batch",
    "relay",
    "consumer",
    "e2e",
    "rss",
    "cohort",
    "phones",
    "rebuild",
    "answers",
    "finalise",
    "pdf",
    "issue",
    "sign",
    "verify",
    "qr",
)


@dataclass(frozen=True)
class Config:
    rounds: int = 5
    append_seconds: float = 4.0
    append_clients: int = 16
    batch_events: int = 100_000
    batch_size: int = 1_000
    relay_events: int = 1_000_000
    relay_rounds: int = 3
    consumer_events: int = 100_000
    e2e_rate: float = 500.0
    e2e_seconds: float = 30.0
    e2e_rounds: int = 3
    rss_seconds: float = 60.0
    rss_rate: float = 100.0
    cohort_rows: int = 10_000
    phones: int = 200
    phone_rate: float = 300.0
    phone_seconds: float = 20.0
    phone_rounds: int = 3
    # Processes of the registration service the phones spread over (replicas, as production
    # runs more than one behind its load balancer); 1: a single process, as `make up` runs it.
    phone_replicas: int = 1
    # Exam answers (arm answers): phones in one started session, one record per request.
    answer_phones: int = 300
    answer_rate: float = 1000.0  # offered for the p99 target
    answer_peak_rate: float = 1700.0  # offered for the sustained-rate target
    answer_seconds: float = 10.0
    answer_rounds: int = 3
    # Assessment processes the phones spread over (each phone on one); 1: as `make up` runs it.
    answer_replicas: int = 1
    # Finalising (arm finalise): candidates in the session scored at its deadline.
    finalise_candidates: int = 151
    finalise_rounds: int = 3
    # Candidates whose journeys make the log the rebuild arm replays (~10.4 events each).
    rebuild_candidates: int = 20_000
    # Certificates rendered into one print file by the pdf arm (a cohort: the Karangasem hall).
    pdf_certificates: int = 151
    # Certificate service (arms issue, sign, verify): certificates issued, rendered and merged
    # per round; payloads signed per round; verifications offered per second over how long,
    # against how many issued certificates.
    issue_certificates: int = 1000
    issue_rounds: int = 2
    sign_count: int = 5000
    verify_rate: float = 500.0
    verify_seconds: float = 20.0
    verify_rounds: int = 2
    verify_certificates: int = 1000
    # QR PNGs (arm qr): certificates whose PNG the LSP's admins ask for, closed loop.
    qr_certificates: int = 100
    qr_clients: int = 16
    qr_seconds: float = 10.0
    qr_rounds: int = 3
    # Producer settings shared by the relay and its raw-aiokafka baseline (arm c); None: the
    # relay's own defaults, read from its signature.
    linger_ms: int | None = None
    max_batch_size: int | None = None
    # An OpenTelemetry SDK tracer provider in the measuring processes, as each service's main
    # installs one; --no-tracing measures without (spans are then no-ops).
    tracing: bool = True

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


QUICK = dict(
    rounds=3,
    append_seconds=1.5,
    batch_events=20_000,
    relay_events=50_000,
    relay_rounds=3,
    consumer_events=20_000,
    e2e_seconds=8.0,
    e2e_rounds=2,
    rss_seconds=15.0,
    cohort_rows=2_000,
    phone_seconds=5.0,
    phone_rounds=2,
    rebuild_candidates=6_000,
    answer_seconds=4.0,
    answer_rounds=2,
    finalise_rounds=2,
    issue_certificates=200,
    issue_rounds=1,
    verify_seconds=5.0,
    verify_certificates=200,
    qr_certificates=50,
    qr_seconds=4.0,
    qr_rounds=2,
)


def quick(base: Config) -> Config:
    return replace(base, **QUICK)  # type: ignore[arg-type]
