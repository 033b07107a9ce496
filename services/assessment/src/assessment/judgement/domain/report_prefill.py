"""What the AK.05 report can take from the assessor's capture: for each unit recommended BK, the
performance criteria the assessor observed as not yet competent (IA.01), with the notes written
on them, as a suggested gap the assessor edits before writing the draft. The tablet names an
observation's subject `<unit code>/<criterion code>` (criterion codes repeat in every unit);
a subject without a unit names no unit and suggests nothing. A BK unit with no such observation
gets no suggestion: the assessor writes the gap (the draft still requires one)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

MOST = 2000  # a gap's length in the report


class NotYet(BaseModel):
    """One criterion observed as not yet competent, and the assessor's note on it."""

    model_config = ConfigDict(frozen=True)

    unit_code: str
    criterion: str
    note: str = ""


def criterion_of(subject: str) -> tuple[str, str] | None:
    unit, slash, criterion = subject.rpartition("/")
    return (unit, criterion) if slash and unit and criterion else None


def suggested_gaps(units_not_yet: list[str], observed: list[NotYet]) -> dict[str, str]:
    suggested: dict[str, str] = {}
    for unit in units_not_yet:
        found = sorted((n for n in observed if n.unit_code == unit), key=lambda n: n.criterion)
        if not found:
            continue
        text = "KUK belum kompeten (IA.01): " + ", ".join(n.criterion for n in found)
        notes = [f"{n.criterion}: {' '.join(n.note.split())}" for n in found if n.note.strip()]
        if notes:
            text += ". Catatan: " + "; ".join(notes)
        suggested[unit] = text if len(text) <= MOST else text[: MOST - 1] + "…"
    return suggested
