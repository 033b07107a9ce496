"""The candidate app's budgets (issue 12, item 5), measured: Lighthouse's mobile performance and
accessibility scores of each main screen and the initial JavaScript gzipped.

    make lighthouse        (KOMPETEN_DEVELOPMENT=1 uv run python -m bench.web_budgets)

Builds the app (web/build.sh, which prints and checks the JavaScript budget), installs the pinned
Lighthouse (bench/lighthouse/package-lock.json, `npm ci`), starts registration, assessment and
certificate on fresh schemas of the test database (needs `make stack`: PostgreSQL, Kafka, the SMTP
sink), serves the built app and their APIs behind the project's nginx config
(deploy/local/proxy.py) on a free loopback port, and signs a candidate up through the API as the
app would (the code read from the SMTP sink), registers them and starts their application, so the
screens behind sign-in show real data; assessment schedules their cashier exam (the start code out)
and certificate (its own fresh schema and key store) issues their certificate, for the exam and
certificate screens. bench/lighthouse/audit.mjs then runs Lighthouse in Debian's Chromium on each
screen: Lighthouse's mobile defaults (emulated phone, simulated slow 4G and 4x CPU slowdown), a
fresh browser profile per screen, the phone's IndexedDB holding the session (and the application)
as the app keeps them after sign-in. Prints per screen the scores against the budgets (performance
>= 90, accessibility >= 95) and writes everything to bench/results/lighthouse-<UTC timestamp>.json.
A benchmark, not a test: it exits 0 with a missed budget printed as MISSED (exit 1 only when it
could not measure).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

# The test support modules that prepare an exam hall and an issued certificate, as the browser
# tests do (pytest puts them on the path from pyproject.toml).
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / f"services/{s}/tests/support") for s in ("assessment", "certificate")]

from certificate_stack import api_of, running_certificate  # noqa: E402

from assessment.api.app import create_app as assessment_app  # noqa: E402
from certificate.api.app import create_app as certificate_app  # noqa: E402
from eventkit.settings import load_settings  # noqa: E402
from eventkit.testing.infra import fresh_schema, unique_topic  # noqa: E402
from eventkit.testing.mail import code_in, mail_with_subject  # noqa: E402
from eventkit.testing.waiting import wait_until  # noqa: E402
from registration.api.app import create_app as registration_app  # noqa: E402
from registration.identity.application.codes import SUBJECT as CODE_SUBJECT  # noqa: E402
from registration.seed import seed  # noqa: E402
from tests.browser import certificate_office, exam_hall  # noqa: E402
from tests.browser.serving import CHROMIUM, build_web, free_port, http_server, nginx  # noqa: E402
from tests.conftest import Wiring  # noqa: E402
from tests.services import running_assessment, running_registration  # noqa: E402

AUDIT = ROOT / "bench" / "lighthouse"
RESULTS = ROOT / "bench" / "results"
BUDGETS = {"performance": 90, "accessibility": 95}
JS_BUDGET_BYTES = 100 * 1024
NAME, NIK, DISTRICT = "Ni Made Sari", "5107014506910001", "5107"


def install_lighthouse() -> None:
    """The pinned Lighthouse, from the committed lockfile, when it is not installed yet."""
    marker = AUDIT / "node_modules" / ".package-lock.json"
    lock = AUDIT / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    print("[lighthouse] installing the pinned Lighthouse (npm ci)", flush=True)
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        cwd=AUDIT,
        check=True,
    )


async def signed_up_candidate(api: httpx.AsyncClient) -> dict[str, Any]:
    """A candidate as the app leaves one on the phone: the account's session after the mailed
    code, then the candidate's after registering by NIK, and a started application."""
    email = f"lighthouse.{uuid.uuid4().hex[:8]}@example.id"
    (await api.post("/auth/sign-up", json={"email": email})).raise_for_status()
    async with httpx.AsyncClient(timeout=30) as sink:
        mail = await mail_with_subject(email, CODE_SUBJECT, client=sink)
    verified = await api.post("/auth/verify", json={"email": email, "code": code_in(mail)})
    verified.raise_for_status()
    account = {**verified.json(), "email": email}  # as web/src/screens/SignIn.tsx keeps it
    registered = await api.post(
        "/candidates",
        json={"client_id": str(uuid.uuid4()), "full_name": NAME, "nik": NIK,
              "district_code": DISTRICT},
        headers={"Authorization": f"Bearer {account['token']}"},
    )  # fmt: skip
    registered.raise_for_status()
    candidate = {**account, **registered.json()}
    start_client_id = str(uuid.uuid4())
    started = await api.post(
        "/applications",
        json={"client_id": start_client_id},
        headers={"Authorization": f"Bearer {candidate['token']}"},
    )
    started.raise_for_status()
    application = {
        "candidate_id": candidate["candidate_id"],
        "start_client_id": start_client_id,
        "application_id": started.json()["application_id"],
    }
    return {"account": account, "candidate": candidate, "application": application}


