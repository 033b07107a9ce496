"""Rules of the self-assessment (APL-02) against the structure of the chosen scheme version.

The self-assessment is not an aggregate of its own: the LSP verifies APL-01 and APL-02 as one
package, returns it with reasons that may name fields of either form, and accepts or rejects
both together. So both live in the application's stream and are submitted as one snapshot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from kompeten_contracts.errors import Problem
from registration.applications.domain.application_form import SelfAssessment


@dataclass(frozen=True)
class SchemeFacts:
    """A published scheme version as the rules need it: unit code → element codes."""

    scheme_code: str
    version: int
    units: Mapping[str, Sequence[str]]
    occupational_groups: frozenset[str]
    lsp_id: UUID | None = None  # the certification body whose scheme it is


def check_self_assessment(
    scheme: SchemeFacts, assessment: SelfAssessment, known_evidence: frozenset[UUID]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(assessment.judgements):
        where = f"apl02.judgements.{i}"
        pair = (entry.unit_code, entry.element_code)
        if entry.unit_code not in scheme.units:
            problems.append(
                Problem(
                    f"{where}.unit_code",
                    f"unit {entry.unit_code} tidak ada dalam skema {scheme.scheme_code}",
                    f"unit {entry.unit_code} is not in scheme {scheme.scheme_code}",
                )
            )
        elif entry.element_code not in scheme.units[entry.unit_code]:
            problems.append(
                Problem(
                    f"{where}.element_code",
                    f"elemen {entry.element_code} tidak ada dalam unit {entry.unit_code}",
                    f"element {entry.element_code} is not in unit {entry.unit_code}",
                )
            )
        elif pair in seen:
            problems.append(
                Problem(
                    f"{where}.element_code",
                    f"elemen {entry.element_code} unit {entry.unit_code} dinilai dua kali",
                    f"element {entry.element_code} of unit {entry.unit_code} is judged twice",
                )
            )
        seen.add(pair)
        problems += unknown_evidence(f"{where}.evidence_ids", entry.evidence_ids, known_evidence)
    for unit, elements in scheme.units.items():
        for element in elements:
            if (unit, element) not in seen:
                problems.append(
                    Problem(
                        f"apl02.{unit}.{element}",
                        f"elemen {element} unit {unit} belum dinilai",
                        f"element {element} of unit {unit} has no judgement",
                    )
                )
    return problems


def unknown_evidence(field: str, ids: Sequence[UUID], known: frozenset[UUID]) -> list[Problem]:
    return [
        Problem(
            field,
            f"bukti {evidence_id} belum diunggah untuk permohonan ini",
            f"evidence {evidence_id} was not uploaded for this application",
        )
        for evidence_id in ids
        if evidence_id not in known
    ]
