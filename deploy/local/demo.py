"""Demo data for `make up`: registers a few candidates of a Karangasem cohort through the
registration API, waits until assessment has received them through Kafka, loads the console's
share (demo_console.py) and holds a cashier exam through to certification (demo_exam.py,
demo_hall.py, demo_certification.py), and prints what a newcomer can try next. Safe to run
again: the client ids are fixed, so a re-run is a retry."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from demo_certification import exam_and_decisions  # deploy/local, beside this script
from demo_console import console_demo

from kompeten_contracts.roles import Role
from registration.seed import DEMO_LSPS, demo_lsp_id
from registration.seed.cohort_file import as_csv, staff_rows
from servicekit.auth import bearer_headers

REGISTRATION = "http://127.0.0.1:18001"
ASSESSMENT = "http://127.0.0.1:18002"
CERTIFICATE = "http://127.0.0.1:18003"
# A district operator's and an assessor's tokens, signed with the development token secret the
# services use when KOMPETEN_TOKEN_SECRET is unset (as on the local stack); real staff sign in by
# e-mail code and get the same kind of token (printed below, with the steps).
OPERATOR_ID = uuid.UUID("0c8f4a52-6d1e-4b7a-9e3f-5a2d7c1b9e44")
ASSESSOR_ID = uuid.UUID("3d6b1f0e-8a4c-4e27-b5d9-7c2e1a9f4b63")
NAMESPACE = uuid.UUID("6f0a7d1e-3b59-4c1a-9a57-3f2d8f1c0b11")
DEMO = [
    ("I Wayan Sudarsana", "5107010507850001", "wayan.sudarsana@demo.kompeten.id"),
    ("Ni Made Sri Artini", "5107025909900002", "made.artini@demo.kompeten.id"),
    ("I Komang Adi Putra", "5107031203880003", "komang.adi@demo.kompeten.id"),
    ("Ni Ketut Suryani", "5107044104920004", "ketut.suryani@demo.kompeten.id"),
]


COHORT_FILE = Path(__file__).resolve().parent / ".run" / "karangasem-cohort.csv"


def cohort_file() -> Path:
    """A district operator's spreadsheet to try the cohort import with: 151 staff of the 40
    cooperatives. Written once, so uploading it again after a re-run changes nothing."""
    if not COHORT_FILE.exists():
        COHORT_FILE.parent.mkdir(parents=True, exist_ok=True)
        COHORT_FILE.write_bytes(as_csv(staff_rows(151, salt=5, domain="demo.kompeten.id")))
    return COHORT_FILE


def already_registered(response: httpx.Response) -> bool:
    """A stack that ran an older demo keeps those people: one NIK, one person, for life."""
    if response.status_code not in (409, 422):
        return False
    fields = {error.get("field") for error in response.json().get("errors", [])}
    return bool(fields & {"nik", "client_id", "email"})


def main() -> int:
    # The scheme catalogue and Karangasem's cooperatives, through registration's own handlers.
    subprocess.run([sys.executable, "-m", "registration.seed"], check=True)
    ids = []
    people = []  # (candidate_id, name, nik, email) of those registered by this run
    operator = bearer_headers(Role.DISTRICT_OPERATOR, account_id=OPERATOR_ID, districts=("5107",))
    lsp = demo_lsp_id(DEMO_LSPS[0][0])  # the assessor works for the first demo LSP
    assessor = bearer_headers(Role.ASSESSOR, account_id=ASSESSOR_ID, lsp_id=lsp)
    with httpx.Client(timeout=10) as client:
        for name, nik, email in DEMO:
            body = {
                "client_id": str(uuid.uuid5(NAMESPACE, nik)),
                "full_name": name,
                "nik": nik,
                "email": email,
                "district_code": "5107",
            }
            response = client.post(f"{REGISTRATION}/candidates", json=body, headers=operator)
            if already_registered(response):
                print(f"demo: {name} was registered by an earlier run")
                continue
            if response.status_code not in (200, 201):
                print(f"demo: registering {name} failed: {response.status_code} {response.text}")
                return 1
            ids.append(response.json()["candidate_id"])
            people.append((ids[-1], name, nik, email))
        deadline = time.monotonic() + 60
        waiting = set(ids)
        while waiting and time.monotonic() < deadline:
            for candidate_id in list(waiting):
                found = client.get(f"{ASSESSMENT}/candidates/{candidate_id}", headers=assessor)
                if found.status_code == 200:
                    waiting.discard(candidate_id)
            time.sleep(0.2)
        if waiting:
            print(
                f"demo: assessment did not receive {len(waiting)} candidates within 60 s; "
                "see deploy/local/.run/services/*.log"
            )
            return 1
    # The question banks of the cashier and treasurer schemes, for the LSP that owns each scheme
    # (assessment waits until registration's scheme versions have reached it through Kafka).
    subprocess.run([sys.executable, "-m", "assessment.banks.seed"], check=True)
    # The cashier scheme's training requirement: the six modules of the course before the test.
    subprocess.run([sys.executable, "-m", "assessment.training.seed"], check=True)
    console, assessors = console_demo(REGISTRATION, ASSESSMENT, people, lsp)
    certification = exam_and_decisions(REGISTRATION, ASSESSMENT, CERTIFICATE, lsp, assessors)
    cohort = os.path.relpath(cohort_file())
    print(f"""
