"""Rate limits on sign-up, sign-in and code checks, over HTTP against the PostgreSQL-backed
limiter: the request past the limit is answered 429 with Retry-After and the field it is
counted on; once the window is over (the service's clock moved) requests are served again; and
two processes of the service on one database share the count.

Windows are fixed and aligned (hours, quarter hours), so each test starts its clock at a known
minute of an hour and computes the exact Retry-After a person would be shown."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from registration.api.app import create_app
from registration.identity.application.rate_limits import Limit, RateLimits
from registration.identity.domain.account import RESEND_COOLDOWN

from .conftest import ManualClock, code_mailed, events, http, mailed, mails_to, new_email, running

pytestmark = pytest.mark.integration

PER_EMAIL_CODE_REQUESTS = 5  # RateLimits' default: codes mailed to one address per hour
PER_EMAIL_CODE_CHECKS = 10  # RateLimits' default: codes checked for one address per 15 minutes
PAST_COOLDOWN = RESEND_COOLDOWN + timedelta(seconds=1)


def hour_start() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def refused_on(response: httpx.Response, field: str, window_end: datetime, now: datetime) -> None:
    assert response.status_code == 429, response.text
    [error] = response.json()["errors"]
    assert error["field"] == field, error
    assert "terlalu banyak permintaan" in error["reason"]
    assert "too many requests" in error["reason_en"]
    assert response.headers["Retry-After"] == str(math.ceil((window_end - now).total_seconds()))


async def test_codes_asked_past_the_per_email_limit_are_refused_until_the_hour_is_over(
    schema: str,
) -> None:
    hour = hour_start()
    clock, email = ManualClock(hour + timedelta(minutes=1)), new_email("batas")
    async with running(schema, clock=clock) as service, http(service) as api:
        for sent in range(1, PER_EMAIL_CODE_REQUESTS + 1):
            path = "/auth/sign-up" if sent == 1 else "/auth/sign-in"
            asked = await api.post(path, json={"email": email})
            assert asked.status_code == 202, asked.text
            await mailed(email, sent)
            clock.advance(PAST_COOLDOWN)  # so the resend cooldown is not what refuses

        for path in ("/auth/sign-in", "/auth/sign-up"):
            refused = await api.post(path, json={"email": email})
            refused_on(refused, "email", hour + timedelta(hours=1), clock.now)
        assert len(await mails_to(email)) == PER_EMAIL_CODE_REQUESTS
        assert len(await events(schema, "VerificationCodeIssued")) == PER_EMAIL_CODE_REQUESTS

        clock.now = hour + timedelta(hours=1)  # the next window
        again = await api.post("/auth/sign-in", json={"email": email})
        assert again.status_code == 202, again.text
        await mailed(email, PER_EMAIL_CODE_REQUESTS + 1)


async def test_code_checks_past_the_limit_are_refused_even_with_the_right_code(
    schema: str,
) -> None:
    quarter = hour_start() + timedelta(minutes=15)
    clock, email = ManualClock(quarter + timedelta(minutes=6)), new_email("tebak")
    async with running(schema, clock=clock) as service, http(service) as api:
        assert (await api.post("/auth/sign-up", json={"email": email})).status_code == 202
        first = await code_mailed(email, 1)
        wrong = "000000" if first != "000000" else "111111"
        for _ in range(PER_EMAIL_CODE_CHECKS):
            guess = await api.post("/auth/verify", json={"email": email, "code": wrong})
            assert guess.status_code == 422, guess.text
            assert guess.json()["errors"][0]["field"] == "code"

        clock.advance(PAST_COOLDOWN)
        assert (await api.post("/auth/sign-in", json={"email": email})).status_code == 202
        right = {"email": email, "code": await code_mailed(email, 2)}
        refused = await api.post("/auth/verify", json=right)
        refused_on(refused, "email", quarter + timedelta(minutes=15), clock.now)
        assert await events(schema, "VerificationCodeAccepted") == []

        clock.now = quarter + timedelta(minutes=15)  # next window; the code is still valid
        accepted = await api.post("/auth/verify", json=right)
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["role"] == "candidate" and accepted.json()["token"]


async def test_one_address_asking_for_many_addresses_is_limited_per_address(schema: str) -> None:
    # The per-address limit is wide in production (a hall of candidates behind one router);
    # a narrow one is injected so the test stays short. Same limiter, same table.
    hourly = timedelta(hours=1)
    limits = RateLimits(per_address={"request_code": Limit(3, hourly), "verify": Limit(9, hourly)})
    hour = hour_start()
    clock = ManualClock(hour + timedelta(minutes=30))
    async with running(schema, clock=clock, rate_limits=limits) as service:
        app = create_app(service)
        hall = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("203.0.113.7", 40000)),
            base_url="http://registration.test",
        )
        elsewhere = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("198.51.100.20", 40000)),
            base_url="http://registration.test",
        )
        async with hall, elsewhere:
            for _ in range(3):
                asked = await hall.post("/auth/sign-in", json={"email": new_email()})
                assert asked.status_code == 202, asked.text
            refused = await hall.post("/auth/sign-up", json={"email": new_email()})
            refused_on(refused, "client_ip", hour + timedelta(hours=1), clock.now)
            other = await elsewhere.post("/auth/sign-in", json={"email": new_email()})
            assert other.status_code == 202, other.text


async def test_two_processes_of_the_service_share_one_count(schema: str) -> None:
    hour = hour_start()
    clock, email = ManualClock(hour + timedelta(minutes=1)), new_email("dua")
    async with (
        running(schema, clock=clock) as one,
        running(schema, clock=clock) as two,
        http(one) as first,
        http(two) as second,
    ):
        for i in range(PER_EMAIL_CODE_REQUESTS):
            api = first if i % 2 == 0 else second  # neither process sees more than three
            asked = await api.post("/auth/sign-in", json={"email": email})
            assert asked.status_code == 202, asked.text
            clock.advance(PAST_COOLDOWN)  # so the resend cooldown is not what refuses
        for api in (first, second):
            refused = await api.post("/auth/sign-in", json={"email": email})
            refused_on(refused, "email", hour + timedelta(hours=1), clock.now)


async def test_a_registered_address_and_an_unknown_one_are_answered_alike(schema: str) -> None:
    """Within the resend cooldown, asking again for an address with an account and for one
    without gets the same 429 and Retry-After: the limits tell no one who is registered."""
    hour = hour_start()
    clock = ManualClock(hour + timedelta(minutes=20))
    known, unknown = new_email("terdaftar"), new_email("asing")
    async with running(schema, clock=clock) as service, http(service) as api:
        assert (await api.post("/auth/sign-up", json={"email": known})).status_code == 202
        await mailed(known, 1)
        clock.advance(PAST_COOLDOWN)
        answers = []
        for email in (known, unknown):
            first = await api.post("/auth/sign-in", json={"email": email})
            second = await api.post("/auth/sign-in", json={"email": email})
            answers.append((first.status_code, second.status_code, second.json(),
                            second.headers.get("Retry-After")))  # fmt: skip
        assert answers[0] == answers[1]
        assert answers[0][:2] == (202, 429)
        assert len(await mails_to(unknown)) == 0 and len(await mails_to(known)) == 2
