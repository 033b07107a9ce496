"""The authority's blanko numbers: rows refused for what the file alone shows (malformed, twice
in the file), and a certificate's blanko number attached once (the same again changes nothing,
another is refused naming the one it has)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from certificate.blanko.domain.attachment import AttachBlanko, decide_attach
from certificate.blanko.domain.blanko_rows import BlankoRow, row_problems
from certificate.issuance.domain import certificate as c
from certificate.issuance.domain import certificate_events as e
from certificate.shared.domain.outcomes import Outcome, UnitOutcome
from kompeten_contracts.errors import Kind, Refusal

LSP, ADMIN = uuid4(), uuid4()
AT = datetime(2026, 12, 20, 9, tzinfo=UTC)


def test_malformed_rows_and_numbers_twice_in_the_file_are_refused_row_by_row() -> None:
    rows = [
        BlankoRow(2, "KOP-KASIR/2026/00001", "0012345 2026"),
        BlankoRow(3, "", "0012346 2026"),
        BlankoRow(4, "KOP-KASIR/2026/00003", "12"),
        BlankoRow(5, "KOP-KASIR/2026/00004", "0012347 2026"),
        BlankoRow(6, "KOP-KASIR/2026/00004", "0012348 2026"),
        BlankoRow(7, "KOP-KASIR/2026/00007", "0012345 2026"),
        BlankoRow(8, "KOP-KASIR/2026/00008", "<script>"),
    ]
    problems = row_problems(rows)
    fields = {row: [p.field for p in found] for row, found in problems.items()}
    assert fields == {
        2: ["rows[2].nomor_blanko"],  # the same blanko as row 7
        3: ["rows[3].nomor_sertifikat"],
        4: ["rows[4].nomor_blanko"],
        5: ["rows[5].nomor_sertifikat"],
        6: ["rows[6].nomor_sertifikat"],
        7: ["rows[7].nomor_blanko"],
        8: ["rows[8].nomor_blanko"],
    }
    assert "more than once" in problems[5][0].reason_en and "malformed" in problems[4][0].reason_en
    assert row_problems([BlankoRow(2, "KOP-KASIR/2026/00001", "0012345 2026")]) == {}


def issued() -> c.Certificate:
    command = e.IssueCertificate(
        certificate_id=uuid4(), token="A" * 22, attempt_id=uuid4(), candidate_id=uuid4(),
        lsp_id=LSP, scheme_code="KOP-KASIR", scheme_version=1, session_id=uuid4(),
        district_code="5107", units=(UnitOutcome(unit_code="U1", outcome=Outcome.COMPETENT),),
        number="KOP-KASIR/2026/00001", issued_on=date(2026, 11, 23),
        valid_until=date(2029, 11, 22), kid="dev", qr_payload="KC1:X", at=AT,
    )  # fmt: skip
    return c.evolve(c.Certificate(), *c.decide_issue(c.Certificate(), command))


def attach(state: c.Certificate, blanko: str, lsp: object = LSP) -> AttachBlanko:
    assert state.issued is not None
    return AttachBlanko(certificate_id=state.issued.certificate_id, lsp_id=lsp,
                        blanko_number=blanko, import_id=uuid4(), actor_id=ADMIN, at=AT)  # type: ignore[arg-type]  # fmt: skip


def test_a_blanko_number_is_attached_once_and_another_is_refused() -> None:
    state = issued()
    [attached] = decide_attach(state, attach(state, "0012345 2026"))
    assert attached.blanko_number == "0012345 2026" and attached.actor_id == ADMIN
    state = c.evolve(state, attached)
    assert state.blanko_number == "0012345 2026"
    assert decide_attach(state, attach(state, "0012345 2026")) == []  # the same pair again
    with pytest.raises(Refusal) as other:
        decide_attach(state, attach(state, "0099999 2026"))
    assert (other.value.kind, other.value.field) == (Kind.CONFLICT, "nomor_blanko")
    assert "0012345 2026" in other.value.reason_en


def test_another_lsps_certificate_is_no_such_number() -> None:
    state = issued()
    with pytest.raises(Refusal) as refused:
        decide_attach(state, attach(state, "0012345 2026", lsp=uuid4()))
    assert (refused.value.kind, refused.value.field) == (Kind.NOT_FOUND, "nomor_sertifikat")
