"""Where this installation keeps evidence files, from the environment.

KOMPETEN_EVIDENCE_STORE=s3 keeps them in an S3-compatible bucket (s3_store):
- KOMPETEN_EVIDENCE_S3_BUCKET (required), KOMPETEN_EVIDENCE_S3_ENDPOINT (MinIO, Ceph, another
  cloud; unset: AWS), KOMPETEN_EVIDENCE_S3_REGION (default us-east-1),
  KOMPETEN_EVIDENCE_S3_ACCESS_KEY_ID and KOMPETEN_EVIDENCE_S3_SECRET_ACCESS_KEY (unset: boto3's
  own chain: AWS_* variables, an instance or pod role).

Otherwise (unset, or `filesystem`: the default, for local work) a folder:
- KOMPETEN_EVIDENCE_DIR: the folder itself;
- otherwise KOMPETEN_DATA_DIR (the service's data folder; `make up` sets one per service):
  its `evidence` folder;
- otherwise, in development mode only (KOMPETEN_DEVELOPMENT=1: `make up`, the tests), a folder
  in the system's temporary directory, per user. Outside development mode the service refuses
  to start rather than keep people's evidence where a reboot may clear it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from assessment.evidence.adapters.filesystem_store import FilesystemEvidenceStore
from assessment.evidence.adapters.s3_store import S3EvidenceStore, S3Location
from assessment.evidence.application.ports import EvidenceStore
from eventkit.secrets import DEVELOPMENT

EVIDENCE_DIR, DATA_DIR = "KOMPETEN_EVIDENCE_DIR", "KOMPETEN_DATA_DIR"
STORE, S3 = "KOMPETEN_EVIDENCE_STORE", "KOMPETEN_EVIDENCE_S3_"


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


def s3_location(environ: Mapping[str, str]) -> S3Location:
    def setting(name: str) -> str | None:
        return environ.get(S3 + name, "").strip() or None

    bucket = setting("BUCKET")
    if bucket is None:
        raise NoEvidenceStore(f"{STORE}=s3 needs {S3}BUCKET: the bucket evidence files go to")
    return S3Location(
        bucket=bucket,
        endpoint_url=setting("ENDPOINT"),
        region=setting("REGION") or "us-east-1",
        access_key_id=setting("ACCESS_KEY_ID"),
        secret_access_key=setting("SECRET_ACCESS_KEY"),
    )


def evidence_store_from_environment(environ: Mapping[str, str] | None = None) -> EvidenceStore:
    env = os.environ if environ is None else environ
    kind = env.get(STORE, "").strip().lower() or "filesystem"
    if kind == "s3":
        return S3EvidenceStore.at(s3_location(env))
    if kind != "filesystem":
        raise NoEvidenceStore(f"{STORE} is `filesystem` (the default) or `s3`, not {kind!r}")
    return FilesystemEvidenceStore(evidence_folder(env))
