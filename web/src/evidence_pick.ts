// Choosing a document for APL-01 on the phone: a photo from the camera (made smaller first) or
// a file, checked for what registration accepts, then kept with the draft (evidence.ts).
import * as db from "./db";
import { type LocalEvidence, MAX_BYTES, TYPES, key, loadEvidence } from "./evidence";
import { newClientId } from "./ids";
import { shrinkImage } from "./shrink";

const LONGEST_SIDE = 2000; // a camera photo is made smaller (and lighter to send) to this

// Adds the file; answers the i18n key of why it was refused, or null.
export async function addEvidence(candidateId: string, file: File, source: LocalEvidence["source"]): Promise<"evidenceType" | "evidenceSize" | null> {
  const fits = (b: Blob) => b.size <= MAX_BYTES && TYPES.includes(b.type);
  const blob = source === "camera" ? await shrinkImage(file, LONGEST_SIDE, fits) : file;
  if (!TYPES.includes(blob.type)) return "evidenceType";
  if (blob.size > MAX_BYTES) return "evidenceSize";
  const name = blob === file ? file.name : file.name.replace(/\.\w+$/, "") + ".jpg";
  const item: LocalEvidence = { id: newClientId(), name, type: blob.type, size: blob.size, blob, source };
  await db.put(key(candidateId), [...(await loadEvidence(candidateId)), item]);
  return null;
}

