"""Who may do what, as a service declares it: one rule per operation of its HTTP API
("METHOD /path" as in its OpenAPI document). The role x endpoint matrix test
(servicekit.testing.access_matrix) tries every operation with every role, with no token, with
another owner's ids and with ids that do not exist, and holds the answers against this table;
an operation missing from the table fails it, so a new endpoint is declared or it is not done."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kompeten_contracts.roles import Role


@dataclass(frozen=True)
class Rule:
    # Roles that may call it; None: anyone, signed in or not.
    roles: frozenset[Role] | None
    # Roles that reach only their own records through it: ids of someone else's (or of no one)
    # answer 404, exactly as an id that does not exist, so no id can be probed.
    owners: frozenset[Role] = frozenset()

    @property
    def public(self) -> bool:
        return self.roles is None


def anyone() -> Rule:
    return Rule(None)


def roles(*allowed: Role, own_only: tuple[Role, ...] = ()) -> Rule:
    return Rule(frozenset(allowed), frozenset(own_only))


def signed_in(own_only: tuple[Role, ...] = ()) -> Rule:
    return roles(*Role, own_only=own_only)


AccessTable = Mapping[str, Rule]
