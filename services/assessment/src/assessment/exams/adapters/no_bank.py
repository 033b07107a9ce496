"""The question bank of a service started without one: every draw is refused, naming the
scheme, so planning says why it cannot assign instead of failing."""

from __future__ import annotations

from uuid import UUID

from assessment.exams.application.ports import DrawnExam
from kompeten_contracts.errors import conflict


class NoPublishedBank:
    async def draw(
        self, lsp_id: UUID | None, scheme_code: str, scheme_version: int, seed: str
    ) -> DrawnExam:
        raise conflict(
            "scheme_code",
            "bank soal skema ini belum diterbitkan",
            "no question bank is published for this scheme",
        )