Kompeten is running on the local stack: the scheme catalogue and 40 cooperatives of district
5107 (Karangasem) are seeded, and the demo candidates of that district are registered in
registration and received by assessment through Kafka.

  Candidate app      http://127.0.0.1:18080/   (on a phone-sized window; sign up with any e-mail)
  Registration API   {REGISTRATION}/docs
  Assessment API     {ASSESSMENT}/docs   (LSP staff only: an assessor's token, below)
  Certificate API    {CERTIFICATE}/docs
  Mail (SMTP sink)   http://127.0.0.1:18025
  Kafka              127.0.0.1:19092, topic kompeten.registration.events
  PostgreSQL         127.0.0.1:15432 (kompeten_admin / kompeten)

{console}
{certification}
Sign up as a candidate and register yourself:

  1. ask for a code (it arrives in the mail sink, http://127.0.0.1:18025):
     curl -s -X POST {REGISTRATION}/auth/sign-up -H 'Content-Type: application/json' \\
       -d '{{"email": "sari@example.id"}}'
  2. verify it; the answer carries your token:
     curl -s -X POST {REGISTRATION}/auth/verify -H 'Content-Type: application/json' \\
       -d '{{"email": "sari@example.id", "code": "<the 6 digits>"}}'
  3. register (client_id: any new UUID; a retry with it changes nothing):
     curl -s -X POST {REGISTRATION}/candidates -H 'Content-Type: application/json' \\
       -H 'Authorization: Bearer <token>' \\
       -d '{{"client_id": "{uuid.uuid4()}", "full_name": "Ni Wayan Sari",
            "nik": "5107056108950005", "district_code": "5107"}}'
     then GET {REGISTRATION}/candidates/me with the new token it answers.

Or register someone as a district operator (demo token, valid 12 hours):

  {operator["Authorization"]}

Import a district's cohort as that operator: {cohort} holds 151 staff of the 40
cooperatives. Upload it for a dry run (a report per row, nothing registered), commit it, watch
the progress; every person gets an invitation in the mail sink:

  OPERATOR='{operator["Authorization"].removeprefix("Bearer ")}'
  curl -s -H "Authorization: Bearer $OPERATOR" -F file=@{cohort} {REGISTRATION}/cohort-imports
  curl -s -X POST -H "Authorization: Bearer $OPERATOR" \\
    {REGISTRATION}/cohort-imports/<import_id>/commit
  curl -s -H "Authorization: Bearer $OPERATOR" {REGISTRATION}/progress/districts/5107/cooperatives

See a registered candidate arrive in assessment, which answers the LSP's assessors, test-site
heads, decision makers and admins (demo assessor token, valid 12 hours; use the candidate_id
the registration answered):

  ASSESSOR='{assessor["Authorization"].removeprefix("Bearer ")}'
  curl -s -H "Authorization: Bearer $ASSESSOR" {ASSESSMENT}/candidates/<candidate_id>
  curl -s -H "Authorization: Bearer $ASSESSOR" '{ASSESSMENT}/candidates?district_code=5107'

The LSP's question banks (KOP-KASIR, KOP-BENDAHARA), published from the seed: its staff read
a version whole, correct options included; its admins import an XLSX and publish the next one:

  curl -s -H "Authorization: Bearer $ASSESSOR" {ASSESSMENT}/banks
  curl -s -H "Authorization: Bearer $ASSESSOR" {ASSESSMENT}/banks/KOP-BENDAHARA/versions/1

A real assessor gets such a token by signing in: open the account (an LSP admin may also use
POST {REGISTRATION}/staff), then ask for a code and verify it as in steps 1-2 above, with
/auth/sign-in instead of /auth/sign-up:

  KOMPETEN_DEVELOPMENT=1 .tools/bin/uv run python -m registration.staff create \
    --email asesor@lsp.example --role assessor --lsp LSP-KOPERASI-BALI

Stop everything with: make down
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
