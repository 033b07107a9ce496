"""The committed JSON Schemas: current (a forgotten `write` fails) and compatible with what was
published (an incompatible change to a published event version fails)."""

import json
import shutil
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

import pytest
from pydantic import Field

from kompeten_contracts import REGISTRY, PublicEvent, encode
from kompeten_contracts.compat import ChangeKind, incompatible_changes
from kompeten_contracts.registry import TypeRegistry
from kompeten_contracts.schemas import (
    PUBLISHED,
    SCHEMAS_DIR,
    breaks,
    check,
    drift,
    generated,
    json_schema,
    main,
    relative_path,
    write,
)

PUBLISHED_RECORDS = sorted((SCHEMAS_DIR / PUBLISHED).glob("*/*.json"))


# -- (a) the committed schemas are what the models generate ---------------------------------


def test_the_committed_schemas_are_current() -> None:
    assert drift() == [], "\n".join(drift())


@pytest.mark.parametrize("event_class", REGISTRY.events(), ids=lambda cls: cls.ce_type())
def test_each_event_has_its_committed_schema(event_class: type[PublicEvent]) -> None:
    path = SCHEMAS_DIR / relative_path(event_class)
    committed = json.loads(path.read_text(encoding="utf-8"))
    assert committed == json_schema(event_class)
    assert committed["$id"] == event_class.ce_type()
    assert committed["title"] == event_class.__name__
    assert path.relative_to(SCHEMAS_DIR).as_posix() == (
        f"{event_class.service}/{event_class.name}.v{event_class.version}.json"
    )


def test_schemas_are_open_for_optional_additions() -> None:
    for text in generated().values():
        assert '"additionalProperties": false' not in text


# -- (b) every published schema still holds ---------------------------------------------------


def test_every_event_version_has_a_published_record() -> None:
    assert PUBLISHED_RECORDS, "no published schema at all"
    recorded = {path.relative_to(SCHEMAS_DIR / PUBLISHED).as_posix() for path in PUBLISHED_RECORDS}
    for event_class in REGISTRY.events():
        assert relative_path(event_class).as_posix() in recorded


@pytest.mark.parametrize("record_path", PUBLISHED_RECORDS, ids=lambda path: path.name)
def test_the_current_model_is_compatible_with_its_published_schema(record_path: Path) -> None:
    record = json.loads(record_path.read_text(encoding="utf-8"))
    ce_type = record["$id"]
    if ce_type in REGISTRY:
        changes = incompatible_changes(record, json_schema(REGISTRY.get(ce_type)))
        assert changes == [], (
            f"{ce_type} was published; these changes break its consumers: "
            + "; ".join(map(str, changes))
            + ". Make a new version with an upcaster instead."
        )
    else:  # a retired class: its records must still reach the latest version
        REGISTRY.upcaster_chain(ce_type)


def test_nothing_breaks_the_published_record() -> None:
    assert breaks() == [], "\n".join(breaks())


# -- the mechanism, on a copy in a temporary directory ---------------------------------------


class ResultV1(PublicEvent):
    """Published first."""

    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "ResultRecorded"
    version: ClassVar[int] = 1

    candidate_id: UUID
    score: int = Field(ge=0, le=100)


class ResultV1WithRemarks(PublicEvent):
    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "ResultRecorded"
    version: ClassVar[int] = 1

    candidate_id: UUID
    score: int = Field(ge=0, le=100)
    remarks: str | None = None


class ResultV1ScoreAsText(PublicEvent):
    service: ClassVar[str] = "assessment"
    name: ClassVar[str] = "ResultRecorded"
    version: ClassVar[int] = 1

    candidate_id: UUID
    score: str


def registry_of(*event_classes: type[PublicEvent]) -> TypeRegistry:
    registry = TypeRegistry()
    for event_class in event_classes:
        registry.register(event_class)
    return registry


def published(root: Path) -> dict[str, Any]:
    path = root / PUBLISHED / "assessment" / "ResultRecorded.v1.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def test_write_then_check_is_clean(tmp_path: Path) -> None:
    registry = registry_of(ResultV1)
    assert check(tmp_path, registry) != []  # nothing written yet
    assert write(tmp_path, registry) == []
    assert check(tmp_path, registry) == []
    assert (tmp_path / "assessment" / "ResultRecorded.v1.json").is_file()
    assert published(tmp_path)["$id"] == "id.kompeten.assessment.ResultRecorded.v1"


def test_a_forgotten_write_is_reported_with_a_diff(tmp_path: Path) -> None:
    write(tmp_path, registry_of(ResultV1))
    problems = drift(tmp_path, registry_of(ResultV1WithRemarks))
    assert len(problems) == 1
    assert "differs from the model" in problems[0]
    assert '+    "remarks"' in problems[0]


