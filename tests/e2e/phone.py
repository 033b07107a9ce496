"""A candidate's phone in a cohort journey: its own connection to registration (a client address
of its own, or the hall's router it shares), the person's mailbox in the SMTP sink, and the
steps a person takes: read the invitation, sign up by the mailed code, fill APL-01/APL-02."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from eventkit.testing.mail import code_in, mail_with_subject
from registration.cohorts.application.cohort_invitations import SUBJECT as INVITATION_SUBJECT
from registration.identity.application.codes import SUBJECT as CODE_SUBJECT

PDF = b"%PDF-1.4\n% surat keterangan kerja dari koperasi\n"


@dataclass
class Person:
    """One row of the district's cohort file, as the person knows themselves."""

    index: int
    nik: str
    full_name: str
    email: str
    phone: str
    cooperative_id: str
    role: str
    occupational_group: str

    @property
    def birth_date(self) -> str:
        """As the NIK encodes it: day (+40 for women), month, two-digit year."""
        day, month, year = int(self.nik[6:8]) % 40, self.nik[8:10], self.nik[10:12]
        return f"19{year}-{month}-{day:02d}"


@dataclass
class Phone:
    """Opened (`async with phone.online()`) for each sitting: the person may come back later,
    from another network."""

    person: Person
    connect: Callable[[Person], httpx.AsyncClient]
    mail: httpx.AsyncClient
    http: httpx.AsyncClient = field(init=False)
    headers: dict[str, str] = field(default_factory=dict)
    candidate_id: str = ""
    application_id: str = ""
    body: dict[str, Any] = field(default_factory=dict)  # the last submission sent
    employment: dict[str, Any] = field(default_factory=dict)  # pre-filled from the profile

    @contextlib.asynccontextmanager
    async def online(self) -> AsyncIterator[Phone]:
        async with self.connect(self.person) as http:
            self.http = http
            yield self

    async def sign_up(self, typo_first: bool) -> None:
        """Read the invitation, ask for a code, type it (once wrongly first, if `typo_first`)."""
        invitation = await mail_with_subject(
            self.person.email, INVITATION_SUBJECT, client=self.mail
        )
        assert self.person.full_name in invitation["text"]
        asked = await self.http.post("/auth/sign-up", json={"email": self.person.email})
        assert asked.status_code == 202, asked.text
        mail = await mail_with_subject(
            self.person.email, CODE_SUBJECT, newer_than=invitation["id"], client=self.mail
        )
        code = code_in(mail)
        if typo_first:
            wrong = f"{(int(code) + 1) % 1_000_000:06d}"
            typed = await self.http.post(
                "/auth/verify", json={"email": self.person.email, "code": wrong}
            )
            assert typed.status_code == 422 and "attempts left" in typed.text, typed.text
        verified = await self.http.post(
            "/auth/verify", json={"email": self.person.email, "code": code}
        )
        assert verified.status_code == 200, verified.text
        session = verified.json()
        assert session["role"] == "candidate" and session["candidate_id"], session
        self.candidate_id = session["candidate_id"]
        self.headers = {"Authorization": f"Bearer {session['token']}"}
        me = (await self.http.get("/candidates/me", headers=self.headers)).json()
        assert (me["full_name"], me["district_code"]) == (self.person.full_name, "5107")
        # The operator's file told where the person works: the app pre-fills APL-01 with it.
        self.employment = me["affiliation"]
        known = self.person
        assert self.employment == {
            "cooperative_id": known.cooperative_id,
            "role": known.role,
            "occupational_group": known.occupational_group,
        }

    async def start(self, retried: bool) -> None:
        """Open an application; a retried start (same client id) opens the same one."""
        body = {"client_id": str(uuid.uuid4())}
        tries = 2 if retried else 1
        started = [await self.http.post("/applications", json=body, headers=self.headers)
                   for _ in range(tries)]  # fmt: skip
        assert [s.status_code for s in started] == [201, 200][:tries], [s.text for s in started]
        assert len({s.json()["application_id"] for s in started}) == 1
        self.application_id = started[0].json()["application_id"]

    async def upload_evidence(self) -> str:
        uploaded = await self.http.post(
            f"/applications/{self.application_id}/evidence",
            files={"file": (f"surat kerja {self.person.index}.pdf", PDF, "application/pdf")},
            headers=self.headers,
        )
        assert uploaded.status_code == 201, uploaded.text
        return str(uploaded.json()["evidence_id"])

    async def save_and_resume_draft(self, apl01: dict[str, Any]) -> dict[str, Any]:
        """Half the form saved before the signal drops; resumed later from the server."""
        url = f"/applications/{self.application_id}/draft"
        half = {"apl01": {"personal": apl01["personal"]}}
        saved = await self.http.put(url, json={"draft": half}, headers=self.headers)
        assert saved.status_code == 200, saved.text
        resumed = (await self.http.get(url, headers=self.headers)).json()["draft"]
        assert resumed == half
        return {**apl01, "personal": resumed["apl01"]["personal"]}

    async def submit(self, body: dict[str, Any], taps: int, late_resend: bool) -> int:
        """Submit `taps` times at once (a double tap), then once more later if the answer was
        'lost'; every answer is the same and counts one submission."""
        url = f"/applications/{self.application_id}/submission"
        answers = list(
            await asyncio.gather(
                *[self.http.post(url, json=body, headers=self.headers) for _ in range(taps)]
            )
        )
        if late_resend:
            seen = (await self.http.get(f"/applications/{self.application_id}",
                                        headers=self.headers)).json()  # fmt: skip
            assert seen["status"] == "submitted", seen
            answers.append(await self.http.post(url, json=body, headers=self.headers))
        assert {a.status_code for a in answers} == {200}, [a.text for a in answers]
        numbers = {a.json()["submission"] for a in answers}
        assert len(numbers) == 1, numbers
        return int(numbers.pop())

    async def read_own(self) -> dict[str, Any]:
        found = await self.http.get(f"/applications/{self.application_id}", headers=self.headers)
        assert found.status_code == 200, found.text
        body: dict[str, Any] = found.json()
        return body
