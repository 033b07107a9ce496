"""Demo data for `make up`: registers a few candidates of a Karangasem cohort through the
registration API, waits until assessment has received them through Kafka, and prints what a
newcomer can try next. Safe to run again: the client ids are fixed, so a re-run is a retry."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import httpx

REGISTRATION = "http://127.0.0.1:18001"
ASSESSMENT = "http://127.0.0.1:18002"
STAFF = {"Authorization": "Bearer dev-staff-token"}
NAMESPACE = uuid.UUID("6f0a7d1e-3b59-4c1a-9a57-3f2d8f1c0b11")
DEMO = [
    ("I Wayan Sudarsana", "5107010507850001", "wayan.sudarsana@demo.kompeten.id"),
    ("Ni Made Sri Artini", "5107025909900002", "made.artini@demo.kompeten.id"),
    ("I Komang Adi Putra", "5107031203880003", "komang.adi@demo.kompeten.id"),
    ("Ni Ketut Suryani", "5107044104920004", "ketut.suryani@demo.kompeten.id"),
]


def main() -> int:
    # The scheme catalogue and Karangasem's cooperatives, through registration's own handlers.
    subprocess.run([sys.executable, "-m", "registration.seed"], check=True)
    ids = []
    with httpx.Client(timeout=10) as client:
        for name, nik, email in DEMO:
            body = {
                "client_id": str(uuid.uuid5(NAMESPACE, nik)),
                "full_name": name,
                "nik": nik,
                "email": email,
                "district_code": "5107",
            }
            response = client.post(f"{REGISTRATION}/candidates", json=body)
            if response.status_code not in (200, 201):
                print(f"demo: registering {name} failed: {response.status_code} {response.text}")
                return 1
            ids.append(response.json()["candidate_id"])
        deadline = time.monotonic() + 60
        waiting = set(ids)
        while waiting and time.monotonic() < deadline:
            for candidate_id in list(waiting):
                found = client.get(f"{ASSESSMENT}/candidates/{candidate_id}", headers=STAFF)
                if found.status_code == 200:
                    waiting.discard(candidate_id)
            time.sleep(0.2)
        if waiting:
            print(
                f"demo: assessment did not receive {len(waiting)} candidates within 60 s; "
                "see deploy/local/.run/services/*.log"
            )
            return 1
    print(f"""
Kompeten is running on the local stack, with {len(ids)} demo candidates of district 5107
(Karangasem) registered in registration and received by assessment through Kafka.

  Registration API   {REGISTRATION}/docs
  Assessment API     {ASSESSMENT}/docs   (staff token: dev-staff-token)
  Mail (SMTP sink)   http://127.0.0.1:18025
  Kafka              127.0.0.1:19092, topic kompeten.registration.events
  PostgreSQL         127.0.0.1:15432 (kompeten_admin / kompeten)

Register a candidate yourself (client_id: any new UUID; a retry with it changes nothing):

  curl -s -X POST {REGISTRATION}/candidates -H 'Content-Type: application/json' \\
    -d '{{"client_id": "{uuid.uuid4()}", "full_name": "Ni Wayan Sari",
         "nik": "5107056108950005", "email": "sari@example.id", "district_code": "5107"}}'

and see it arrive in assessment (use the candidate_id it answered):

  curl -s -H 'Authorization: Bearer dev-staff-token' {ASSESSMENT}/candidates/<candidate_id>
  curl -s -H 'Authorization: Bearer dev-staff-token' '{ASSESSMENT}/candidates?district_code=5107'

Stop everything with: make down
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
