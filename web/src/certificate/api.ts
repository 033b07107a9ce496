// Certificate's API as the holder's phone calls it (through /api/certificate/): their own
// certificates (kept for offline reading), the agreement to sign before release, and once
// released their QR code and PDF copy (fetched with the token, so shown from a blob URL).
import { ApiError, CERTIFICATE, Unreachable, request } from "../api";
import { cached } from "../cache";
import { session } from "../session";

export interface OwnCertificate {
  certificate_id: string;
  token: string;
  number: string;
  scheme_code: string;
  scheme_version: number;
  issued_on: string;
  valid_until: string;
  status: string; // awaiting_agreement, valid, suspended, withdrawn, replaced, expired
  released_at: string | null;
}

export interface Agreement {
  certificate_id: string;
  agreement_version: string;
  terms_id: string[];
  terms_en: string[];
  signed_at: string | null;
}

export const listCertificates = (candidateId: string) =>
  cached<OwnCertificate[]>(`certificates:${candidateId}`, "/me/certificates", CERTIFICATE);

export const loadAgreement = (certificateId: string) =>
  cached<Agreement>(`agreement:${certificateId}`, `/certificates/${certificateId}/agreement`, CERTIFICATE);

export const signAgreement = (certificateId: string, version: string) =>
  request<Agreement>(CERTIFICATE, "POST", `/certificates/${certificateId}/agreement`, {
    agreement_version: version,
    agree: true,
  });

// The public page anyone opens from the link or the QR code, at the one origin (docs/certificate.md).
export const verificationUrl = (token: string) => `${location.origin}${CERTIFICATE}/verify/${token}/page`;

// The holder's QR code or PDF (the request carries the sign-in token).
export async function ownFile(certificateId: string, file: "qr.png" | "certificate.pdf"): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`${CERTIFICATE}/me/certificates/${certificateId}/${file}`, {
      headers: { Authorization: `Bearer ${session.get()?.token ?? ""}` },
    });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: [] } | null;
    throw new ApiError(response.status, body?.errors ?? []);
  }
  return response.blob();
}

// An image as a data: URL (the proxy's CSP allows images from 'self' and data: only).
export const dataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
