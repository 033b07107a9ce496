"""The AK.05 gaps suggested from the capture: per unit recommended BK, the criteria observed as
not yet competent (sorted) with their notes; nothing for a BK unit without such an observation,
nor for a unit recommended K; a subject without a unit names none; a long text is cut."""

from __future__ import annotations

from assessment.judgement.domain.report_prefill import MOST, NotYet, criterion_of, suggested_gaps

CASH, DAILY, RECORD = "M.649000.011.01", "M.649000.012.01", "M.649000.013.01"


def test_each_bk_unit_lists_its_criteria_not_yet_competent_with_their_notes() -> None:
    observed = [
        NotYet(unit_code=CASH, criterion="1.2", note="  Salah   menghitung kembalian "),
        NotYet(unit_code=CASH, criterion="1.1"),
        NotYet(unit_code=RECORD, criterion="3.1", note="unit ini K"),
    ]
    assert suggested_gaps([CASH, DAILY], observed) == {
        CASH: "KUK belum kompeten (IA.01): 1.1, 1.2. Catatan: 1.2: Salah menghitung kembalian"
    }


def test_the_subject_names_unit_and_criterion() -> None:
    assert criterion_of(f"{CASH}/1.2") == (CASH, "1.2")
    assert criterion_of("1.2") is None and criterion_of("/1.2") is None
    assert criterion_of(f"{CASH}/") is None


def test_a_long_suggestion_is_cut_to_what_the_report_takes() -> None:
    many = [NotYet(unit_code=CASH, criterion=f"{n}", note="x" * 300) for n in range(20)]
    text = suggested_gaps([CASH], many)[CASH]
    assert len(text) == MOST and text.endswith("…")
