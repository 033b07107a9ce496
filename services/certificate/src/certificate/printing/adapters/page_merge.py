"""A print batch's parts merged into its one print file, in order, by pikepdf (qpdf): it
copies each part's pages with the objects they use, ~0.1 s for 1,000 pages (bench/README.md,
arm issue), where the renderer would spend ~0.7 s writing them again. The same parts give the
same bytes (a fixed file id)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf


def merge_parts(parts: Sequence[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    with pikepdf.new() as merged:
        opened = [pikepdf.open(io.BytesIO(part)) for part in parts]
        try:
            for part in opened:
                merged.pages.extend(part.pages)
            merged.Root.Lang = pikepdf.String("id")
            merged.docinfo["/Creator"] = pikepdf.String("Kompeten")
            out = io.BytesIO()
            merged.save(out, deterministic_id=True)
            return out.getvalue()
        finally:
            for part in opened:
                part.close()
