"""The console's share of the demo (`make up`): staff accounts to sign in with, a first wave of
Karangasem's cohort imported and committed, four demo candidates' applications (one accepted,
one returned, two waiting in the queue), a test site and two assessors and a session scheduled
there (the decisions and print batches come from the exam demo_exam.py holds). Safe to run
again: fixed client ids, a kept file and the board's own list make it a retry."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path
from typing import Any

import httpx
from demo_http import until  # deploy/local, beside this script

from kompeten_contracts.roles import Role
from registration.seed.application_sample import cooperative_id, sample_application
from registration.seed.cohort_file import as_csv, staff_rows
from servicekit.auth import bearer_headers

NAMESPACE = uuid.UUID("8b6f3c2e-1d4a-4f59-a0c7-2e9d5b7a1c35")
ADMIN_EMAIL = "admin@lsp-bali.demo.kompeten.id"
OPERATOR_EMAIL = "operator.karangasem@demo.kompeten.id"
DECIDER_EMAIL = "keputusan@lsp-bali.demo.kompeten.id"
WAVE = Path(__file__).resolve().parent / ".run" / "karangasem-gelombang-1.csv"
# The two demo assessors: they sign in to the assessor app with the code mailed to these
# addresses; their staff account's id is their id in assessment.
ASSESSORS = (
    ("asesor.wayan@lsp-bali.demo.kompeten.id", "MET.000.004512 2021"),
    ("asesor.made@lsp-bali.demo.kompeten.id", "MET.000.007730 2022"),
)
KEPT_ACCOUNTS = Path(__file__).resolve().parent / ".run" / "demo-assessor-accounts.json"
MAIL = "http://127.0.0.1:18025"


def client_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def staff_accounts(client: httpx.Client, registration: str, admin: dict[str, str]) -> None:
    """An LSP admin and a decision maker of the first demo LSP and Karangasem's operator; 409:
    opened earlier."""
    for body in (
        {"email": ADMIN_EMAIL, "role": "lsp_admin"},
        {"email": DECIDER_EMAIL, "role": "decision_maker"},
        {"email": OPERATOR_EMAIL, "role": "district_operator", "districts": ["5107"]},
    ):
        opened = client.post(f"{registration}/staff", json=body, headers=admin)
        if opened.status_code not in (201, 409):
            raise RuntimeError(f"opening {body['role']}: {opened.status_code} {opened.text}")


def assessor_accounts(client: httpx.Client, registration: str, admin: dict[str, str]) -> list[str]:
    """The demo assessors' staff accounts, opened once: their account ids. One opened by an
    earlier run (409) is found in the ids the demo kept (per registration address), or else by
    signing in with the code the mail sink received."""
    kept: dict[str, str] = {}
    if KEPT_ACCOUNTS.exists():
        kept = json.loads(KEPT_ACCOUNTS.read_text())
    ids = []
    for email, _ in ASSESSORS:
        key = f"{registration} {email}"
        opened = client.post(f"{registration}/staff", json={"email": email, "role": "assessor"},
                             headers=admin)  # fmt: skip
        if opened.status_code == 201:
            kept[key] = str(opened.json()["account_id"])
        elif opened.status_code != 409:
            raise RuntimeError(f"opening {email}: {opened.status_code} {opened.text}")
        elif key not in kept:
            kept[key] = signed_in(client, registration, email)
        ids.append(kept[key])
    KEPT_ACCOUNTS.parent.mkdir(parents=True, exist_ok=True)
    KEPT_ACCOUNTS.write_text(json.dumps(kept, indent=1))
    return ids


def signed_in(client: httpx.Client, registration: str, email: str) -> str:
    """The account id of `email`, signing in with the newest code the mail sink holds for it."""
    seen = {m["id"] for m in client.get(f"{MAIL}/api/messages", params={"to": email}).json()}
    client.post(f"{registration}/auth/sign-in", json={"email": email}).raise_for_status()

    def code() -> str | None:
        messages = client.get(f"{MAIL}/api/messages", params={"to": email}).json()
        fresh = [m for m in messages if m["id"] not in seen]
        found = re.search(r"\b(\d{6})\b", fresh[-1]["text"]) if fresh else None
        return found.group(1) if found else None

    verified = client.post(f"{registration}/auth/verify", json={
        "email": email, "code": until(code, f"the code mailed to {email}"),
    })  # fmt: skip
    verified.raise_for_status()
    return str(verified.json()["account_id"])


def first_wave(client: httpx.Client, registration: str, operator: dict[str, str]) -> int:
    """60 staff of the 40 cooperatives, imported and committed (the same file on a re-run:
    the same import, already done)."""
    if not WAVE.exists():
        WAVE.parent.mkdir(parents=True, exist_ok=True)
        WAVE.write_bytes(as_csv(staff_rows(60, salt=6, domain="demo.kompeten.id")))
    files = {"file": (WAVE.name, WAVE.read_bytes(), "text/csv")}
    report = client.post(f"{registration}/cohort-imports", files=files, headers=operator).json()
    url = f"{registration}/cohort-imports/{report['import_id']}"
    client.post(f"{url}/commit", headers=operator).raise_for_status()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = client.get(url, headers=operator).json()
        if state["state"] in ("done", "failed"):
            return int(state["registered"])
        time.sleep(0.2)
    raise RuntimeError("the first wave's commit did not finish within 60 s")


def applications(
    client: httpx.Client, registration: str, people: list[tuple[str, str, str, str]],
    admin: dict[str, str],
) -> dict[str, str]:  # fmt: skip
    """Each demo candidate (candidate_id, name, nik, email) applies for the cashier scheme; the
    LSP accepts the first and returns the second. Answers each application's status."""
    scheme = client.get(f"{registration}/schemes/KOP-KASIR/versions/1").json()
    statuses = {}
    for i, (candidate_id, name, nik, email) in enumerate(people):
        phone = bearer_headers(Role.CANDIDATE, candidate_id=uuid.UUID(candidate_id))
        start = {"client_id": client_id("start", nik)}
        started = client.post(f"{registration}/applications", json=start, headers=phone)
        application_id = started.json()["application_id"]
        body = sample_application(i=i, full_name=name, nik=nik, email=email, scheme=scheme)
        submit = {"client_id": client_id("submit", nik), **body}
        url = f"{registration}/applications/{application_id}"
        sent = client.post(f"{url}/submission", json=submit, headers=phone)
        status = sent.json().get("status", "?")
        decision: tuple[str, dict[str, Any]] | None = None
        if i == 0:
            decision = ("acceptance", {})
        elif i == 1:
            reason = {"field": "apl01.personal.address", "reason": "alamat tanpa RT/RW"}
            decision = ("return", {"reasons": [reason]})
        if decision is not None and status == "submitted":
            path, extra = decision
            decision_body = {"client_id": client_id(path, nik), **extra}
            decided = client.post(f"{url}/{path}", json=decision_body, headers=admin)
            status = decided.json().get("status", status)
        statuses[application_id] = status
    return statuses


