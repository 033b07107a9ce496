"""One certificate as its own PDF (the holder's digital copy, or a single reprint by hand): the
same page as a batch prints, on plain A4 (no calibration, the fixed text always printed)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from uuid import UUID

from certificate.printing.application.ports import CohortRecords, HolderNames, Renderer
from certificate.printing.application.print_profiles import PrintProfileHandlers, no_profile
from certificate.printing.application.render_batch import letterhead_of, page_of
from certificate.printing.domain.calibration import Calibration
from certificate.printing.domain.readiness import EXPLAINED, Reason
from certificate.schemes.application.scheme_version_published import SchemeVersions
from kompeten_contracts.errors import conflict


@dataclass
class CertificatePage:
    records: CohortRecords
    names: HolderNames
    schemes: SchemeVersions
    profiles: PrintProfileHandlers
    renderer: Renderer

    async def __call__(
        self, lsp_id: UUID | None, certificate_id: UUID, by: UUID | None = None
    ) -> bytes | None:
        """The PDF, or None when the LSP has no such certificate; `by`: who asks (the name's
        reading is recorded)."""
        if not await self.records.of_certificates(lsp_id, [certificate_id]):
            return None
        [issued] = await self.records.issued([certificate_id])
        profile = await self.profiles.current(lsp_id)
        if profile is None:
            raise no_profile()
        key = (issued.scheme_code, issued.scheme_version)
        scheme = (await self.schemes.get_many({key})).get(key)
        if scheme is None:
            raise conflict("scheme_version", *EXPLAINED[Reason.SCHEME_UNKNOWN])
        names = await self.names.names_of([issued.candidate_id], by)
        name = names.get(issued.candidate_id)
        if name is None:
            reason = Reason.ERASED if issued.candidate_id in names.erased else Reason.NAME_MISSING
            raise conflict("holder_name", *EXPLAINED[reason])
        head = replace(letterhead_of(profile), preprinted=False)
        document = self.renderer.document(head, Calibration())
        document.add(page_of(issued, name, scheme))
        return await asyncio.to_thread(document.finish)