def screens(base: str, people: dict[str, Any]) -> list[dict[str, Any]]:
    """Each main screen: its address and what the phone's IndexedDB ("kompeten", store "kv")
    holds before it opens, as the app leaves it (web/src/session.ts, application.ts)."""
    account, candidate = people["account"], people["candidate"]
    signed_in = {
        "session": {key: candidate[key] for key in ("token", "account_id", "candidate_id", "email")}
    }
    # Signed in with the mailed code, not registered by NIK yet: the registration screen.
    registering = {"session": {**account, "candidate_id": None}}
    with_application = {
        **signed_in,
        f"application:{candidate['candidate_id']}": people["application"],
    }
    return [
        {"name": "sign-in", "url": f"{base}/", "kv": {}, "budgeted": True},
        {"name": "registration", "url": f"{base}/", "kv": registering, "budgeted": True},
        {"name": "profile", "url": f"{base}/#/profil", "kv": signed_in, "budgeted": True},
        {"name": "apl01", "url": f"{base}/#/apl01", "kv": with_application, "budgeted": True},
        {"name": "status", "url": f"{base}/#/status", "kv": with_application, "budgeted": True},
        {"name": "exams", "url": f"{base}/#/ujian", "kv": signed_in, "budgeted": True},
        {
            "name": "exam",
            "url": f"{base}/#/ujian/{people['attempt_id']}",
            "kv": signed_in,
            "budgeted": True,
        },
        {"name": "certificates", "url": f"{base}/#/sertifikat", "kv": signed_in, "budgeted": True},
        {
            "name": "certificate",
            "url": f"{base}/#/sertifikat/{people['certificate_id']}",
            "kv": signed_in,
            "budgeted": True,
        },
        {"name": "console-sign-in", "url": f"{base}/console/", "kv": {}, "budgeted": False},
    ]


