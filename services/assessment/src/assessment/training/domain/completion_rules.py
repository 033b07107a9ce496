"""What makes a reported completion acceptable, wherever it comes from (the API's batch or a
row of an uploaded file): the LSP requires training for the scheme, the module is one of it,
the date is not in the future nor implausibly old, and the provider's reference is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from assessment.training.domain.requirement import TrainingRequirement

EARLIEST = date(2000, 1, 1)
PROVIDER_REF_LENGTH = 80


@dataclass(frozen=True)
class Fault:
    """A problem of one attribute of a completion (scheme_code, module_code, ...)."""

    attribute: str
    reason_id: str
    reason_en: str


def completion_faults(
    scheme_code: str,
    module_code: str,
    completed_on: date,
    provider_ref: str,
    requirements: Mapping[str, TrainingRequirement],
    today: date,
) -> list[Fault]:
    """`requirements`: the LSP's requirement per scheme code named in the batch; `today`: the
    date in the easternmost of Indonesia's time zones (a provider may be there)."""
    faults = []
    requirement = requirements.get(scheme_code)
    if requirement is None or not requirement.modules:
        faults.append(
            Fault(
                "scheme_code",
                f"LSP tidak mensyaratkan diklat untuk skema {scheme_code[:40]}",
                f"the LSP requires no training for scheme {scheme_code[:40]}",
            )
        )
    elif module_code not in requirement.codes:
        known = ", ".join(sorted(requirement.codes))
        faults.append(
            Fault(
                "module_code",
                f"modul {module_code[:40]} bukan modul diklat skema {scheme_code} ({known})",
                f"module {module_code[:40]} is not a "
                f"training module of scheme {scheme_code} ({known})",
            )
        )
    if completed_on > today:
        faults.append(
            Fault(
                "completed_on",
                "tanggal selesai belum terjadi",
                "the completion date is in the future",
            )
        )
    elif completed_on < EARLIEST:
        faults.append(
            Fault(
                "completed_on",
                f"tanggal selesai sebelum {EARLIEST.isoformat()}",
                f"the completion date is before {EARLIEST.isoformat()}",
            )
        )
    if not 1 <= len(provider_ref.strip()) <= PROVIDER_REF_LENGTH:
        faults.append(
            Fault(
                "provider_ref",
                f"wajib diisi, paling panjang {PROVIDER_REF_LENGTH} karakter",
                f"required, at most {PROVIDER_REF_LENGTH} characters",
            )
        )
    return faults