def test_a_compatible_change_advances_the_published_record(tmp_path: Path) -> None:
    write(tmp_path, registry_of(ResultV1))
    newer = registry_of(ResultV1WithRemarks)
    assert any("behind the compatible model" in p for p in check(tmp_path, newer))
    assert write(tmp_path, newer) == []
    assert check(tmp_path, newer) == []
    assert "remarks" in published(tmp_path)["properties"]


def test_an_incompatible_change_is_refused_and_fails_the_check(tmp_path: Path) -> None:
    write(tmp_path, registry_of(ResultV1))
    before = published(tmp_path)
    broken = registry_of(ResultV1ScoreAsText)
    refused = write(tmp_path, broken)
    assert refused and "type changed" in refused[0]
    assert published(tmp_path) == before  # the record is kept
    assert drift(tmp_path, broken) == []  # the generated file was written all the same...
    problems = breaks(tmp_path, broken)  # ...but the published record still fails it
    assert problems and all("breaks its published schema" in p for p in problems)
    changes = incompatible_changes(before, json_schema(ResultV1ScoreAsText))
    assert [(c.kind, c.path) for c in changes] == [(ChangeKind.TYPE_CHANGED, "$.score")]


def test_removing_a_compatible_addition_later_is_caught(tmp_path: Path) -> None:
    write(tmp_path, registry_of(ResultV1))
    write(tmp_path, registry_of(ResultV1WithRemarks))
    problems = breaks(tmp_path, registry_of(ResultV1))
    assert any("property removed" in p for p in problems)


def test_a_published_version_must_stay_readable(tmp_path: Path) -> None:
    write(tmp_path, registry_of(ResultV1))
    problems = check(tmp_path, TypeRegistry())
    assert any("can no longer be read" in p for p in problems)
    assert any("stale" in p for p in problems)
    write(tmp_path, TypeRegistry())  # removes the stale generated file, keeps the record
    assert not (tmp_path / "assessment" / "ResultRecorded.v1.json").exists()
    assert published(tmp_path)


def test_the_cli_exits_1_listing_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SCHEMAS_DIR, tmp_path, dirs_exist_ok=True)
    assert main(["check", "--dir", str(tmp_path)]) == 0
    current = tmp_path / relative_path(REGISTRY.events()[0])
    current.write_text(current.read_text(encoding="utf-8").replace("uuid", "uri"), "utf-8")
    assert main(["check", "--dir", str(tmp_path)]) == 1
    assert "differs from the model" in capsys.readouterr().err
    assert main(["write", "--dir", str(tmp_path)]) == 0
    assert main(["check", "--dir", str(tmp_path)]) == 0


