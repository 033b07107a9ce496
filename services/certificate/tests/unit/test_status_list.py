"""The W3C Bitstring Status List as published and as an offline verifier reads it: the bits
where the spec puts them (index 0 the left-most), GZIP'd and multibase base64url, never
shorter than 131,072 bits; the list credential signed as VC-JOSE (a compact JWS PyJWT reads
too), and anything altered, forged, signed by a key not in the set, or past its validity
refused; a certificate marked in a list given to the command is reported suspended or revoked."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import jwt
import pytest
from signing_cases import claims, key_env

from certificate import verify as offline
from certificate.issuance.adapters import vc_jose
from certificate.issuance.adapters.signing_keys import Ed25519Signer, keys_from_environment
from certificate.status_lists.adapters.offline_lists import read_list
from certificate.status_lists.application.publish_list import PublishList
from certificate.status_lists.domain import bitstring, documents
from certificate.status_lists.domain.bitstring import LIST_BITS, InvalidStatusList, StatusPurpose

NOW = datetime(2026, 11, 29, 10, tzinfo=UTC)
URL = "https://sertifikat.example/api/certificate"
LSP = uuid4()


def test_bits_sit_where_the_spec_puts_them_and_read_back() -> None:
    encoded = bitstring.encode({0, 9, LIST_BITS - 1})
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 == LIST_BITS  # the minimum, whatever few bits are set
    assert raw[0] == 0x80 and raw[1] == 0x40 and raw[-1] == 0x01  # index 0: the left-most bit
    decoded = bitstring.decode(encoded)
    assert [i for i in (0, 1, 8, 9, 10, LIST_BITS - 1) if bitstring.is_set(decoded, i)] == [
        0, 9, LIST_BITS - 1,
    ]  # fmt: skip
    assert bitstring.encode({5}) == bitstring.encode([5])  # the same bits, the same text
    with pytest.raises(ValueError):
        bitstring.encode({LIST_BITS})


def test_a_list_grows_by_doubling_and_is_kept_at_most_half_full() -> None:
    assert bitstring.list_bits(None) == bitstring.list_bits(LIST_BITS - 1) == LIST_BITS
    assert bitstring.list_bits(LIST_BITS) == 2 * LIST_BITS
    assert bitstring.index_range(0) == LIST_BITS
    assert bitstring.index_range(LIST_BITS // 2 - 1) == LIST_BITS
    assert bitstring.index_range(LIST_BITS // 2) == 2 * LIST_BITS


@pytest.mark.parametrize("encoded", ["", "zABC", "u%%%", "uAAAA",
                                     "u" + base64.urlsafe_b64encode(gzip.compress(b"\0" * 100))
                                     .decode()])  # fmt: skip
def test_a_list_that_is_not_gzip_or_too_short_is_refused(encoded: str) -> None:
    with pytest.raises(InvalidStatusList):
        bitstring.decode(encoded)


def signed_list(keys_env: dict[str, str], purpose: StatusPurpose, indices: set[int],
                at: datetime = NOW, lsp: UUID | None = None) -> str:  # fmt: skip
    signer = Ed25519Signer(keys_from_environment(keys_env))
    credential = documents.list_credential(URL, lsp or uuid4(), purpose,
                                           bitstring.encode(indices), at)  # fmt: skip
    return signer.sign_credential(credential)


def test_the_list_credential_is_a_jws_that_pyjwt_reads_and_a_flipped_bit_is_refused() -> None:
    env = key_env("k1")
    keys = keys_from_environment(env)
    token = signed_list(env, StatusPurpose.SUSPENSION, {42})
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "EdDSA", "kid": "k1", "typ": "vc+jwt", "cty": "vc"}
    read = jwt.decode(token, keys.public()["k1"], algorithms=["EdDSA"])
    assert read["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = read["credentialSubject"]
    assert (subject["statusPurpose"], subject["ttl"]) == ("suspension", 300_000)
    assert read_list(token, keys.public(), NOW).is_set(42)

    head, payload, signature = token.split(".")
    for part, where in ((payload, 1), (signature, 2)):
        for at in range(0, len(part) - 1, max(1, len(part) // 40)):
            flipped = part[:at] + ("A" if part[at] != "A" else "B") + part[at + 1 :]
            parts = [head, payload, signature]
            parts[where] = flipped
            with pytest.raises(vc_jose.InvalidCredential):
                vc_jose.verify(".".join(parts), keys.public())


def test_a_key_not_in_the_set_a_forger_and_an_old_list_are_refused() -> None:
    retired, current = key_env("old"), key_env("new")
    token = signed_list(retired, StatusPurpose.REVOCATION, set())
    with pytest.raises(vc_jose.InvalidCredential, match="not in the key set"):
        read_list(token, keys_from_environment(current).public(), NOW)
    forged = signed_list(key_env("old"), StatusPurpose.REVOCATION, set())  # same kid, other key
    with pytest.raises(vc_jose.InvalidCredential, match="signature"):
        read_list(forged, keys_from_environment(retired).public(), NOW)
    keys = keys_from_environment(retired).public()
    with pytest.raises(InvalidStatusList, match="fetch it again"):
        read_list(token, keys, NOW + documents.LIFETIME + timedelta(seconds=1))
    listed = read_list(token, keys, NOW + timedelta(minutes=6))
    assert listed.stale(NOW + timedelta(minutes=6)) and not listed.stale(NOW)
    for garbage in ("", "a.b", "a.b.c", "e30.e30.", token.replace(".", "..", 1)):
        with pytest.raises(vc_jose.InvalidCredential):
            vc_jose.verify(garbage, keys)


def test_the_command_reports_a_qr_payload_suspended_or_revoked_by_the_lists_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = key_env("k1")
    keys = keys_from_environment(env)
    what = claims(status_index=77)
    assert what.lsp_id is not None
    payload = Ed25519Signer(keys).sign(what).payload
    (tmp_path / "keys.json").write_text(json.dumps(keys.key_set()))
    now = datetime.now(UTC)

    def lists(suspended: set[int], revoked: set[int]) -> list[str]:
        paths = []
        for purpose, bits in ((StatusPurpose.SUSPENSION, suspended),
                              (StatusPurpose.REVOCATION, revoked)):  # fmt: skip
            path = tmp_path / f"{purpose.value}.jwt"
            path.write_text(signed_list(env, purpose, bits, now, what.lsp_id))
            paths += ["--status-list", str(path)]
        return paths

    base = ["--keys", str(tmp_path / "keys.json"), payload]
    assert offline.main([*base, *lists(set(), {76, 78})]) == 0
    assert "SUSPENDED" not in capsys.readouterr().out
    assert offline.main([*base, *lists({77}, set())]) == 1
    out = capsys.readouterr().out
    assert out.startswith("SUSPENDED: signature genuine") and "VALID" not in out
    assert offline.main([*base, *lists(set(), {77})]) == 1
    assert "REVOKED" in capsys.readouterr().out
    other_lsp = tmp_path / "other.jwt"
    other_lsp.write_text(signed_list(env, StatusPurpose.SUSPENSION, {77}, now))
    assert offline.main([*base, "--status-list", str(other_lsp)]) == 0  # another LSP's list
    assert "suspension not checked" in capsys.readouterr().out
    assert offline.main(["--keys", str(tmp_path / "keys.json"), str(other_lsp)]) == 0
    assert '"set": 1' in capsys.readouterr().out


class Entries:
    """The read model's answers, in memory."""

    def __init__(self, highest: int | None, suspended: list[int]) -> None:
        self.highest, self.suspended = highest, suspended

    async def highest_index(self, lsp_id: UUID) -> int | None:
        return self.highest

    async def set_indices(self, lsp_id: UUID, purpose: StatusPurpose) -> list[int]:
        return self.suspended if purpose is StatusPurpose.SUSPENSION else []


