// The offline check of a certificate's QR payload, in the verifier's browser: the same check as
// `python -m certificate.verify` (certificate.issuance.adapters.qr_payload), with WebCrypto's
// Ed25519 and the key set saved while online. No network is needed to check: KC1: + base45 of
// a COSE_Sign1 (tag 18) over CWT claims, signed with EdDSA (-8) under the header's kid.
"use strict";
(function () {
  const KEYS = "kompeten-certificate-keys";
  const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  const $ = (id) => document.getElementById(id);

  function base45(text) {
    const out = [];
    for (let i = 0; i < text.length; i += 3) {
      const c = [...text.slice(i, i + 3)].map((ch) => {
        const v = B45.indexOf(ch);
        if (v < 0) throw new Error("not base45");
        return v;
      });
      const n = c[0] + c[1] * 45 + (c.length === 3 ? c[2] * 2025 : 0);
      if (c.length === 3) {
        if (n > 0xffff) throw new Error("not base45");
        out.push(n >> 8, n & 0xff);
      } else if (c.length === 2 && n <= 0xff) out.push(n);
      else throw new Error("not base45");
    }
    return new Uint8Array(out);
  }

  // A CBOR reader for what the payload holds: integers, byte and text strings, arrays, maps,
  // tags. Byte strings are kept as Uint8Array; a tag as {tag, value}.
  function cbor(bytes) {
    let at = 0;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    function arg(info) {
      if (info < 24) return info;
      const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
      if (!size) throw new Error("malformed CBOR");
      let v = 0;
      for (let i = 0; i < size; i++) v = v * 256 + view.getUint8(at++);
      return v;
    }
    function item() {
      const head = view.getUint8(at++);
      const major = head >> 5;
      const n = arg(head & 31);
      if (major === 0) return n;
      if (major === 1) return -1 - n;
      if (major === 2 || major === 3) {
        const chunk = bytes.slice(at, at + n);
        if (chunk.length !== n) throw new Error("malformed CBOR");
        at += n;
        return major === 2 ? chunk : new TextDecoder("utf-8", { fatal: true }).decode(chunk);
      }
      if (major === 4) return Array.from({ length: n }, item);
      if (major === 5) {
        const map = new Map();
        for (let i = 0; i < n; i++) map.set(item(), item());
        return map;
      }
      if (major === 6) return { tag: n, value: item() };
      throw new Error("malformed CBOR");
    }
    const value = item();
    if (at !== bytes.length) throw new Error("malformed CBOR");
    return value;
  }

  function bstr(b) {
    const n = b.length;
    const head = n < 24 ? [0x40 + n] : n < 256 ? [0x58, n] : [0x59, n >> 8, n & 0xff];
    return [...head, ...b];
  }

  // CBOR of ["Signature1", protected, h'', payload]: what the signature covers (RFC 9052).
  function toBeSigned(protectedHeader, payload) {
    const context = [...new TextEncoder().encode("Signature1")];
    return new Uint8Array([0x84, 0x60 + context.length, ...context, ...bstr(protectedHeader),
      0x40, ...bstr(payload)]);
  }

  const wibDay = (seconds) => new Date((seconds + 7 * 3600) * 1000).toISOString().slice(0, 10);

  async function check(text, keySet) {
    text = text.trim();
    if (!text.startsWith("KC1:") || text.length > 4 + 902) throw new Error("bukan payload sertifikat Kompeten (KC1:) / not a Kompeten certificate payload");
    let message;
    try {
      message = cbor(base45(text.slice(4)));
    } catch (e) {
      throw new Error("payload rusak / malformed payload");
    }
    if (!message || message.tag !== 18 || !Array.isArray(message.value) || message.value.length !== 4) {
      throw new Error("bukan pesan COSE_Sign1 / not a COSE_Sign1 message");
    }
    const [protectedHeader, , payload, signature] = message.value;
    const header = cbor(protectedHeader);
    if (header.get(1) !== -8) throw new Error("tidak ditandatangani dengan EdDSA / not signed with EdDSA");
    const kid = new TextDecoder().decode(header.get(4));
    const jwk = (keySet.keys || []).find((k) => k.kid === kid);
    if (!jwk) throw new Error(`kunci ${kid} tidak ada di set kunci / signed with key ${kid}, not in the key set`);
    const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x },
      { name: "Ed25519" }, false, ["verify"]);
    const genuine = await crypto.subtle.verify({ name: "Ed25519" }, key, signature,
      toBeSigned(protectedHeader, payload));
    if (!genuine) throw new Error("tanda tangan tidak cocok: diubah atau dipalsukan / the signature does not match: altered or forged");
    const claims = cbor(payload);
    const certificate = claims.get(-65537);
    const validUntil = wibDay(claims.get(4) - 86400);
    return {
      kid, number: certificate.get(1), scheme: `${certificate.get(2)} (versi ${certificate.get(3)})`,
      units: certificate.get(4), issued: wibDay(claims.get(6)), validUntil,
      expired: wibDay(Date.now() / 1000) > validUntil,
    };
  }

  function savedKeys() {
    try {
      return JSON.parse(localStorage.getItem(KEYS) || "null");
    } catch (e) {
      return null;
    }
  }

  function showKeys() {
    const saved = savedKeys();
    $("keys").textContent = saved
      ? `${saved.set.keys.length} kunci publik tersimpan, ${saved.at} (${saved.set.keys.length} public keys saved)`
      : "Belum ada kunci tersimpan: buka halaman ini sekali saat online (no keys saved yet: open this page once while online)";
  }

  async function refreshKeys() {
    try {
      const answer = await fetch("../keys", { cache: "no-store" });
      if (answer.ok) {
        localStorage.setItem(KEYS, JSON.stringify({ set: await answer.json(), at: new Date().toISOString().slice(0, 16).replace("T", " ") }));
      }
    } catch (e) {
      // offline: the saved set stays
    }
    showKeys();
  }

  async function onCheck(event) {
    event.preventDefault();
    const result = $("result");
    result.className = "";
    result.replaceChildren();
    const saved = savedKeys();
    try {
      if (!saved) throw new Error("belum ada kunci tersimpan / no keys saved");
      const found = await check($("payload").value, saved.set);
      const head = document.createElement("p");
      head.className = found.expired ? "status expired" : "status valid";
      head.textContent = found.expired
        ? "TANDA TANGAN ASLI, MASA BERLAKU HABIS (genuine signature, expired)"
        : "ASLI DAN BERLAKU (genuine, within validity)";
      const list = document.createElement("dl");
      for (const [label, value] of [["Nomor (Number)", found.number], ["Skema (Scheme)", found.scheme],
        ["Unit (Units)", found.units.join(", ")], ["Terbit (Issued)", found.issued],
        ["Berlaku sampai (Valid until)", found.validUntil], ["Kunci (Key)", found.kid]]) {
        const dt = document.createElement("dt");
        dt.textContent = label;
        const dd = document.createElement("dd");
        dd.textContent = value;
        list.append(dt, dd);
      }
      const note = document.createElement("p");
      note.textContent = "Status terkini (dibekukan, dicabut) perlu jaringan: buka tautan sertifikat. " +
        "(The current status, suspended or withdrawn, needs the network: open the certificate's link.)";
      result.append(head, list, note);
    } catch (e) {
      result.className = "status invalid";
      result.textContent = `TIDAK SAH (invalid): ${e.message}`;
    }
  }

  $("check").addEventListener("submit", onCheck);
  showKeys();
  if (navigator.onLine) refreshKeys();
})();
