// APL-01's evidence on the phone: a photo from the camera or a file, kept in IndexedDB with the
// draft (a reload or no signal loses nothing) and uploaded when the submission is sent. The
// service worker may run this too (no DOM here: choosing and shrinking is evidence_pick.ts). The
// server keeps one document per content, so a file uploaded twice (a retry) is the same one.
import { REGISTRATION, uploadFile } from "./api";
import * as db from "./db";

export const MAX_BYTES = 5 * 1024 * 1024; // registration's limit per document
export const TYPES = ["application/pdf", "image/jpeg", "image/png"];

export interface LocalEvidence {
  id: string; // this phone's id for it
  name: string;
  type: string;
  size: number;
  blob: Blob;
  source: "camera" | "file";
  evidence_id?: string; // the server's, once uploaded
}

export const key = (candidateId: string) => `evidence:${candidateId}`;

export const loadEvidence = async (candidateId: string) => (await db.get<LocalEvidence[]>(key(candidateId))) ?? [];

export async function removeEvidence(candidateId: string, id: string): Promise<void> {
  await db.put(key(candidateId), (await loadEvidence(candidateId)).filter((e) => e.id !== id));
}

// Uploads what the server does not hold yet; the server's ids of all of them, in order.
export async function uploadEvidence(candidateId: string, applicationId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const item of await loadEvidence(candidateId)) {
    let evidenceId = item.evidence_id;
    if (!evidenceId) {
      const stored = await uploadFile<{ evidence_id: string }>(
        REGISTRATION, `/applications/${applicationId}/evidence`, "file", item.blob, item.name,
      );
      evidenceId = stored.evidence_id;
      const now = await loadEvidence(candidateId);
      await db.put(key(candidateId), now.map((e) => (e.id === item.id ? { ...e, evidence_id: evidenceId } : e)));
    }
    ids.push(evidenceId);
  }
  return ids;
}