async def test_a_list_is_the_same_bytes_within_its_refresh_window_and_new_after_it() -> None:
    env = key_env("k1")
    keys = keys_from_environment(env)
    clock = [NOW + timedelta(minutes=1)]
    entries = Entries(200_000, [7])
    publish = PublishList(entries, Ed25519Signer(keys), URL, lambda: clock[0], memo_seconds=0)
    first = await publish(LSP, StatusPurpose.SUSPENSION)
    assert first is not None
    listed = read_list(first.jws, keys.public(), clock[0])
    assert listed.is_set(7) and len(listed.bits) * 8 == 2 * LIST_BITS  # holds index 200,000
    assert listed.valid_from == NOW  # the window's start
    clock[0] = NOW + timedelta(minutes=4, seconds=59)
    assert await publish(LSP, StatusPurpose.SUSPENSION) == first  # a 304 is right
    entries.suspended = []
    cleared = await publish(LSP, StatusPurpose.SUSPENSION)
    assert cleared is not None and cleared.etag != first.etag
    entries.suspended = [7]
    clock[0] = NOW + timedelta(minutes=5)
    later = await publish(LSP, StatusPurpose.SUSPENSION)
    assert later is not None and later.etag != first.etag  # a later validUntil, not a 304
    entries.highest = None
    assert await publish(LSP, StatusPurpose.SUSPENSION) is None  # no index given: no list


async def test_a_list_made_is_answered_again_for_a_second_and_no_list_is_kept() -> None:
    entries = Entries(10, [3])
    publish = PublishList(entries, Ed25519Signer(keys_from_environment(key_env("k1"))), URL,
                          lambda: NOW, memo_seconds=60)  # fmt: skip
    first = await publish(LSP, StatusPurpose.SUSPENSION)
    entries.suspended = []
    assert await publish(LSP, StatusPurpose.SUSPENSION) == first  # within the memo
    entries.highest = None
    assert await publish(uuid4(), StatusPurpose.SUSPENSION) is None
    assert len(publish._memo) == 1  # an unknown LSP asked for leaves nothing behind
