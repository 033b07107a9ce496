"""The seeded question banks: the cashier (KOP-KASIR) and treasurer (KOP-BENDAHARA) schemes'
multiple-choice, essay, oral and interview questions, practical tasks and portfolio documents
(Bahasa Indonesia), kept as JSON for review and turned into the bank file an admin uploads.

Each bank belongs to the LSP that owns its scheme: the `lsp_id` registration published with
the scheme version (for the demo, registration.seed's LSP-KOPERASI-BALI), so no LSP id is
written here. Seeding is idempotent: a bank whose latest published version holds the same
content is left alone; one that differs gets a new version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from assessment.banks.application.bank_commands import BankCommands, BankUpload
from assessment.banks.domain.bank_columns import OPTION_COLUMNS
from assessment.banks.seed.workbook import workbook
from assessment.intake.application.scheme_version_published import SchemeVersions

SEED_ACTOR = UUID("00000000-0000-4000-8000-0000000ba4c5")
FILES = ("kop_kasir.json", "kop_bendahara.json")
LETTERS = "ABCDE"


@dataclass(frozen=True)
class Seeded:
    scheme_code: str
    lsp_id: UUID
    version: int | None  # the version published now; None: the bank already said this


def bank_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    """The rows of the bank file for one seed: codes like KSR-011-PG-03; the correct option
    moves round the letters (the JSON lists it where it was written)."""
    rows: list[dict[str, str]] = []
    for unit, parts in data["units"].items():
        number = unit.split(".")[2]

        def code(kind: str, n: int, number: str = number) -> str:
            return f"{data['prefix']}-{number}-{kind}-{n:02d}"

        for n, (stem, options, key) in enumerate(parts["pilihan_ganda"], 1):
            correct, others = (
                options[LETTERS.index(key)],
                [o for o in options if o != options[LETTERS.index(key)]],
            )
            at = n % len(options)
            ordered = [*others[:at], correct, *others[at:]]
            rows.append({"kode": code("PG", n), "jenis": "pilihan_ganda", "unit": unit,
                         "teks": stem, **dict(zip(OPTION_COLUMNS, ordered, strict=False)),
                         "kunci": LETTERS[at]})  # fmt: skip
        for kind, tag in (("esai", "ES"), ("lisan", "LS"), ("wawancara", "WW")):
            for n, (text, guidance) in enumerate(parts.get(kind, []), 1):
                row = {"kode": code(tag, n), "jenis": kind, "unit": unit, "teks": text,
                       "panduan": guidance}  # fmt: skip
                rows.append(row | ({"kelompok": data["group"]} if kind == "wawancara" else {}))
        for kind, tag in (("tugas_praktik", "TP"), ("portofolio", "PF")):
            for n, text in enumerate(parts.get(kind, []), 1):
                rows.append({"kode": code(tag, n), "jenis": kind, "unit": unit, "teks": text})
    return rows


def seed_files() -> list[dict[str, Any]]:
    folder = Path(__file__).parent
    return [json.loads((folder / name).read_text(encoding="utf-8")) for name in FILES]


async def seed_banks(commands: BankCommands, schemes: SchemeVersions) -> list[Seeded]:
    """Import and publish every seeded bank for its scheme's LSP; the schemes must have
    reached assessment (registration's SchemeVersionPublishedV1)."""
    seeded = []
    for data in seed_files():
        code = data["scheme_code"]
        scheme = await schemes.latest(code)
        if scheme is None or scheme.lsp_id is None:
            raise LookupError(
                f"assessment has not received an LSP's scheme {code}: run registration.seed "
                "first; a stack whose assessment consumed registration's topic before it kept "
                "scheme versions needs that topic replayed for its consumer group"
            )
        upload = BankUpload(scheme.lsp_id, code, workbook(bank_rows(data)), SEED_ACTOR)
        content = await commands.check(upload)
        if content == await commands.published_content(scheme.lsp_id, code):
            seeded.append(Seeded(code, scheme.lsp_id, None))
            continue
        await commands.import_file(upload)
        version = await commands.publish(scheme.lsp_id, code, SEED_ACTOR)
        seeded.append(Seeded(code, scheme.lsp_id, version))
    return seeded