def planning(
    client: httpx.Client, assessment: str, admin: dict[str, str], assessors: list[str]
) -> None:
    """A test site (BLK Karangasem) equipped and verified for the cashier scheme, two assessors."""
    site = client.post(f"{assessment}/sites", headers=admin, json={
        "kind": "sewaktu", "training_centre": "uptd", "name": "UPTD BLK Karangasem, Aula Utama",
        "address": "Jl. Ngurah Rai, Amlapura, Karangasem", "district_code": "5107",
        "capacity": 160, "client_id": client_id("site", "blk-karangasem"),
    })  # fmt: skip
    site.raise_for_status()
    site_id = site.json()["site_id"]
    items = ["160 meja dan kursi", "proyektor", "kalkulator", "buku kas contoh"]
    client.put(f"{assessment}/sites/{site_id}/equipment/KOP-KASIR", headers=admin,
               json={"items": items}).raise_for_status()  # fmt: skip
    today = date.today()
    client.post(f"{assessment}/sites/{site_id}/verification", headers=admin, json={
        "verified_on": today.isoformat(), "valid_until": (today + timedelta(days=365)).isoformat(),
    }).raise_for_status()  # fmt: skip
    for n, (account_id, (_, met_number)) in enumerate(zip(assessors, ASSESSORS, strict=True)):
        client.post(f"{assessment}/assessors", headers=admin, json={
            "account_id": account_id, "met_number": met_number,
            "licence_valid_until": (today + timedelta(days=700 + 200 * n)).isoformat(),
            "scheme_codes": ["KOP-KASIR", "KOP-BENDAHARA"], "district_code": "5107",
            "cooperative_id": str(cooperative_id(30 + n)),
        }).raise_for_status()  # fmt: skip


