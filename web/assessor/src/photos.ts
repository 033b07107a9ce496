// Evidence files on the tablet: photos taken (camera or file), redrawn smaller when large (the
// shared web/src/shrink.ts), and interviews' recorded answers (audio.ts); each named by its
// SHA-256 computed here (WebCrypto), kept in IndexedDB with the session, and referenced at once
// by a `photo` or `audio` capture record (sent with the other records, exactly once). The files have their own queue: uploaded when the network allows, oldest first,
// tried again while the server cannot be reached; the server keeps one file per content, so a
// retry or a second tablet's upload is answered 200 "held already" and counts as sent. A 410
// (the candidate's data was erased) stops and is shown; the file is then dropped from the tablet.
import { signal } from "../../src/signal";
import { shrinkImage } from "../../src/shrink";
import { ApiError, Problem, call, transient } from "./api";
import * as db from "./db";
import { write } from "./records";
import { keepThumb } from "./thumbs";

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"]; // what capture takes
const LONGEST_SIDE = 2000; // as the candidate app's photos
// Under the proxy's request limit (deploy/local/proxy.py: 11 MB); the server would take 20 MB.
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

// waiting: on the tablet, not uploaded; sent: the server holds the file (the tablet drops it);
// erased: the candidate's data was erased (410), never sent; refused: another answer, shown.
export type PhotoState = "waiting" | "sent" | "erased" | "refused";

export interface LocalPhoto {
  key: string; // <session>|<sha256>
  kind?: "photo" | "audio"; // absent: a photo (kept before the audio)
  session_id: string;
  candidate_id: string;
  content_hash: string;
  media_type: string;
  size_bytes: number;
  blob: Blob | null; // null once the server holds it (or must not)
  state: PhotoState;
  problems?: Problem[];
  taken_at: string;
}

// The photos of the session on screen (their state per hash), re-read after every change.
export const shelf = signal<{ sessionId: string; photos: Map<string, LocalPhoto> } | null>(null);

export async function loadPhotos(sessionId: string): Promise<void> {
  const photos = await db.allBy<LocalPhoto>("photos", "session_id", sessionId);
  shelf.set({ sessionId, photos: new Map(photos.map((p) => [p.content_hash, p])) });
}

export async function refresh(sessionId: string): Promise<void> {
  if (shelf.get()?.sessionId === sessionId) await loadPhotos(sessionId);
}

export async function sha256(blob: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Keeps the photo and writes its record; answers the i18n key of why it was refused, or null.
export async function takePhoto(
  sessionId: string, candidateId: string, file: Blob, note: string,
): Promise<"photoType" | "photoSize" | "photoOtherCandidate" | null> {
  const fits = (b: Blob) => b.size <= MAX_PHOTO_BYTES && PHOTO_TYPES.includes(b.type);
  const blob = await shrinkImage(file, LONGEST_SIDE, fits);
  if (!PHOTO_TYPES.includes(blob.type)) return "photoType";
  if (blob.size > MAX_PHOTO_BYTES) return "photoSize";
  const hash = await sha256(blob);
  const key = `${sessionId}|${hash}`;
  const known = await db.get<LocalPhoto>(key, "photos");
  if (known && known.candidate_id !== candidateId) return "photoOtherCandidate"; // the server's 409
  const ref = { content_hash: hash, media_type: blob.type, size_bytes: blob.size };
  if (!known) {
    const photo: LocalPhoto = {
      key, session_id: sessionId, candidate_id: candidateId, ...ref, blob, state: "waiting", taken_at: new Date().toISOString(),
    };
    await db.put(null, photo, "photos"); // the file first: a record never names a photo the tablet lost
    await keepThumb(sessionId, hash, blob);
  }
  await write(sessionId, candidateId, "photo", hash, { photo: ref, text: note.trim() || null });
  await refresh(sessionId);
  return null;
}

export const waitingPhotos = async () => (await db.all<LocalPhoto>("photos")).filter((p) => p.state === "waiting");

// One round of the files' queue (called by the outbox after the records): stops at the first
// upload the network or the server cannot take now, to be tried again next round.
export async function sendPhotos(): Promise<void> {
  const waiting = (await waitingPhotos()).sort((a, b) => a.taken_at.localeCompare(b.taken_at));
  for (const photo of waiting) {
    const form = new FormData();
    // The file's own name may name the candidate: only what it is goes.
    form.append("file", photo.blob!, photo.kind === "audio" ? "rekaman" : "foto");
    let done: LocalPhoto;
    try {
      const held = await call<{ content_hash: string }>(
        "POST", `/sessions/${photo.session_id}/evidence?candidate_id=${photo.candidate_id}`, form,
      );
      done = held.content_hash === photo.content_hash
        ? { ...photo, blob: null, state: "sent" }
        : { ...photo, state: "refused", problems: [{ field: "content_hash", reason: held.content_hash }] };
    } catch (error) {
      if (transient(error) || !(error instanceof ApiError) || error.status === 401) return;
      const problems = error.problems.length ? error.problems : [{ field: "file", reason: `HTTP ${error.status}` }];
      done = error.status === 410 ? { ...photo, blob: null, state: "erased", problems } : { ...photo, state: "refused", problems };
    }
    await db.put(null, done, "photos");
    await refresh(photo.session_id);
  }
}
