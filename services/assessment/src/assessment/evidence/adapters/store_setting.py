"""Where this installation keeps evidence files, from the environment:

- KOMPETEN_EVIDENCE_DIR: the folder itself;
- otherwise KOMPETEN_DATA_DIR (the service's data folder; `make up` sets one per service):
  its `evidence` folder;
- otherwise, in development mode only (KOMPETEN_DEVELOPMENT=1: `make up`, the tests), a folder
  in the system's temporary directory, per user. Outside development mode the service refuses
  to start rather than keep people's evidence where a reboot may clear it.

Production's S3-compatible store is another adapter of the same port (application.ports), to be
chosen here by its own settings when it is built."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from assessment.evidence.adapters.filesystem_store import FilesystemEvidenceStore
from eventkit.secrets import DEVELOPMENT

EVIDENCE_DIR, DATA_DIR = "KOMPETEN_EVIDENCE_DIR", "KOMPETEN_DATA_DIR"


class NoEvidenceStore(RuntimeError):
    """No place for evidence files is configured outside development mode."""


def evidence_folder(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(EVIDENCE_DIR):
        return Path(env[EVIDENCE_DIR])
    if env.get(DATA_DIR):
        return Path(env[DATA_DIR]) / "evidence"
    if env.get(DEVELOPMENT, "").strip().lower() in ("1", "true", "yes"):
        return Path(tempfile.gettempdir()) / f"kompeten-{os.getuid()}" / "assessment-evidence"
    raise NoEvidenceStore(
        f"{EVIDENCE_DIR} (or {DATA_DIR}) is not set: where should evidence files be kept? "
        f"Set it for this installation, or ask for development mode with {DEVELOPMENT}=1."
    )


def evidence_store_from_environment(
    environ: Mapping[str, str] | None = None,
) -> FilesystemEvidenceStore:
    return FilesystemEvidenceStore(evidence_folder(environ))