async def audit(plan: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Lighthouse in a child process, awaited: this process's event loop serves the APIs."""
    plan_file, out_file = folder / "plan.json", folder / "audit.json"
    plan_file.write_text(json.dumps(plan))
    node = await asyncio.create_subprocess_exec(
        "node", str(AUDIT / "audit.mjs"), str(plan_file), str(out_file)
    )
    if await node.wait() != 0:
        raise RuntimeError(f"bench/lighthouse/audit.mjs exited {node.returncode}")
    found: dict[str, Any] = json.loads(out_file.read_text())
    return found


async def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    dist = build_web()
    built = json.loads((dist / "build.json").read_text())
    install_lighthouse()
    settings = load_settings()
    async with fresh_schema("lhreg") as registration_schema, fresh_schema("lhass") as ass_schema:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        wiring = Wiring(
            replace(settings, app_url=f"{base}/"),
            registration_schema,
            ass_schema,
            unique_topic("kompeten.registration.events"),
            f"lighthouse-{uuid.uuid4().hex[:8]}",
        )
        async with (
            running_registration(wiring) as registration,
            running_assessment(wiring) as assessment,
            running_certificate() as certificate,
            api_of(certificate) as certificate_api,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=assessment_app(assessment)), base_url="http://t"
            ) as assessment_api,
            http_server(registration_app(registration)) as registration_port,
            http_server(assessment_app(assessment)) as assessment_port,
            http_server(certificate_app(certificate)) as certificate_port,
            nginx(
                port,
                {"registration": registration_port, "assessment": assessment_port,
                 "certificate": certificate_port},
                folder / "proxy",
                dist,
            ),
        ):  # fmt: skip
            catalogue = registration.catalogues()
            await seed(catalogue)
            await wait_until(
                lambda: catalogue.scheme_catalogue.published_version("KOP-KASIR", 1),
                timeout=30,
                what="the seeded scheme in the catalogue",
            )
            async with httpx.AsyncClient(base_url=f"{base}/api/registration", timeout=30) as api:
                people = await signed_up_candidate(api)
            # The candidate's exam (session scheduled, start code out) and certificate, so
            # the exam and certificate screens show theirs.
            holder = uuid.UUID(people["candidate"]["candidate_id"])
            lsp = await exam_hall.seeded_cashier_bank(assessment)  # registration's seeded LSP
            planned = await exam_hall.planned(assessment, assessment_api, lsp, holder)
            shown = await certificate_office.issued(certificate, certificate_api, lsp, holder, NAME)
            people |= {"attempt_id": planned.attempt_id, "certificate_id": shown["certificate_id"]}
            plan = {
                "chromium": str(CHROMIUM),
                "runs": args.runs,
                "only": args.only,
                "screens": screens(base, people),
            }
            audited = await audit(plan, folder)
    return {"build": built, **audited}


def report(found: dict[str, Any]) -> list[str]:
    js = found["build"]["js_gzip_bytes"]
    verdict = "MET" if js <= JS_BUDGET_BYTES else "MISSED"
    lines = [
        f"initial JavaScript {found['build']['js']}: {js / 1024:.1f} KB gzipped "
        f"(budget {JS_BUDGET_BYTES // 1024} KB) {verdict}",
        f"Lighthouse {found['lighthouse']}, {found['browser']}, {found['settings']}",
        f"{'screen':<18} {'perf':>5} {'a11y':>5}  {'FCP':>6} {'LCP':>6} {'TBT':>6} {'CLS':>6}"
        "  360x640  verdict",
    ]
    for screen in found["screens"]:
        perf, a11y = screen["performance"], screen["accessibility"]
        met = perf >= BUDGETS["performance"] and a11y >= BUDGETS["accessibility"]
        met = met and not screen["alerts"]  # an error screen's scores are not the screen's
        m = screen["metrics"]
        verdict = ("MET" if met else "MISSED") if screen["budgeted"] else "(extra)"
        fits = "fits" if screen["fits_360"] else "OVERFLOWS"
        lines.append(
            f"{screen['name']:<18} {perf:>5} {a11y:>5}  {m['fcp_ms'] / 1000:>5.1f}s "
            f"{m['lcp_ms'] / 1000:>5.1f}s {m['tbt_ms']:>4.0f}ms {m['cls']:>6.3f}  {fits:<8} "
            f"{verdict}"
        )
        lines.append(f"    h1: {screen['heading']}")
        for alert in screen["alerts"]:
            lines.append(f"    SHOWS AN ERROR (role=alert): {alert}")
        for failed in screen["failed_audits"]:
            lines.append(f"    {failed}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per screen (median reported)")
    parser.add_argument("--only", default="", help="comma-separated screen names")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} missing: python3 deploy/local/stack.py browser-tools", file=sys.stderr)
        return 1
    if shutil.which("node") is None:
        print("node is missing: bash web/build.sh installs Node.js and npm", file=sys.stderr)
        return 1
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        found = asyncio.run(measure(args, Path(tmp)))
    found["budgets"] = {**BUDGETS, "js_gzip_bytes": JS_BUDGET_BYTES}
    found["machine"] = {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    found["started"] = started.isoformat()
    found["seconds"] = round((datetime.now(UTC) - started).total_seconds(), 1)
    lines = report(found)
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"lighthouse-{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(found, indent=2))
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
