"""Arm issue: a cohort's certificates (1,000) issued, rendered and merged into one print file
through the certificate service's own path, vs fpdf2 alone drawing the same pages.

Ours, per round, a new LSP and session in one running service (bench.certificate_cohort: the
real CertificateService, its PostgreSQL schema, its consumers, relay and print worker):
untimed, the scheme, the holders' sealed details and the recommendations arrive through Kafka;
timed (1), a decision maker decides the session through the API (`POST
/sessions/{id}/decisions`): each decision and its certificate (number, Ed25519-signed QR
payload) appended in one transaction; untimed, the holders sign their agreements (a person's
act, not the machine's) and the read models show them released; timed (2), the LSP's admin asks
for the session's print batch and the print worker checks readiness, opens every name from its
sealed copy, renders each page (fpdf2, calibrated, a QR code each) and stores the one merged
file. Figure: certificates / (time 1 + time 2).

Baseline: fpdf2 alone drawing the same layout for as many pages into one document (the merged
file), at fixed positions (bench.arm_pdf.bare_fpdf2), with the same 12-unit pages and QR
payloads of the same size. Target: ours >= 0.8x."""

from __future__ import annotations

import time
import uuid
from importlib import metadata

from bench import arm_pdf
from bench.certificate_cohort import (
    PROFILE,
    admin,
    api_of,
    certificate_service,
    decide,
    issued,
    print_batch,
    receive,
    sign,
)
from bench.config import Config
from bench.harness import (
    ArmResult,
    Measure,
    Sample,
    Side,
    Target,
    interleave,
    run_guarded,
    say,
)
from certificate.bootstrap import CertificateService

TITLE = "certificates issued, rendered and merged into one print file, per second"
RATIO = 0.8


def ours(service: CertificateService, count: int, extra: dict[str, Side]) -> Measure:
    async def one(_: int) -> Sample:
        lsp, session = uuid.uuid4(), uuid.uuid4()
        async with api_of(service) as api:
            answer = await api.put("/print-profile", json=PROFILE, headers=admin(lsp))
            assert answer.status_code == 200, answer.text
            await receive(service, lsp, session, count)
            t0 = time.perf_counter()
            await decide(api, lsp, session, count)
            issuing = time.perf_counter() - t0
            rows = await issued(service, lsp, session, count, "awaiting_agreement")
            await sign(api, rows)
            await issued(service, lsp, session, count, "valid")
            t1 = time.perf_counter()
            batch = await print_batch(service, api, lsp, session)
            printing = time.perf_counter() - t1
        if batch["pages"] != count:
            raise RuntimeError(f"printed {batch['pages']} pages of {count}: {batch['counts']}")
        extra["issuing"].samples.append(Sample(count / issuing))
        extra["printing"].samples.append(Sample(count / printing))
        total = issuing + printing
        return Sample(count / total, {"issue_seconds": round(issuing, 2),
                                      "print_seconds": round(printing, 2),
                                      "file_bytes": batch.get("size_bytes")})  # fmt: skip

    return one


def baseline(count: int) -> Measure:
    prints = arm_pdf.pages(count)

    async def one(_: int) -> Sample:
        t0 = time.perf_counter()
        pdf = arm_pdf.bare_fpdf2(prints)
        seconds = time.perf_counter() - t0
        return Sample(count / seconds, {"seconds": round(seconds, 2), "bytes": len(pdf)})

    return one


async def _arm(cfg: Config) -> list[ArmResult]:
    unit = "certificates/s"
    result = ArmResult(
        arm="issue", title=TITLE,
        ours=Side("ours: decided, issued, signed, rendered, merged", unit),
        baseline=Side("fpdf2 alone drawing the same pages", unit),
        targets=[Target(f"ours/fpdf2 alone >= {RATIO}", "ratio", "higher", RATIO)],
        extra_figures={"issuing": Side("ours: issuance alone (decisions + certificates)", unit),
                       "printing": Side("ours: print batch alone (request to merged file)",
                                        unit)},
        settings={"certificates": cfg.issue_certificates, "rounds": cfg.issue_rounds,
                  "units_per_certificate": 12, "qr": "version 18, level Q",
                  "fpdf2": metadata.version("fpdf2"),
                  "untimed": "recommendations, holders and scheme received through Kafka; "
                             "agreements signed through the API"},
    )  # fmt: skip
    assert result.baseline is not None
    async with certificate_service() as service:
        await interleave(cfg.issue_rounds, ours(service, cfg.issue_certificates,
                                                result.extra_figures),
                         baseline(cfg.issue_certificates), label="issue",
                         ours_side=result.ours, baseline_side=result.baseline)  # fmt: skip
    result.notes.append("one service process: the relay, consumers, read models and print "
                        "worker run beside the timed work, as in production")  # fmt: skip
    return [result]


async def run(cfg: Config) -> list[ArmResult]:
    say("[issue]")
    target = [Target(f"ours/fpdf2 alone >= {RATIO}", "ratio", "higher", RATIO)]
    return await run_guarded("issue", TITLE, lambda: target, lambda: _arm(cfg))
