"""The role x endpoint matrix: every operation of a service's OpenAPI document, tried with
every role, with no token and with ids of no one (and, through `owned`, with another owner's
ids), against the service's access table (servicekit.access).

What it holds an answer to:
- no token on an operation that needs one: 401;
- a role the rule does not name: 403;
- a role it names: never 401, 403 or 5xx (the empty body may well be refused: 422);
- a role that reaches only its own records, with ids of no one or of another owner: 404."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import httpx

from kompeten_contracts.roles import Role
from servicekit.access import AccessTable, Rule
from servicekit.auth import bearer_headers

PARAMETER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


def operations(openapi: Mapping[str, Any]) -> list[Operation]:
    return [
        Operation(method.upper(), path)
        for path, methods in openapi["paths"].items()
        for method in methods
        if path != "/health"
    ]


def undeclared(openapi: Mapping[str, Any], table: AccessTable) -> tuple[set[str], set[str]]:
    """(operations the table lacks, table rows naming no operation)."""
    names = {operation.name for operation in operations(openapi)}
    return names - set(table), set(table) - names


def url(operation: Operation, values: Mapping[str, str]) -> str:
    """The operation's path with each parameter from `values`, a fresh UUID otherwise."""
    return PARAMETER.sub(lambda m: values.get(m.group(1), str(uuid4())), operation.path)


def callers(districts: tuple[str, ...] = ()) -> Iterator[tuple[Role | None, dict[str, str]]]:
    """No token, then one of every role; a district operator works in `districts`."""
    yield None, {}
    for role in Role:
        candidate = uuid4() if role is Role.CANDIDATE else None
        works_in = districts if role is Role.DISTRICT_OPERATOR else ()
        yield role, bearer_headers(role, candidate_id=candidate, districts=works_in)


def expected(rule: Rule, role: Role | None) -> str:
    if rule.public:
        return "allowed"
    if role is None:
        return "401"
    assert rule.roles is not None
    if role not in rule.roles:
        return "403"
    return "404" if role in rule.owners else "allowed"


def judged(expectation: str, status: int) -> bool:
    if expectation == "allowed":
        return status not in (401, 403) and status < 500
    return status == int(expectation)


Requests = Mapping[str, Mapping[str, Any]]


async def call(
    client: httpx.AsyncClient,
    operation: Operation,
    path: str,
    headers: dict[str, str],
    requests: Requests,
) -> httpx.Response:
    """The operation with the body `requests` gives it (httpx keywords: json, files, ...), or an
    empty JSON object."""
    default: Mapping[str, Any] = (
        {"json": {}} if operation.method in ("POST", "PUT", "PATCH") else {}
    )
    body = requests.get(operation.name, default)
    return await client.request(operation.method, path, headers=headers, **body)


async def mismatches(
    client: httpx.AsyncClient,
    openapi: Mapping[str, Any],
    table: AccessTable,
    examples: Mapping[str, str] | None = None,
    requests: Requests | None = None,
    districts: tuple[str, ...] = (),
) -> list[str]:
    """Every (operation, caller) whose answer the table does not allow, as readable lines.
    `examples` gives values for path parameters that are not UUIDs (codes, numbers);
    `requests` well-formed bodies, so that an owner check is not hidden behind a 422."""
    found = []
    for operation in operations(openapi):
        rule = table[operation.name]
        for role, headers in callers(districts):
            path = url(operation, examples or {})
            response = await call(client, operation, path, headers, requests or {})
            want = expected(rule, role)
            if not judged(want, response.status_code):
                who = role.value if role else "no token"
                found.append(
                    f"{operation.name} as {who}: {response.status_code}, expected {want} "
                    f"({response.text[:120]})"
                )
    return found


async def owned_by_another(
    client: httpx.AsyncClient,
    table: AccessTable,
    owned: Mapping[str, Mapping[str, str]],
    intruder: dict[str, str],
    owner_role: Role,
    requests: Requests | None = None,
) -> list[str]:
    """Operations on records that exist and belong to someone else (`owned`: operation name ->
    its path values), called by an `intruder` of `owner_role`: each must answer 404."""
    found = []
    for name, values in owned.items():
        method, path = name.split(" ", 1)
        operation = Operation(method, path)
        if owner_role not in table[name].owners:
            found.append(f"{name}: the table does not say {owner_role.value} owns it")
            continue
        response = await call(client, operation, url(operation, values), intruder, requests or {})
        if response.status_code != 404:
            found.append(f"{name} on another's ids: {response.status_code} ({response.text[:120]})")
    return found
