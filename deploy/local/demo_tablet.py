"""The assessors' tablets in the demo hall: attendance at the door (present, identity checked)
and the mark of each candidate's essay (FR.IA.06), written offline and synced after the exam as
one batch per tablet. Fixed record ids and each tablet's own sequence: a batch sent again is
the same records, applied once."""

from __future__ import annotations

from typing import Any

from demo_http import client_id

ESSAY_NOTE = "Urutan penerimaan dan penyetoran kas runtut; pencatatan lengkap."


def _record(records: list[dict[str, Any]], line: dict[str, Any], kind: str, subject: str = "",
            **payload: Any) -> None:  # fmt: skip
    records.append({
        "record_id": client_id("capture", line["attempt_id"], kind, subject),
        "device_id": f"tablet-{line['assessor_id'][:8]}", "assessor_id": line["assessor_id"],
        "seq": len(records) + 1, "candidate_id": line["candidate_id"], "kind": kind,
        "subject": subject, **payload,
    })  # fmt: skip


def tablet_batches(
    lines: list[dict[str, Any]], essays: dict[str, list[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Per assessor (the roster's `assessor_id`), the records of their tablet; `essays`: the
    essay questions each attempt drew."""
    batches: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        records = batches.setdefault(line["assessor_id"], [])
        _record(records, line, "attendance", presence="present", identity_checked=True)
        for essay in essays.get(line["attempt_id"], []):
            _record(records, line, "essay_mark", essay, points=80, text=ESSAY_NOTE)
    return batches
