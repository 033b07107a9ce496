"""The certificate as an Open Badges 3.0 credential: the scheme as the Achievement with every
unit aligned (code and title), the holder by name only, validity to the end of the last day in
WIB, both status entries at the certificate's index; signed as VC-JOSE, it passes the offline
verifier, which reports it suspended or revoked when a list given marks it, and refuses it
altered or expired."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import jwt
import pytest
from signing_cases import key_env

from certificate import verify as offline
from certificate.credentials.application.export_credential import Viewer
from certificate.credentials.domain.achievement_credential import CredentialFacts, credential
from certificate.issuance.adapters.signing_keys import Ed25519Signer, keys_from_environment
from certificate.status_lists.domain import bitstring, documents
from certificate.status_lists.domain.bitstring import StatusPurpose

URL = "https://sertifikat.example/api/certificate"
LSP = uuid4()


def facts(**changes: object) -> CredentialFacts:
    found = {
        "certificate_id": uuid4(), "number": "KOP-KASIR/2026/00007", "lsp_id": LSP,
        "lsp_name": "LSP Koperasi Bali", "scheme_code": "KOP-KASIR", "scheme_version": 1,
        "scheme_title": "Kasir Koperasi",
        "units": (("M.702090.001.01", "Melayani transaksi tunai"), ("M.702090.002.01", None)),
        "issued_on": date(2026, 11, 23), "valid_until": date(2029, 11, 22),
        "status_index": 4242, "holder_name": "Ni Made Sukerti",
    }  # fmt: skip
    return CredentialFacts(**{**found, **changes})  # type: ignore[arg-type]


def test_the_credential_says_what_the_paper_says_and_nothing_personal_beyond_the_name() -> None:
    made = credential(facts(), URL)
    assert made["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert made["issuer"] == {"id": f"urn:uuid:{LSP}", "type": ["Profile"],
                              "name": "LSP Koperasi Bali"}  # fmt: skip
    assert (made["validFrom"], made["validUntil"]) == ("2026-11-22T17:00:00Z",
                                                       "2029-11-22T17:00:00Z")  # fmt: skip
    achievement = made["credentialSubject"]["achievement"]
    assert (achievement["name"], achievement["humanCode"]) == ("Kasir Koperasi", "KOP-KASIR")
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    assert [(a["targetCode"], a["targetName"]) for a in achievement["alignment"]] == [
        ("M.702090.001.01", "Melayani transaksi tunai"),
        ("M.702090.002.01", "M.702090.002.01"),  # the title not received: the code stands in
    ]
    assert all(a["targetUrl"] and a["type"] == ["Alignment"] for a in achievement["alignment"])
    assert made["credentialSubject"]["identifier"] == [{
        "type": "IdentityObject", "identityType": "name", "hashed": False,
        "identityHash": "Ni Made Sukerti",
    }]  # fmt: skip
    entries = made["credentialStatus"]
    assert [(e["statusPurpose"], e["statusListIndex"]) for e in entries] == [
        ("suspension", "4242"), ("revocation", "4242"),
    ]  # fmt: skip
    assert entries[0]["statusListCredential"] == f"{URL}/status-lists/{LSP}/suspension"
    erased = credential(facts(holder_name=None, status_index=None, lsp_name=None), URL)
    assert "identifier" not in erased["credentialSubject"] and "credentialStatus" not in erased
    assert "name" not in erased["issuer"]


def test_the_signed_credential_passes_pyjwt_and_the_offline_verifier_with_its_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = key_env("k1")
    keys = keys_from_environment(env)
    signer = Ed25519Signer(keys)
    valid_until = date(datetime.now(UTC).year + 3, 1, 1)
    token = signer.sign_credential(credential(facts(valid_until=valid_until), URL))
    assert jwt.decode(token, keys.public()["k1"], algorithms=["EdDSA"])["id"].startswith("urn:")
    (tmp_path / "keys.json").write_text(json.dumps(keys.key_set()))
    (tmp_path / "credential.jwt").write_text(token)
    now = datetime.now(UTC)

    def listed(purpose: StatusPurpose, bits: set[int]) -> list[str]:
        path = tmp_path / f"{purpose.value}.jwt"
        made = documents.list_credential(URL, LSP, purpose, bitstring.encode(bits), now)
        path.write_text(signer.sign_credential(made))
        return ["--status-list", str(path)]

    base = ["--keys", str(tmp_path / "keys.json"), str(tmp_path / "credential.jwt")]
    clear = [*listed(StatusPurpose.SUSPENSION, {1}), *listed(StatusPurpose.REVOCATION, set())]
    assert offline.main([*base, *clear]) == 0
    assert capsys.readouterr().out.startswith("VALID: credential genuine (key k1)")
    assert offline.main([*base, *listed(StatusPurpose.SUSPENSION, {4242})]) == 1
    assert "\nSUSPENDED: credential genuine" in capsys.readouterr().out
    assert offline.main([*base, *listed(StatusPurpose.REVOCATION, {4242})]) == 1
    assert "\nREVOKED: credential genuine" in capsys.readouterr().out

    head, payload, signature = token.split(".")
    edited = payload[:40] + ("A" if payload[40] != "A" else "B") + payload[41:]
    assert (
        offline.main(["--keys", str(tmp_path / "keys.json"), f"{head}.{edited}.{signature}"]) == 1
    )
    assert capsys.readouterr().out.startswith("INVALID")
    old = signer.sign_credential(credential(facts(valid_until=date(2020, 1, 1)), URL))
    assert offline.main(["--keys", str(tmp_path / "keys.json"), old]) == 1
    assert "expired" in capsys.readouterr().out
    other = keys_from_environment(key_env("k2"))
    (tmp_path / "other.json").write_text(json.dumps(other.key_set()))
    assert offline.main(["--keys", str(tmp_path / "other.json"), token]) == 1
    assert "not in the key set" in capsys.readouterr().out


def test_only_the_holder_and_the_lsps_admins_may_see_it() -> None:
    holder, lsp = uuid4(), uuid4()
    assert Viewer(uuid4(), True, holder).may_see(holder, lsp)
    assert not Viewer(uuid4(), True, uuid4()).may_see(holder, lsp)
    assert not Viewer(uuid4(), True, None).may_see(holder, None)  # a candidate without a file
    assert not Viewer(uuid4(), True, None, lsp).may_see(holder, lsp)
    assert Viewer(uuid4(), False, None, lsp).may_see(holder, lsp)
    assert not Viewer(uuid4(), False, None, uuid4()).may_see(holder, lsp)