WITA = timezone(timedelta(hours=8), "WITA")  # Bali's time


def board(
    client: httpx.Client, assessment: str, admin: dict[str, str], assessors: list[str]
) -> str:
    """A cashier session at the site next Monday, 09:00-12:00 WITA, with both assessors, so the
    planning board shows one; a re-run finds it there (by the board's own list) and adds none."""
    site_id = next(s["site_id"] for s in client.get(f"{assessment}/sites", headers=admin).json()
                   if s["name"].startswith("UPTD BLK Karangasem"))  # fmt: skip
    listed = client.get(f"{assessment}/sessions", headers=admin,
                        params={"site_id": site_id, "status": "scheduled"})  # fmt: skip
    listed.raise_for_status()
    if listed.json():
        return str(listed.json()[0]["session_id"])
    today = date.today()
    monday = today + timedelta(days=7 - today.weekday())
    starts = datetime.combine(monday, clock(9), WITA)
    made = client.post(f"{assessment}/sessions", headers=admin, json={
        "scheme_code": "KOP-KASIR", "scheme_version": 1, "site_id": site_id,
        "district_code": "5107", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(), "exam_minutes": 90,
        "capacity": 40, "assessor_ids": assessors,
    })  # fmt: skip
    made.raise_for_status()
    return str(made.json()["session_id"])


def console_demo(
    registration: str, assessment: str, people: list[tuple[str, str, str, str]], lsp_id: uuid.UUID
) -> tuple[str, list[str]]:
    """Loads the console's demo data; answers what to print about it and the assessors' ids."""
    admin = bearer_headers(Role.LSP_ADMIN, lsp_id=lsp_id)
    operator = bearer_headers(Role.DISTRICT_OPERATOR, districts=("5107",),
                              account_id=uuid.uuid5(NAMESPACE, "operator"))  # fmt: skip
    with httpx.Client(timeout=30) as client:
        staff_accounts(client, registration, admin)
        assessors = assessor_accounts(client, registration, admin)
        registered = first_wave(client, registration, operator)
        statuses = applications(client, registration, people, admin)
        planning(client, assessment, admin, assessors)
        board(client, assessment, admin, assessors)
    waiting = sum(1 for s in statuses.values() if s == "submitted")
    return (
        f"""Operator and LSP console: http://127.0.0.1:18080/console/ (in a desktop window).
Sign in with a staff account; the code arrives in the mail sink (http://127.0.0.1:18025):

  {ADMIN_EMAIL}  LSP admin of LSP Koperasi Bali: the verification queue
      ({waiting} waiting), progress, the planning board (a cashier session next Monday;
      assign the accepted candidates to it), the test site and the assessors
  {DECIDER_EMAIL}  decision maker of the same LSP: certification
      decisions (the demo exam's session, below), print batches, the decision document
  {OPERATOR_EMAIL}  district operator of Karangasem (5107): cohort
      import, progress

Assessor app: http://127.0.0.1:18080/assessor/ (in a tablet-sized window), signed in the same
way as {ASSESSORS[0][0]} or {ASSESSORS[1][0]}: today's demo exam
session (started), its roster and each candidate's records, the next Monday's session.

The first wave of Karangasem's cohort is imported ({WAVE.name}, {registered} people);
the operator imports the rest from the console with the file named below.
""",
        assessors,
    )
