"""The exam's share of the demo (`make up`): four cashiers of Karangasem registered, trained (the
six modules of the course, as the BLK reports them) and accepted; a cashier session at the demo test
site starting five minutes from now, with both demo assessors; each phone fetches its sealed exam,
signs FR.AK.01 and unlocks the exam with the start code once the assessor has started it, answers
every question and finishes; the assessor countersigns, the tablets sync attendance and the essays'
marks, the assessor judges K (one candidate BK in one unit, with the gap written down), and
assessment publishes the recommendations that certificate's screens start from. All through the
services' HTTP APIs.

Safe to run again: the people, their applications and answers carry fixed client ids, and the
session is found again through the first candidate's phone (`GET /exams`), so a re-run plans
no second session and redoes nothing done (what is done is read back first). The hall itself:
demo_hall.py and demo_tablet.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from demo_hall import Hall
from demo_http import client_id, found, ok, phone, until

from kompeten_contracts.roles import Role
from registration.seed.application_sample import sample_application
from servicekit.auth import bearer_headers

OPERATOR_ID = uuid.UUID("7a1d3e5c-2b84-4f6a-9c07-e3b5d1f29a86")  # registers the cohort
TRAINER_ID = uuid.UUID("c4e8a2f6-1d3b-4a57-8e9c-0b2d4f6a8c13")  # BLK Karangasem's trainer
SCHEME = "KOP-KASIR"
PEOPLE = (  # (name, NIK, e-mail): cashiers of four of Karangasem's cooperatives
    ("I Nyoman Sukerta", "5107050302870011", "nyoman.sukerta@demo.kompeten.id"),
    ("Ni Luh Putu Widiastuti", "5107056711910012", "luh.widiastuti@demo.kompeten.id"),
    ("I Gede Mahendra", "5107061508890013", "gede.mahendra@demo.kompeten.id"),
    ("Ni Kadek Ayu Lestari", "5107064904930014", "kadek.lestari@demo.kompeten.id"),
)
NOT_YET = 2  # the candidate the assessor judges BK in the scheme's last unit


@dataclass(frozen=True)
class Sat:
    """What the exam leaves for certification: the session and, per candidate, the attempt."""

    session_id: str
    attempts: dict[str, str]  # candidate_id -> attempt_id, in PEOPLE's order


def registered(client: httpx.Client, registration: str) -> list[str]:
    """The four people registered by the district operator (a re-run: the same ids, 200)."""
    operator = bearer_headers(Role.DISTRICT_OPERATOR, account_id=OPERATOR_ID, districts=("5107",))
    ids = []
    for name, nik, email in PEOPLE:
        body = {"client_id": client_id("candidate", nik), "full_name": name, "nik": nik,
                "email": email, "district_code": "5107"}  # fmt: skip
        answer = client.post(f"{registration}/candidates", json=body, headers=operator)
        ids.append(str(ok(answer, f"registering {name}")["candidate_id"]))
    return ids


def trained(client: httpx.Client, assessment: str, ids: list[str], lsp: uuid.UUID) -> None:
    """The six modules of the cashier course, completed two weeks ago, as BLK Karangasem
    reports them (a module recorded before applies once)."""
    provider = bearer_headers(Role.TRAINING_PROVIDER, account_id=TRAINER_ID, lsp_id=lsp)
    staff = bearer_headers(Role.LSP_ADMIN, lsp_id=lsp)

    def received() -> bool | None:  # registration's events reach assessment through Kafka
        known = [client.get(f"{assessment}/candidates/{c}", headers=staff).status_code == 200
                 for c in ids]  # fmt: skip
        return all(known) or None

    until(received, "the four candidates received by assessment")
    on = (date.today() - timedelta(days=14)).isoformat()
    completions = [
        {"client_id": client_id("module", candidate, n), "candidate_id": candidate,
         "scheme_code": SCHEME, "module_code": f"KAS-0{n}", "completed_on": on,
         "provider_ref": "UPTD BLK Karangasem/diklat-kasir/2026"}
        for candidate in ids for n in range(1, 7)
    ]  # fmt: skip
    answer = client.post(f"{assessment}/training/completions", headers=provider,
                         json={"completions": completions})  # fmt: skip
    ok(answer, "recording the cashier course")


def accepted(
    client: httpx.Client, registration: str, ids: list[str], admin: dict[str, str]
) -> list[str]:
    """Each applies for the cashier scheme (APL-01, APL-02) and the LSP accepts it; their
    application ids."""
    scheme = ok(client.get(f"{registration}/schemes/{SCHEME}/versions/1"), "the scheme")
    applications = []
    for i, (candidate, (name, nik, email)) in enumerate(zip(ids, PEOPLE, strict=True)):
        me = phone(candidate)
        started = client.post(f"{registration}/applications", headers=me,
                              json={"client_id": client_id("start", nik)})  # fmt: skip
        url = f"{registration}/applications/{ok(started, 'an application')['application_id']}"
        body = sample_application(i=10 + i, full_name=name, nik=nik, email=email, scheme=scheme)
        sent = client.post(f"{url}/submission", headers=me,
                           json={"client_id": client_id("submit", nik), **body})  # fmt: skip
        if ok(sent, f"{name}'s application").get("status") == "submitted":
            accepting = client.post(f"{url}/acceptance", headers=admin,
                                    json={"client_id": client_id("accept", nik)})  # fmt: skip
            ok(accepting, f"accepting {name}'s application")
        applications.append(url.rsplit("/", 1)[1])
    return applications


def ready(
    client: httpx.Client, assessment: str, ids: list[str], applications: list[str],
    admin: dict[str, str],
) -> bool:  # fmt: skip
    """Each application accepted in registration has reached assessment through Kafka, and the
    planners' training status (a read model) shows each candidate's course complete."""

    def trained(candidate: str) -> bool:
        status = found(client.get(f"{assessment}/training/candidates/{candidate}", headers=admin))
        return bool(status) and any(s["scheme_code"] == SCHEME and s["ready"]
                                    for s in status["schemes"])  # fmt: skip

    return all(found(client.get(f"{assessment}/applications/{a}", headers=admin))
               for a in applications) and all(map(trained, ids))  # fmt: skip


def planned(
    client: httpx.Client, assessment: str, applications: list[str], ids: list[str],
    admin: dict[str, str], assessors: list[str],
) -> str:  # fmt: skip
    """The session the first candidate's phone lists; else a new one, starting in 5 minutes
    (the start code is out at once), all four assigned and the MAPA set."""
    mine = ok(client.get(f"{assessment}/exams", headers=phone(ids[0])), "the phone's exams")
    if mine:
        return str(mine[0]["session_id"])
    until(lambda: ready(client, assessment, ids, applications, admin),
          "the accepted applications and their training in assessment")  # fmt: skip
    sites = ok(client.get(f"{assessment}/sites", headers=admin), "the test sites")
    site = next(s["site_id"] for s in sites if s["name"].startswith("UPTD BLK Karangasem"))
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    made = client.post(f"{assessment}/sessions", headers=admin, json={
        "scheme_code": SCHEME, "scheme_version": 1, "site_id": site, "district_code": "5107",
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "exam_minutes": 60, "capacity": 40, "assessor_ids": assessors,
    })  # fmt: skip
    session_id = str(ok(made, "planning the exam session")["session_id"])
    url = f"{assessment}/sessions/{session_id}"
    ok(client.post(f"{url}/assignments", headers=admin, json={"application_ids": applications}),
       "assigning the four")  # fmt: skip
    bank = published_bank(client, assessment, admin)
    units = {u["unit_code"]: ["IA.05"] for u in bank["instruments"]}
    ok(client.put(f"{url}/plan", headers=admin, json={"units": units}), "the MAPA")
    return session_id


def published_bank(client: httpx.Client, assessment: str, staff: dict[str, str]) -> Any:
    """The cashier bank's latest published version whole (the seed's, once its read model has
    it): the units, their instruments and the key."""

    def version() -> int | None:
        banks = ok(client.get(f"{assessment}/banks", headers=staff), "the question banks")
        return next((b["published_version"] for b in banks if b["scheme_code"] == SCHEME), None)

    latest = until(version, "the cashier bank published")
    return ok(client.get(f"{assessment}/banks/{SCHEME}/versions/{latest}", headers=staff),
              "the cashier bank")  # fmt: skip


def exam_demo(registration: str, assessment: str, lsp: uuid.UUID, assessors: list[str]) -> Sat:
    """Runs the exam (see the module's docstring); answers the session and its attempts."""
    admin = bearer_headers(Role.LSP_ADMIN, lsp_id=lsp)
    with httpx.Client(timeout=30) as client:
        ids = registered(client, registration)
        trained(client, assessment, ids, lsp)
        applications = accepted(client, registration, ids, admin)
        session_id = planned(client, assessment, applications, ids, admin, assessors)
        lines = until(lambda: roster_of(client, assessment, session_id, admin, len(ids)),
                      "the session's roster")  # fmt: skip
        by_candidate = {line["candidate_id"]: line for line in lines}
        hall = Hall(client, assessment, session_id, lsp, published_bank(client, assessment, admin))
        hall.hold([by_candidate[c] for c in ids], not_yet=ids[NOT_YET])
        return Sat(session_id, {c: by_candidate[c]["attempt_id"] for c in ids})


def roster_of(
    client: httpx.Client, assessment: str, session_id: str, admin: dict[str, str], n: int
) -> list[dict[str, Any]] | None:
    roster = client.get(f"{assessment}/sessions/{session_id}/roster", headers=admin)
    lines: list[dict[str, Any]] = ok(roster, "the roster")["candidates"]
    return lines if len(lines) == n else None
