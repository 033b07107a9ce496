"""What a partner does with the contracts: build the wheel, pip-install it into a fresh virtual
environment (no workspace on the path), decode a record, and write the JSON Schemas from it.

Integration: pip fetches pydantic from the package index, as a partner's pip does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "contracts" / "schemas"

DECODE = """
import json, sys
from kompeten_contracts import REGISTRY, Envelope, CandidateRegisteredV1
record = json.load(sys.stdin)
envelope = Envelope.from_headers([(k, v.encode()) for k, v in record["headers"]])
event = REGISTRY.decode_as(CandidateRegisteredV1, envelope.type, record["value"].encode())
print(json.dumps({"class": type(event).__name__, "district_code": event.district_code,
                  "candidate_id": str(event.candidate_id), "module": REGISTRY.__module__,
                  "file": sys.modules["kompeten_contracts"].__file__}))
"""

RECORD = {
    "headers": [
        ["ce_id", "0d9e2b7c-5f4a-4e1b-9c3d-7a8b6f5e4d21"],
        ["ce_source", "/kompeten/registration"],
        ["ce_type", "id.kompeten.registration.CandidateRegistered.v1"],
        ["ce_specversion", "1.0"],
        ["ce_time", "2026-03-01T01:30:00.412000+00:00"],
        ["ce_subject", "candidate-3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11"],
        ["content-type", "application/json"],
    ],
    "value": '{"candidate_id":"3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11","district_code":"5107",'
    '"registered_at":"2026-03-01T01:30:00Z","added_later":"ignored"}',
}


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    assert Path(found).is_file(), "uv not found: run `make sync`"
    return found


def run(*command: str | Path, stdin: str | None = None, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_partner_installs_the_wheel_and_decodes_a_record(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(uv(), "build", "--package", "kompeten-contracts", "--wheel", "--out-dir", dist)
    [wheel] = dist.glob("kompeten_contracts-*-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kompeten_contracts/py.typed" in names  # type checkers read the annotations

    venv = tmp_path / "partner-venv"
    # The base interpreter, not this workspace's environment: nothing of ours is importable.
    base = getattr(sys, "_base_executable", sys.executable)
    run(base, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
    run(python, "-m", "pip", "check")

    decoded = json.loads(run(python, "-c", DECODE, stdin=json.dumps(RECORD), cwd=tmp_path))
    assert decoded["class"] == "CandidateRegisteredV1"
    assert decoded["district_code"] == "5107"
    assert decoded["candidate_id"] == "3f2c8a4e-1b7d-4c1e-9a5b-2d6f0e8c7a11"
    assert decoded["file"].startswith(str(venv))  # the installed wheel, not contracts/src

    # The JSON Schema of every event version the wheel knows, as committed here.
    written = tmp_path / "schemas"
    run(python, "-m", "kompeten_contracts.schemas", "write", "--dir", written, cwd=tmp_path)
    ours = sorted(p.relative_to(SCHEMAS) for p in SCHEMAS.glob("*/*.json"))
    theirs = sorted(p.relative_to(written) for p in written.glob("*/*.json"))
    assert ours and theirs == ours
    for relative in ours:
        assert (written / relative).read_text() == (SCHEMAS / relative).read_text(), relative
