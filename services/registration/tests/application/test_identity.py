"""Sign-up, sign-in, linking, rate limits and erasure with in-memory fakes and a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from eventkit.idempotency import InMemoryIdempotencyKeys
from eventkit.pii import InMemoryVault
from eventkit.store import InMemoryEventStore
from kompeten_contracts.errors import Refusal
from kompeten_contracts.roles import Role
from registration.candidates.application.candidate_profile import CandidateProfiles
from registration.candidates.application.erase_candidate import EraseCandidateHandler
from registration.candidates.application.register_candidate import (
    RegisterCandidateHandler,
    RegisterCandidateRequest,
)
from registration.identity.application.ports import Actor
from registration.identity.application.rate_limits import (
    Limit,
    RateLimiter,
    RateLimits,
    TooManyRequests,
)
from registration.identity.application.request_code import CodeRequest, RequestCodeHandler
from registration.identity.application.verify_code import VerifyCodeHandler, VerifyRequest

from .fakes import (
    Clock,
    InMemoryAccessLog,
    InMemoryApplicants,
    InMemoryEmailIndex,
    InMemoryMailer,
    InMemoryNikIndex,
    InMemoryRateCounter,
    InMemorySessions,
    InMemoryUnitOfWork,
)

EMAIL = "ayu@example.id"


class World:
    def __init__(self, limits: RateLimits | None = None) -> None:
        self.clock = Clock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
        self.store, self.mailer = InMemoryEventStore(), InMemoryMailer()
        self.vault, self.emails = InMemoryVault(b"k" * 32), InMemoryEmailIndex()
        uow, secret = InMemoryUnitOfWork(), b"s" * 32
        limiter = RateLimiter(InMemoryRateCounter(), limits or RateLimits())
        self.request_code = RequestCodeHandler(
            uow, self.store, self.vault, self.emails, self.mailer, limiter, secret, self.clock
        )
        self.verify = VerifyCodeHandler(uow, self.store, self.emails, limiter, secret, self.clock)
        self.register = RegisterCandidateHandler(
            uow, self.store, self.vault, InMemoryIdempotencyKeys(), InMemoryNikIndex(), secret,
            self.emails, RateLimiter(InMemoryRateCounter()), self.clock,
        )  # fmt: skip
        self.sessions, self.applicants = InMemorySessions(), InMemoryApplicants()
        self.erase = EraseCandidateHandler(
            uow, self.store, self.vault, self.emails, self.sessions, self.applicants, self.clock
        )
        self.access_log = InMemoryAccessLog()
        self.profiles = CandidateProfiles(
            uow, self.store, self.vault, self.access_log, self.applicants
        )

    async def sign_up(self, email: str = EMAIL, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
        await self.request_code(CodeRequest(email, ip, "sign_up"))
        return await self.verify(VerifyRequest(email, self.mailer.last_code(email), ip))


def registration(**overrides: object) -> RegisterCandidateRequest:
    fields: dict[str, object] = dict(
        client_id=uuid4(), full_name="Ni Luh Putu Ayu", nik="5107015203880002", email=None,
        district_code="5107",
    )  # fmt: skip
    fields.update(overrides)
    return RegisterCandidateRequest(**fields)  # type: ignore[arg-type]


async def test_sign_up_mails_a_code_that_signs_the_candidate_in() -> None:
    world = World()
    signed = await world.sign_up()
    assert signed.role is Role.CANDIDATE and signed.candidate_id is None
    to, _subject, text = world.mailer.sent[0]
    assert to == EMAIL and "Kode verifikasi" in text and "verification code" in text
    assert text.index("Kode verifikasi") < text.index("verification code")
    log = str([e.data for e in await world.store.read_all()])
    assert EMAIL not in log and world.mailer.last_code(EMAIL) not in log


async def test_the_code_mail_links_to_the_installations_app_in_both_languages() -> None:
    world = World()
    world.request_code.app_url = "https://kompeten.example.id/"
    await world.sign_up()
    _to, _subject, text = world.mailer.sent[0]
    assert "Buka aplikasi Kompeten: https://kompeten.example.id/" in text
    assert "Open the Kompeten app: https://kompeten.example.id/" in text


async def test_the_fifth_wrong_code_kills_the_code() -> None:
    world = World()
    await world.request_code(CodeRequest(EMAIL, "ip", "sign_up"))
    code = world.mailer.last_code(EMAIL)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(Refusal) as caught:
            await world.verify(VerifyRequest(EMAIL, wrong, "ip"))
        assert caught.value.field == "code" and f"{left} attempts left" in caught.value.reason_en
    with pytest.raises(Refusal, match="no valid code"):
        await world.verify(VerifyRequest(EMAIL, code, "ip"))


async def test_a_code_expires_and_resend_waits_for_the_cooldown() -> None:
    world = World()
    await world.request_code(CodeRequest(EMAIL, "ip", "sign_up"))
    with pytest.raises(TooManyRequests) as caught:
        await world.request_code(CodeRequest(EMAIL, "ip", "sign_in"))
    assert caught.value.field == "email" and caught.value.retry_after == 60
    code = world.mailer.last_code(EMAIL)
    world.clock.advance(minutes=10)
    with pytest.raises(Refusal, match="no valid code"):
        await world.verify(VerifyRequest(EMAIL, code, "ip"))
    await world.request_code(CodeRequest(EMAIL, "ip", "sign_in"))
    assert (await world.verify(VerifyRequest(EMAIL, world.mailer.last_code(EMAIL), "ip"))).role


async def test_sign_in_of_an_unknown_address_sends_nothing_and_says_nothing() -> None:
    world = World()
    await world.request_code(CodeRequest("nobody@example.id", "ip", "sign_in"))
    assert world.mailer.sent == [] and await world.store.read_all() == []


async def test_a_candidate_registers_themself_with_their_verified_e_mail() -> None:
    world = World()
    signed = await world.sign_up()
    me = Actor(signed.account_id, Role.CANDIDATE)
    done = await world.register(registration(actor=me))
    owner = Actor(signed.account_id, Role.CANDIDATE, done.candidate_id)
    profile = await world.profiles.get(done.candidate_id, owner)
    assert profile is not None and profile.email == EMAIL and profile.nik == "5107015203880002"
    world.clock.advance(minutes=2)
    again = await world.sign_up()
    assert again.candidate_id == done.candidate_id
    with pytest.raises(Refusal) as caught:
        await world.register(registration(actor=me, nik="5107015203880010"))
    assert caught.value.field == "Authorization" and caught.value.status == 409


async def test_staff_registration_links_to_the_persons_later_sign_up() -> None:
    world = World()
    operator = Actor(uuid4(), Role.DISTRICT_OPERATOR)
    done = await world.register(registration(email="Ayu@Example.id", actor=operator))
    signed = await world.sign_up()
    assert signed.candidate_id == done.candidate_id
    with pytest.raises(Refusal) as caught:
        await world.register(registration(email=EMAIL, nik="5107015203880010", actor=operator))
    assert caught.value.field == "email" and caught.value.status == 409


async def test_nobody_reads_another_candidates_profile() -> None:
    world = World()
    done = await world.register(registration(email=EMAIL))
    stranger = Actor(uuid4(), Role.CANDIDATE, uuid4())
    assert await world.profiles.get(done.candidate_id, stranger) is None
    assert await world.profiles.get(done.candidate_id, Actor(uuid4(), Role.PARTNER)) is None
    bali, ntb = uuid4(), uuid4()
    world.applicants.applied.add((done.candidate_id, bali))  # they applied to BALI's scheme
    admin_of = lambda lsp: Actor(uuid4(), Role.LSP_ADMIN, lsp_id=lsp)  # noqa: E731
    assert await world.profiles.get(done.candidate_id, admin_of(ntb)) is None
    assert await world.profiles.get(done.candidate_id, admin_of(bali))


async def test_erasure_makes_the_person_unreadable_and_closes_their_account() -> None:
    world = World()
    signed = await world.sign_up()
    done = await world.register(registration(actor=Actor(signed.account_id, Role.CANDIDATE)))
    with pytest.raises(Refusal) as caught:  # another candidate may not erase them
        await world.erase(done.candidate_id, Actor(uuid4(), Role.CANDIDATE, uuid4()))
    assert caught.value.status == 404
    admin = Actor(uuid4(), Role.LSP_ADMIN)
    world.applicants.applied.add((done.candidate_id, None))  # applied to the admin's LSP
    await world.erase(done.candidate_id, admin)
    await world.erase(done.candidate_id, admin)  # a repeated request changes nothing
    profile = await world.profiles.get(done.candidate_id, admin)
    assert profile is not None and profile.erased and profile.nik == "[dihapus]"
    types = [e.event_type for e in await world.store.read_all()]
    assert types.count("CandidateErased") == 1 and types.count("AccountClosed") == 1
    world.clock.advance(minutes=5)
    fresh = await world.sign_up()  # the address is free again: a new, unlinked account
    assert fresh.account_id != signed.account_id and fresh.candidate_id is None


async def test_rate_limits_per_e_mail_and_per_address_reset_after_the_window() -> None:
    tight = RateLimits(
        per_email={"request_code": Limit(2, timedelta(minutes=10)),
                   "verify": Limit(3, timedelta(minutes=10))},
        per_address={"request_code": Limit(2, timedelta(minutes=10)),
                     "verify": Limit(100, timedelta(minutes=10))},
    )  # fmt: skip
    world = World(tight)
    for _ in range(2):
        await world.request_code(CodeRequest("a@example.id", "ip", "sign_in"))
        world.clock.advance(seconds=61)  # past the resend cooldown every address has
    with pytest.raises(TooManyRequests) as caught:
        await world.request_code(CodeRequest("a@example.id", "ip", "sign_in"))
    assert caught.value.field == "email" and 0 < caught.value.retry_after <= 600
    with pytest.raises(TooManyRequests) as caught:
        await world.request_code(CodeRequest("b@example.id", "ip", "sign_in"))
    assert caught.value.field == "client_ip"
    world.clock.advance(minutes=10)
    await world.request_code(CodeRequest("a@example.id", "ip", "sign_in"))