SAMPLES = {
    "CandidateErased": {
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "erased_at": "2026-12-01T08:00:00+00:00",
    },
    "ApplicationAccepted": {
        "application_id": "9b1d2c3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "occupational_group": "kasir",
        "cooperative_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        "district_code": "5107",
        "adjustment_needs": ["vision"],
        "accepted_at": "2026-03-02T02:00:00Z",
    },
    "CandidateRegistered": {
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "district_code": "3273",
        "registered_at": "2026-03-01T01:30:00Z",
    },
    "SchemeVersionPublished": {
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "title": "Kasir Koperasi",
        "brochure": "Skema ini ...",
        "basic_requirements": ["SMA/SMK sederajat"],
        "occupational_groups": ["kasir"],
        "cooperative_kinds": ["ksp_usp"],
        "units": [
            {
                "code": "M.649000.001.01",
                "title": "Melayani Transaksi Tunai",
                "elements": [
                    {
                        "code": "1",
                        "title": "Menerima setoran",
                        "criteria": [{"code": "1.1", "text": "Uang dihitung di depan anggota"}],
                    }
                ],
            }
        ],
        "published_at": "2026-03-01T01:30:00Z",
    },
    "RecommendationPublished": {
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "attempt_no": 1,
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "application_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "session_id": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "district_code": "5107",
        "units": [{"unit_code": "M.649000.011.01", "outcome": "K"}],
        "overall": "K",
        "assessor_ids": ["7c6b5a4f-3e2d-4c1b-9a0f-8e7d6c5b4a3f"],
        "recommended_at": "2026-12-01T12:00:00Z",
        "trainer_ids": ["1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a"],
    },
    "AppealLodged": {
        "appeal_id": "2b4d6f8a-0c1e-4a3b-9d5f-7e9a1c3b5d7f",
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "attempt_no": 1,
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "application_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "lodged_at": "2026-12-03T08:00:00Z",
    },
    "AppealDecided": {
        "appeal_id": "2b4d6f8a-0c1e-4a3b-9d5f-7e9a1c3b5d7f",
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "attempt_no": 1,
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "application_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "outcome": "upheld",
        "decided_at": "2026-12-10T09:30:00Z",
        "reviewer_id": "8e9f0a1b-2c3d-4e5f-9a6b-7c8d9e0f1a2b",
    },
    "AssessmentScheduled": {
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "session_id": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "assessor_id": "7c6b5a4f-3e2d-4c1b-9a0f-8e7d6c5b4a3f",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "district_code": "5107",
        "site_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "site_name": "BLK Karangasem",
        "site_address": "Jl. Ngurah Rai No. 1, Amlapura",
        "starts_at": "2026-12-01T01:00:00Z",
        "ends_at": "2026-12-01T04:00:00Z",
        "scheduled_at": "2026-11-20T02:00:00Z",
    },
    "AssessmentRescheduled": {
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "session_id": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "assessor_id": "7c6b5a4f-3e2d-4c1b-9a0f-8e7d6c5b4a3f",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "district_code": "5107",
        "site_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "site_name": "BLK Karangasem",
        "site_address": "Jl. Ngurah Rai No. 1, Amlapura",
        "starts_at": "2026-12-01T01:00:00Z",
        "ends_at": "2026-12-01T04:00:00Z",
        "previous_starts_at": "2026-11-30T01:00:00Z",
        "previous_ends_at": "2026-11-30T04:00:00Z",
        "reason": "site_unavailable",
        "rescheduled_at": "2026-11-25T02:00:00Z",
    },
    "AssessmentCancelled": {
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "session_id": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "assessor_id": "7c6b5a4f-3e2d-4c1b-9a0f-8e7d6c5b4a3f",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "district_code": "5107",
        "site_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "site_name": "BLK Karangasem",
        "site_address": "Jl. Ngurah Rai No. 1, Amlapura",
        "starts_at": "2026-12-01T01:00:00Z",
        "ends_at": "2026-12-01T04:00:00Z",
        "reason": "force_majeure",
        "cancelled_at": "2026-11-28T02:00:00Z",
    },
    "CertificationDecided": {
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "session_id": "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b",
        "outcome": "K",
        "panel_ids": ["2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"],
        "decided_at": "2026-12-02T03:00:00Z",
    },
    "CertificateIssued": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "number": "KOP-KASIR/2026/00042",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "attempt_id": "6a0f3c1e-8d2b-4f7a-9c5e-1b3d5f7a9c2e",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "scheme_code": "KOP-KASIR",
        "scheme_version": 1,
        "unit_codes": ["M.649000.011.01"],
        "issued_on": "2026-12-02",
        "valid_until": "2029-12-01",
    },
    "CertificateReleased": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-03T03:00:00Z",
        "agreement_version": "2026-1",
    },
    "CertificateSuspended": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-03T03:00:00Z",
        "reason": "misuse_suspected",
    },
    "CertificateReinstated": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-03T03:00:00Z",
        "reason": "review_cleared",
    },
    "CertificateWithdrawn": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-03T03:00:00Z",
        "reason": "misuse",
    },
    "CertificateReplaced": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-03T03:00:00Z",
        "reason": "data_correction",
        "replaced_by": "9f8e7d6c-5b4a-4f3e-8d2c-1b0a9f8e7d6c",
        "replacement_number": "KOP-KASIR/2026/00043",
    },
    "CertificateDuplicateIssued": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-03T03:00:00Z",
        "reason": "lost",
        "copy_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "copy_no": 2,
    },
    "CertificateExpired": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-03T03:00:00Z",
        "valid_until": "2029-12-01",
    },
    "CertificateBlankoNumberAttached": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-10T03:00:00Z",
        "number": "KOP-KASIR/2026/00042",
        "blanko_number": "0012345 2026",
    },
    "CertificateCollected": {
        "certificate_id": "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b",
        "candidate_id": "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11",
        "lsp_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
        "actor_id": "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c",
        "actor_role": "lsp_admin",
        "at": "2026-12-10T03:00:00Z",
        "copy_no": 1,
        "collected_on": "2026-12-10",
    },
}


def test_an_encoded_event_has_only_schema_properties() -> None:
    for event_class in REGISTRY.events():
        schema = json_schema(event_class)
        assert event_class.name in SAMPLES, f"add a sample {event_class.name} to SAMPLES"
        event = REGISTRY.decode(event_class.ce_type(), SAMPLES[event_class.name])
        assert set(json.loads(encode(event))) <= set(schema["properties"])
