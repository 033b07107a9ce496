"""Certification's share of the demo (`make up`), after the exam (demo_exam.py): the session's
recommendations received by certificate through Kafka; the decision maker decides all but the
last (K, and BK for the one recommended BK), so the decisions queue still holds one; the two
new holders sign the agreement on their phones; the LSP's print profile, a print batch of the
session made and its file rendered; the session's signed decision document. All through the
certificate API.

Safe to run again: what is decided, signed or set is read back first, the print batch carries
a fixed client id (the same batch), and the decision document signs a new version only when
the session's decisions changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from demo_exam import Sat, exam_demo
from demo_http import client_id, found, ok, phone, until

from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers

DECIDER_ID = uuid.UUID("e1b7c3d9-5a2f-4e68-8b0d-3f9a7c1e5b24")
PROFILE = {
    "lsp_name": "LSP Koperasi Bali", "licence": "BNSP-LSP-0451-ID", "city": "Denpasar",
    "signatory_name": "Dr. I Made Suarta, S.E., M.M.", "signatory_title": "Ketua LSP Koperasi Bali",
}  # fmt: skip


@dataclass(frozen=True)
class Certified:
    decided: int
    waiting: int
    batch: dict[str, Any]
    document_version: int


def received(client: httpx.Client, certificate: str, sat: Sat,
             staff: dict[str, str]) -> dict[str, dict[str, Any]] | None:  # fmt: skip
    """The session's recommendations as certificate holds them, once all have arrived."""
    listed = client.get(f"{certificate}/recommendations", headers=staff,
                        params={"session_id": sat.session_id, "awaiting": "false"})  # fmt: skip
    held = {r["attempt_id"]: r for r in ok(listed, "the recommendations")}
    return held if set(sat.attempts.values()) <= held.keys() else None


def decided(client: httpx.Client, certificate: str, recommendation: dict[str, Any],
            decider: dict[str, str]) -> str | None:  # fmt: skip
    """The decision as recommended; the certificate's id when one was issued."""
    issued = recommendation["certificate_id"]
    if recommendation["decision"] is None:
        url = f"{certificate}/recommendations/{recommendation['attempt_id']}/decision"
        answer = client.post(url, headers=decider, json={"outcome": recommendation["overall"]})
        issued = ok(answer, "a decision")["certificate_id"]
    return None if issued is None else str(issued)


def signed(client: httpx.Client, certificate: str, candidate_id: str, certificate_id: str) -> None:
    """The holder reads the agreement on the phone and signs it; then it is released."""
    me, url = phone(candidate_id), f"{certificate}/certificates/{certificate_id}/agreement"
    shown = until(lambda: found(client.get(url, headers=me)), "the certificate in the register")
    if shown["signed_at"] is None:
        body = {"agreement_version": shown["agreement_version"], "agree": True}
        ok(client.post(url, headers=me, json=body), "the holder's agreement")

    def released() -> bool:
        mine = ok(client.get(f"{certificate}/me/certificates", headers=me), "own certificates")
        return any(c["certificate_id"] == certificate_id and c["released_at"] for c in mine)

    until(released, "the certificate released")


def certification_demo(certificate: str, lsp: uuid.UUID, sat: Sat) -> Certified:
    """Decides, signs, prints and documents the exam's session (see the module's docstring)."""
    admin = bearer_headers(Role.LSP_ADMIN, lsp_id=lsp)
    decider = bearer_headers(Role.DECISION_MAKER, account_id=DECIDER_ID, lsp_id=lsp)
    with httpx.Client(timeout=30) as client:
        recommendations = until(lambda: received(client, certificate, sat, decider),
                                "the recommendations in certificate", timeout=90)  # fmt: skip
        if client.get(f"{certificate}/print-profile", headers=admin).status_code == 404:
            ok(client.put(f"{certificate}/print-profile", headers=admin, json=PROFILE),
               "the print profile")  # fmt: skip
        *to_decide, left = list(sat.attempts.items())
        for candidate_id, attempt_id in to_decide:
            issued = decided(client, certificate, recommendations[attempt_id], decider)
            if issued:
                signed(client, certificate, candidate_id, issued)

        def listed() -> bool:  # the batch reads the decisions from the same read model
            held = received(client, certificate, sat, decider) or {}
            return all(held.get(attempt, {}).get("decision") for _, attempt in to_decide)

        until(listed, "the decisions in certificate's recommendations")
        batch_body = {"session_id": sat.session_id, "client_id": client_id("print", sat.session_id),
                      "expected_candidate_ids": list(sat.attempts)}  # fmt: skip
        asked = ok(client.post(f"{certificate}/print-batches", headers=admin, json=batch_body),
                   "the print batch")  # fmt: skip
        url = f"{certificate}/print-batches/{asked['batch_id']}"

        def printed() -> dict[str, Any] | None:
            batch: dict[str, Any] = ok(client.get(url, headers=admin), "the print batch")
            return batch if batch["state"] == "printed" else None

        batch = until(printed, "the print batch's file")
        document = client.post(f"{certificate}/sessions/{sat.session_id}/decision-document",
                               headers=decider)  # fmt: skip
        version = int(ok(document, "the decision document")["version"])
    return Certified(len(to_decide), 1 if recommendations[left[1]]["decision"] is None else 0,
                     batch, version)  # fmt: skip


def exam_and_decisions(
    registration: str, assessment: str, certificate: str, lsp: uuid.UUID, assessors: list[str]
) -> str:
    """The exam (demo_exam.py), then certification; answers what to print about them."""
    sat = exam_demo(registration, assessment, lsp, assessors)
    done = certification_demo(certificate, lsp, sat)
    pages, percent = done.batch["counts"]["rendered"], done.batch["percentage"]
    return f"""The demo exam, for the console's decisions and print batches (demo_exam.py):
four cashiers of Karangasem sat session {sat.session_id} on their phones today at UPTD
BLK Karangasem; their assessor judged three K and one BK (a gap in one unit), and certificate
received the four recommendations through Kafka.
  decisions          {done.decided} decided, {done.waiting} waiting (the decision maker's screen)
  print batch        {pages} page(s) rendered, {percent}%, the file to download (LSP admin)
  decision document  version {done.document_version}, signed (the session's berita acara)
"""
