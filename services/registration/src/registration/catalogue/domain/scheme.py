"""The certification scheme (skema sertifikasi) aggregate: one stream per scheme code, holding
its versions. A version is drafted, revised while a draft, then published once and for good."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from kompeten_contracts.errors import Kind, Problem, Refusal, conflict, invalid
from registration.catalogue.domain.scheme_content import (
    SCHEME_CODE,
    SchemeContent,
    check_complete,
    check_consistent,
)


class SchemeMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    scheme_code: str
    actor: UUID
    at: datetime
    # The certification body (LSP) whose scheme it is, and whose admins act on it. Events
    # recorded before schemes had an owner carry none.
    lsp_id: UUID | None = None


class DraftScheme(SchemeMessage):
    content: SchemeContent


class DraftNextVersion(SchemeMessage):
    pass


class ReviseDraft(SchemeMessage):
    version: int
    content: SchemeContent


class PublishVersion(SchemeMessage):
    version: int


class SchemeVersionDrafted(SchemeMessage):
    version: int
    content: SchemeContent
    based_on_version: int | None = None


class SchemeDraftRevised(SchemeMessage):
    version: int
    content: SchemeContent


class SchemeVersionPublished(SchemeMessage):
    version: int
    content: SchemeContent


SchemeEvent = SchemeVersionDrafted | SchemeDraftRevised | SchemeVersionPublished
EVENTS: tuple[type[SchemeEvent], ...] = (
    SchemeVersionDrafted,
    SchemeDraftRevised,
    SchemeVersionPublished,
)


class UnknownVersion(Refusal):
    def __init__(self, number: int) -> None:
        problem = Problem(
            "version", f"versi {number} tidak ada", f"version {number} does not exist"
        )
        super().__init__([problem], Kind.NOT_FOUND)


@dataclass(frozen=True)
class SchemeVersion:
    number: int
    content: SchemeContent
    published: bool = False


@dataclass(frozen=True)
class Scheme:
    code: str | None = None
    versions: tuple[SchemeVersion, ...] = ()
    lsp_id: UUID | None = None

    def version(self, number: int) -> SchemeVersion:
        if not 1 <= number <= len(self.versions):
            raise UnknownVersion(number)
        return self.versions[number - 1]


def stream_id(scheme_code: str) -> str:
    return f"scheme-{scheme_code}"


def decide_draft(state: Scheme, command: DraftScheme) -> list[SchemeEvent]:
    if not re.match(SCHEME_CODE, command.scheme_code):
        raise invalid(
            "scheme_code",
            "kode skema: huruf besar/angka dipisah '-', mis. KOP-KASIR",
            "scheme code: capitals/digits separated by '-', e.g. KOP-KASIR",
        )
    if state.code is not None:
        raise conflict("scheme_code", "kode skema sudah dipakai", "scheme code already exists")
    if command.lsp_id is None:
        raise invalid("lsp", "skema milik sebuah LSP", "a scheme belongs to an LSP")
    check_consistent(command.content)
    return [SchemeVersionDrafted(**command.model_dump(), version=1)]


def decide_next_version(state: Scheme, command: DraftNextVersion) -> list[SchemeEvent]:
    latest = state.version(len(state.versions))
    if not latest.published:
        raise conflict(
            "version",
            f"versi {latest.number} masih draf; terbitkan atau ubah draf itu",
            f"version {latest.number} is still a draft; publish or revise it",
        )
    return [
        SchemeVersionDrafted(
            **command.model_dump(),
            version=latest.number + 1,
            content=latest.content,
            based_on_version=latest.number,
        )
    ]


def decide_revise(state: Scheme, command: ReviseDraft) -> list[SchemeEvent]:
    _refuse_published(state.version(command.version))
    check_consistent(command.content)
    return [SchemeDraftRevised(**command.model_dump())]


def decide_publish(state: Scheme, command: PublishVersion) -> list[SchemeEvent]:
    version = state.version(command.version)
    _refuse_published(version)
    check_complete(version.content)
    return [SchemeVersionPublished(**command.model_dump(), content=version.content)]


def _refuse_published(version: SchemeVersion) -> None:
    if version.published:
        raise conflict(
            "version",
            f"versi {version.number} sudah terbit dan tidak dapat diubah",
            f"version {version.number} is published and cannot change",
        )


def evolve(state: Scheme, event: SchemeEvent) -> Scheme:
    versions = list(state.versions)
    if isinstance(event, SchemeVersionDrafted):
        versions.append(SchemeVersion(event.version, event.content))
    elif isinstance(event, SchemeDraftRevised):
        versions[event.version - 1] = SchemeVersion(event.version, event.content)
    else:
        versions[event.version - 1] = SchemeVersion(event.version, event.content, published=True)
    owner = state.lsp_id if state.code is not None else event.lsp_id
    return Scheme(code=event.scheme_code, versions=tuple(versions), lsp_id=owner)
