"""Rate limits on sign-up, code verification and sign-in: per e-mail and per client address.

Fixed windows counted in a shared table, so every process of the service sees the same counts.
Both keys are keyed hashes: neither the e-mail nor the IP address is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kompeten_contracts.errors import Kind, Problem, Refusal
from registration.identity.application.ports import RateCounter

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class TooManyRequests(Refusal):
    def __init__(self, field: str, retry_after: timedelta) -> None:
        seconds = max(1, int(retry_after.total_seconds() + 0.999))
        problem = Problem(
            field,
            f"terlalu banyak permintaan; coba lagi dalam {seconds} detik",
            f"too many requests; try again in {seconds} seconds",
        )
        super().__init__([problem], Kind.TOO_MANY, retry_after=seconds)


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


# A hall of 150 candidates often shares one address (one router): per-address limits are wide,
# per-e-mail limits are the tight ones.
@dataclass(frozen=True)
class RateLimits:
    per_email: dict[str, Limit] = field(
        default_factory=lambda: {
            "request_code": Limit(5, timedelta(hours=1)),
            "verify": Limit(10, timedelta(minutes=15)),
        }
    )
    # A candidate whose NIK registration was refused may try again (a typo), but not often:
    # each refusal says a NIK is registered, so unlimited tries would test anyone's NIK.
    per_account: dict[str, Limit] = field(
        default_factory=lambda: {"nik_refused": Limit(3, timedelta(days=1))}
    )
    per_address: dict[str, Limit] = field(
        default_factory=lambda: {
            "request_code": Limit(600, timedelta(hours=1)),
            "verify": Limit(1200, timedelta(hours=1)),
        }
    )


@dataclass
class RateLimiter:
    counter: RateCounter
    limits: RateLimits = field(default_factory=RateLimits)

    async def check(self, action: str, email_hash: str, address_hash: str, now: datetime) -> None:
        for field_name, limit, key in (
            ("email", self.limits.per_email[action], email_hash),
            ("client_ip", self.limits.per_address[action], address_hash),
        ):
            start = _window_start(now, limit.window)
            count = await self.counter.hit(f"{action}:{field_name}:{key}", start)
            if count > limit.count:
                raise TooManyRequests(field_name, start + limit.window - now)

    async def within(self, action: str, key: str, now: datetime, field_name: str) -> None:
        """Refused (429 on `field_name`) once the key's window already holds its limit of
        `action`; nothing is counted here (`count` does, for what is limited)."""
        limit = self.limits.per_account[action]
        start = _window_start(now, limit.window)
        if await self.counter.count(f"{action}:{key}", start) >= limit.count:
            raise TooManyRequests(field_name, start + limit.window - now)

    async def count(self, action: str, key: str, now: datetime) -> None:
        limit = self.limits.per_account[action]
        await self.counter.hit(f"{action}:{key}", _window_start(now, limit.window))

    async def cooldown(self, field_name: str, key: str, duration: timedelta, now: datetime) -> None:
        """One request per key per `duration` (sliding): the next one is refused with what
        is left of it. Held whether or not the key leads anywhere, so the answer and its timing
        of limits never tell a registered address from one that is not."""
        left = await self.counter.hold(key, now, duration)
        if left is not None:
            raise TooManyRequests(field_name, left)

    async def end_cooldown(self, key: str, now: datetime) -> None:
        await self.counter.release(key, now)


def _window_start(now: datetime, window: timedelta) -> datetime:
    elapsed = (now - EPOCH) // window
    return EPOCH + elapsed * window
