"""The demo exam in the hall (demo_exam.py plans it): each phone fetches its sealed exam; the
assessor holds the pre-assessment consultation; FR.AK.01 is signed on the phone and
countersigned; the assessor starts the exam; each phone unlocks it with the start code as the
candidate app does (AES-GCM under a key derived from the code: the service's own package
cipher), answers every question and finishes; the assessor judges each unit. What is done
already (all sent, consented, a recommendation) is read back and skipped."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from demo_http import client_id, ok, phone
from demo_tablet import tablet_batches

from assessment.exams.adapters.package_cipher import AesGcmPackageCipher
from assessment.exams.application.ports import SealedPackage
from kompeten_contracts.roles import Role
from servicekit.auth import bearer_headers


@dataclass
class Hall:
    """The exam in the hall: the phones, the candidates' assessors and the session's start."""

    client: httpx.Client
    assessment: str
    session_id: str
    lsp: uuid.UUID
    bank: dict[str, Any]

    def assessor(self, line: dict[str, Any]) -> dict[str, str]:
        account = uuid.UUID(line["assessor_id"])
        return bearer_headers(Role.ASSESSOR, account_id=account, lsp_id=self.lsp)

    def hold(self, lines: list[dict[str, Any]], not_yet: str) -> None:
        """Before the start every phone holds its sealed exam and AK.01 is signed; the assessor
        starts; each phone writes and finishes; the tablets sync attendance and essay marks;
        the assessor judges (`not_yet`: the candidate judged BK in one unit)."""
        writing = [line for line in lines if not self.attempt(line)["all_sent"]]
        sealed = {line["attempt_id"]: self.prepared(line) for line in writing}
        if writing:
            url = f"{self.assessment}/sessions/{self.session_id}/start"
            ok(self.client.post(url, headers=self.assessor(lines[0])), "starting the exam")
        essays = {line["attempt_id"]: self.written(line, sealed[line["attempt_id"]])
                  for line in writing}  # fmt: skip
        url = f"{self.assessment}/sessions/{self.session_id}/capture"
        for assessor_id, records in tablet_batches(writing, essays).items():
            ok(self.client.post(url, headers=self.assessor({"assessor_id": assessor_id}),
                                json={"records": records}), "the tablet's records")  # fmt: skip
        for line in lines:
            self.judge(line, competent=line["candidate_id"] != not_yet)

    def attempt(self, line: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.assessment}/exams/{line['attempt_id']}"
        state: dict[str, Any] = ok(
            self.client.get(url, headers=phone(line["candidate_id"])), "the attempt"
        )
        return state

    def prepared(self, line: dict[str, Any]) -> dict[str, Any]:
        """The phone downloads its sealed exam; the assessor holds the pre-assessment
        consultation; FR.AK.01 signed on the phone and countersigned (unless signed already)."""
        attempt, me = line["attempt_id"], phone(line["candidate_id"])
        sealed: dict[str, Any] = ok(
            self.client.get(f"{self.assessment}/exams/{attempt}/package", headers=me),
            "the sealed exam",
        )
        if self.attempt(line)["consented"]:
            return sealed
        url, assessor = f"{self.assessment}/attempts/{attempt}", self.assessor(line)
        notes = "Rencana asesmen, hak banding dan kerahasiaan dijelaskan."
        consultation = {"held_on": date.today().isoformat(), "notes": notes,
                        "agreed": ["IA.05 tertulis"]}  # fmt: skip
        ok(self.client.put(f"{url}/consultation", headers=assessor, json=consultation),
           "the consultation")  # fmt: skip
        body = {"terms_version": sealed["consent"]["terms_version"]}
        ok(self.client.post(f"{self.assessment}/exams/{attempt}/consent", headers=me, json=body),
           "the candidate's consent")  # fmt: skip
        ok(self.client.post(f"{url}/consent", headers=assessor, json=body),
           "the assessor's consent")  # fmt: skip
        return sealed

    def written(self, line: dict[str, Any], sealed: dict[str, Any]) -> list[str]:
        """The phone receives the start code, opens its exam, answers all and finishes; the
        essay questions it drew."""
        attempt, me = line["attempt_id"], phone(line["candidate_id"])
        url = f"{self.assessment}/exams/{attempt}"
        code = ok(self.client.get(f"{url}/release", headers=me), "the start code")
        fields = {k: sealed[k] for k in ("kdf", "iterations", "salt", "nonce", "ciphertext")}
        exam = json.loads(AesGcmPackageCipher().open(
            SealedPackage(**fields), code["start_code"], uuid.UUID(self.session_id),
            uuid.UUID(attempt),
        ))  # fmt: skip
        answers = self.answers(attempt, exam["questions"])
        batch = {"written_through": len(answers), "answers": answers, "finished": True}
        ok(self.client.post(f"{url}/answers", headers=me, json=batch), "the answers")
        return [q["question_id"] for q in exam["questions"] if q["kind"] != "multiple_choice"]

    def answers(self, attempt: str, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every question answered right (the key is in the bank, which staff may read), 45
        seconds apart; the essay with a few sentences. Fixed answer ids: a re-run is a retry."""
        key = {q["item_id"]: q["options"][q["correct"]] for q in self.bank["questions"]
               if q.get("correct") is not None}  # fmt: skip
        written = []
        for seq, question in enumerate(questions, 1):
            answer: dict[str, Any] = {
                "answer_id": client_id("answer", attempt, question["question_id"]),
                "question_id": question["question_id"], "seq": seq, "elapsed_ms": 45_000 * seq,
            }  # fmt: skip
            if question["kind"] == "multiple_choice":
                answer["choice"] = question["options"].index(key[question["question_id"]])
            else:
                answer["text"] = ("Kas dihitung bersama penyetor, dicatat di buku kas harian, "
                                  "lalu disetor ke bank sebelum pukul 14.00.")  # fmt: skip
            written.append(answer)
        return written

    def judge(self, line: dict[str, Any], competent: bool) -> None:
        """FR.AK.02 per unit on the written test, FR.AK.03 feedback; BK with its gap."""
        url = f"{self.assessment}/attempts/{line['attempt_id']}/judgement"
        judged = ok(self.client.get(url, headers=self.assessor(line)), "the judgement")
        if judged["recommendation"]:
            return
        codes = [u["unit_code"] for u in self.bank["instruments"]]
        units = [{"unit_code": code, "outcome": "K", "evidence": ["IA.05"]} for code in codes]
        if not competent:
            units[-1] = {"unit_code": codes[-1], "outcome": "BK", "evidence": ["IA.05"],
                         "note": "Belum dapat merekonsiliasi kas dengan rekening koran; "
                                 "perlu praktik menyusun laporan kas bulanan."}  # fmt: skip
        feedback = "Hasil dan umpan balik disampaikan kepada asesi dan diterima."
        body = {"units": units, "feedback": feedback}
        ok(self.client.put(url, headers=self.assessor(line), json=body), "the judgement")
