"""A candidate's phone in the hall, as the candidate app behaves: the package downloaded before
the session and opened with the start code, every answer kept on the phone first with its own
id and sequence, and a queue that sends what the server does not hold yet whenever it can,
until the server says everything is sent. What the phone wrote is kept to be compared with
what the server holds."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import httpx

from assessment.exams.adapters.package_cipher import AesGcmPackageCipher
from assessment.exams.application.ports import SealedPackage

BATCH = 20
PACKAGE_FIELDS = ("kdf", "iterations", "salt", "nonce", "ciphertext")


@dataclass
class ExamPhone:
    candidate_id: UUID
    attempt_id: UUID
    session_id: UUID
    headers: dict[str, str]
    rng: random.Random
    sealed: dict[str, Any] = field(default_factory=dict)
    questions: list[dict[str, Any]] = field(default_factory=list)
    written: list[dict[str, Any]] = field(default_factory=list)  # the phone's own store
    held: set[str] = field(default_factory=set)  # answer ids the server confirmed holding
    finished: bool = False
    all_sent: bool = False
    failures: int = 0

    async def download(self, http: httpx.AsyncClient) -> None:
        while not self.sealed:
            try:
                got = await http.get(f"/exams/{self.attempt_id}/package", headers=self.headers)
            except httpx.TransportError:
                self.failures += 1
                continue
            if got.status_code == 200:
                self.sealed = got.json()

    def unlock(self, start_code: str) -> None:
        fields = {k: self.sealed[k] for k in PACKAGE_FIELDS}
        plain = AesGcmPackageCipher().open(
            SealedPackage(**fields), start_code, self.session_id, self.attempt_id
        )
        self.questions = json.loads(plain)["questions"]

    def write(self, question: dict[str, Any], elapsed_ms: int) -> None:
        record: dict[str, Any] = {
            "answer_id": str(uuid4()),
            "question_id": question["question_id"],
            "seq": len(self.written) + 1,
            "elapsed_ms": elapsed_ms,
        }
        if question["kind"] == "multiple_choice":
            record["choice"] = self.rng.randrange(len(question["options"]))
        else:
            record["text"] = "Kas harian dicocokkan dengan bukti setoran dan penarikan setiap sore."
        self.written.append(record)

    def pending(self) -> list[dict[str, Any]]:
        return [r for r in self.written if r["answer_id"] not in self.held]

    async def send_once(self, http: httpx.AsyncClient) -> bool:
        """One attempt to send what is pending (and, now and then, something already held, as a
        phone that lost an answer does); True once the server says everything is sent."""
        batch = self.pending()[:BATCH]
        if self.held and self.rng.random() < 0.2:
            batch.append(next(r for r in self.written if r["answer_id"] in self.held))
        body = {
            "written_through": len(self.written),
            "finished": self.finished,
            "answers": self.rng.sample(batch, len(batch)),
        }
        try:
            sent = await http.post(
                f"/exams/{self.attempt_id}/answers", json=body, headers=self.headers
            )
        except httpx.TransportError:
            self.failures += 1
            return False
        if sent.status_code != 200:
            self.failures += 1
            return False
        answer = sent.json()
        self.held |= {str(r["answer_id"]) for r in answer["receipts"]}
        self.all_sent = answer["all_sent"]
        return self.all_sent

    async def sync_until_sent(self, http: httpx.AsyncClient, pause: float = 0.2) -> None:
        """The phone's send queue: keeps trying (backing off a little) until all is sent."""
        for _ in itertools.count():
            if await self.send_once(http):
                return
            # The phone's own back-off between tries: behaviour under test, not a wait on it.
            await asyncio.sleep(pause * self.rng.uniform(0.5, 1.5))

    def latest_in_time(self, exam_minutes: int) -> dict[str, dict[str, Any]]:
        """Per question the answer that counts: the highest sequence written in time."""
        shown: dict[str, dict[str, Any]] = {}
        for record in self.written:
            if record["elapsed_ms"] <= exam_minutes * 60_000:
                shown[record["question_id"]] = record
        return shown
