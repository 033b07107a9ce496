// Choosing a document for APL-01 on the phone: a photo from the camera (made smaller first) or
// a file, checked for what registration accepts, then kept with the draft (evidence.ts).
import * as db from "./db";
import { type LocalEvidence, MAX_BYTES, TYPES, key, loadEvidence } from "./evidence";
import { newClientId } from "./ids";

const LONGEST_SIDE = 2000; // a camera photo is made smaller (and lighter to send) to this

// A camera photo larger than needed is redrawn as a JPEG of at most LONGEST_SIDE pixels.
async function shrink(file: File): Promise<Blob> {
  if (!file.type.startsWith("image/") || typeof createImageBitmap !== "function") return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= MAX_BYTES && TYPES.includes(file.type)) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), "image/jpeg", 0.85));
  } catch {
    return file; // not an image the browser can read: the type check below decides
  }
}

// Adds the file; answers the i18n key of why it was refused, or null.
export async function addEvidence(candidateId: string, file: File, source: LocalEvidence["source"]): Promise<"evidenceType" | "evidenceSize" | null> {
  const blob = source === "camera" ? await shrink(file) : file;
  if (!TYPES.includes(blob.type)) return "evidenceType";
  if (blob.size > MAX_BYTES) return "evidenceSize";
  const name = blob === file ? file.name : file.name.replace(/\.\w+$/, "") + ".jpg";
  const item: LocalEvidence = { id: newClientId(), name, type: blob.type, size: blob.size, blob, source };
  await db.put(key(candidateId), [...(await loadEvidence(candidateId)), item]);
  return null;
}

