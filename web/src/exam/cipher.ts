// Opening the sealed exam with the start code, with the browser's WebCrypto and exactly as the
// server seals it (assessment/exams/adapters/package_cipher.py): PBKDF2-HMAC-SHA256 over the
// code (trimmed, upper case), salted with the session id's 16 bytes, the package's iteration
// count, giving an AES-256-GCM key; the package's nonce; the attempt id's 16 bytes as the
// associated data. A wrong code (or another candidate's package) fails GCM's check.
import type { SealedPackage } from "./api";

export const KDF = "PBKDF2-SHA256/AES-256-GCM";

export interface Question {
  question_id: string;
  unit_code: string;
  kind: "multiple_choice" | "essay";
  stem: string;
  options: string[];
}

export class WrongCode extends Error {}

const base64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const uuidBytes = (id: string) =>
  Uint8Array.from(id.replace(/-/g, "").match(/../g) ?? [], (pair) => parseInt(pair, 16));
export const normalCode = (code: string) => code.trim().toUpperCase();

export async function openPackage(sealed: SealedPackage, code: string): Promise<Question[]> {
  if (sealed.kdf !== KDF) throw new Error(`unsupported package: ${sealed.kdf}`);
  const material = await crypto.subtle.importKey(
    "raw", new TextEncoder().encode(normalCode(code)), "PBKDF2", false, ["deriveKey"],
  );
  const key = await crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: uuidBytes(sealed.session_id), iterations: sealed.iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["decrypt"],
  );
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: base64(sealed.nonce), additionalData: uuidBytes(sealed.attempt_id) },
      key,
      base64(sealed.ciphertext),
    );
  } catch {
    throw new WrongCode("the start code does not open this package");
  }
  const body = JSON.parse(new TextDecoder().decode(plain)) as { attempt_id: string; questions: Question[] };
  if (body.attempt_id !== sealed.attempt_id) throw new WrongCode("the package is another attempt's");
  return body.questions;
}
