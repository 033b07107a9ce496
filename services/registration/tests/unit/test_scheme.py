from datetime import UTC, datetime
from uuid import uuid4

import pytest

from kompeten_contracts.errors import Refusal
from registration.catalogue.domain import scheme as s
from registration.catalogue.domain.scheme_content import SchemeContent

ADMIN, LSP = uuid4(), uuid4()
AT = datetime(2026, 2, 1, tzinfo=UTC)


def content(**overrides: object) -> SchemeContent:
    fields: dict[str, object] = {
        "title": "Kasir Koperasi Simpan Pinjam",
        "brochure": "Skema ini menguji kasir koperasi.",
        "basic_requirements": ["Minimal SMA/SMK sederajat"],
        "occupational_groups": ["kasir"],
        "cooperative_kinds": ["ksp_usp"],
        "units": [
            {"code": "M.649000.011.01", "title": "Melayani Transaksi Tunai", "elements": [
                {"code": "1", "title": "Menerima setoran", "criteria": [
                    {"code": "1.1", "text": "Uang dihitung di hadapan anggota"}]}]}
        ],
    }  # fmt: skip
    fields.update(overrides)
    return SchemeContent.model_validate(fields)


def given(*events: s.SchemeEvent) -> s.Scheme:
    state = s.Scheme()
    for event in events:
        state = s.evolve(state, event)
    return state


def drafted(version: int = 1) -> s.SchemeVersionDrafted:
    return s.SchemeVersionDrafted(
        scheme_code="KOP-KASIR",
        actor=ADMIN,
        at=AT,
        version=version,
        content=content(),
        lsp_id=LSP,
    )


def published(version: int = 1) -> s.SchemeVersionPublished:
    return s.SchemeVersionPublished(
        scheme_code="KOP-KASIR", actor=ADMIN, at=AT, version=version, content=content()
    )


def publish(version: int = 1) -> s.PublishVersion:
    return s.PublishVersion(scheme_code="KOP-KASIR", actor=ADMIN, at=AT, version=version)


def test_drafting_a_new_scheme_starts_version_1() -> None:
    command = s.DraftScheme(
        scheme_code="KOP-KASIR", actor=ADMIN, at=AT, content=content(), lsp_id=LSP
    )
    assert s.decide_draft(s.Scheme(), command) == [drafted()]


def test_a_scheme_code_is_drafted_once_and_must_be_well_formed() -> None:
    command = s.DraftScheme(
        scheme_code="KOP-KASIR", actor=ADMIN, at=AT, content=content(), lsp_id=LSP
    )
    with pytest.raises(Refusal):
        s.decide_draft(given(drafted()), command)
    with pytest.raises(Refusal) as caught:
        s.decide_draft(s.Scheme(), command.model_copy(update={"scheme_code": "kop kasir"}))
    assert caught.value.field == "scheme_code"


def test_publishing_a_draft_publishes_its_full_content() -> None:
    assert s.decide_publish(given(drafted()), publish()) == [published()]


def test_publishing_twice_is_refused() -> None:
    with pytest.raises(Refusal) as caught:
        s.decide_publish(given(drafted(), published()), publish())
    assert caught.value.field == "version" and "published" in caught.value.reason_en


def test_a_published_version_is_immutable() -> None:
    revise = s.ReviseDraft(
        scheme_code="KOP-KASIR", actor=ADMIN, at=AT, version=1, content=content(title="Lain")
    )
    with pytest.raises(Refusal) as caught:
        s.decide_revise(given(drafted(), published()), revise)
    assert "cannot change" in caught.value.reason_en


def test_a_new_version_is_drafted_from_the_latest_published() -> None:
    command = s.DraftNextVersion(scheme_code="KOP-KASIR", actor=ADMIN, at=AT)
    [event] = s.decide_next_version(given(drafted(), published()), command)
    assert isinstance(event, s.SchemeVersionDrafted)
    assert (event.version, event.based_on_version, event.content) == (2, 1, content())
    with pytest.raises(Refusal):
        s.decide_next_version(given(drafted()), command)


def test_an_unknown_version_is_named() -> None:
    with pytest.raises(s.UnknownVersion):
        s.decide_publish(given(drafted()), publish(2))


@pytest.mark.parametrize(
    ("overrides", "field", "reason_en"),
    [
        ({"units": []}, "units", "competency units required to publish"),
        ({"brochure": ""}, "brochure", "the brochure required to publish"),
        ({"occupational_groups": []}, "occupational_groups",
         "occupational groups required to publish"),
        (
            {"units": [{"code": "M.649000.011.01", "title": "T", "elements": []}]},
            "units.0.elements",
            "unit has no elements",
        ),
    ],
)  # fmt: skip
def test_an_incomplete_draft_cannot_be_published(
    overrides: dict[str, object], field: str, reason_en: str
) -> None:
    draft = s.SchemeVersionDrafted(
        scheme_code="KOP-KASIR", actor=ADMIN, at=AT, version=1, content=content(**overrides)
    )
    with pytest.raises(Refusal) as caught:
        s.decide_publish(given(draft), publish())
    assert (caught.value.field, caught.value.reason_en) == (field, reason_en)


def test_duplicate_units_and_misnumbered_criteria_are_named() -> None:
    unit = content().units[0].model_dump()
    command = s.DraftScheme(
        scheme_code="KOP-KASIR",
        actor=ADMIN,
        at=AT,
        content=content(units=[unit, unit]),
        lsp_id=LSP,
    )
    with pytest.raises(Refusal) as caught:
        s.decide_draft(s.Scheme(), command)
    assert caught.value.field == "units.1.code"
    unit["elements"][0]["criteria"][0]["code"] = "2.1"
    with pytest.raises(Refusal) as caught:
        s.decide_draft(s.Scheme(), command.model_copy(update={"content": content(units=[unit])}))
    assert caught.value.field == "units.0.elements.0.criteria.0.code"
