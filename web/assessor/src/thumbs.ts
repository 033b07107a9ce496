// Small thumbnails of a candidate's evidence photos (96 px on the longest side, a JPEG of a few
// KB), kept in IndexedDB so that they show with no signal. A photo taken on this tablet gets its
// thumbnail at once, redrawn from the file kept here; a photo of another tablet (its record read
// back from the server) is fetched once, only while online and only when its candidate's screen
// is shown (GET /sessions/{id}/evidence/{sha256}), and redrawn; the full file is not kept. A file
// not uploaded yet (404) is asked again later; an erased candidate's (410) never again.
import { signal } from "../../src/signal";
import { shrinkImage } from "../../src/shrink";
import { ApiError, fetchFile } from "./api";
import * as db from "./db";
import type { LocalPhoto } from "./photos";

export const THUMB_PX = 96;
const RETRY_MS = 30_000; // a photo the server does not hold yet: asked again at most this often

export interface Thumb {
  key: string; // <session>|<sha256>
  session_id: string;
  blob: Blob | null; // null: the server will never give it (the candidate's data was erased)
}

// The thumbnails of the session on screen, by hash.
export const thumbs = signal<{ sessionId: string; byHash: Map<string, Thumb> } | null>(null);
const asked = new Map<string, number>(); // key -> when last asked of the server (this page)

export async function loadThumbs(sessionId: string): Promise<void> {
  const kept = await db.allBy<Thumb>("thumbs", "session_id", sessionId);
  thumbs.set({ sessionId, byHash: new Map(kept.map((t) => [t.key.split("|")[1], t])) });
}

const redraw = (file: Blob) => shrinkImage(file, THUMB_PX, () => false);

export async function keepThumb(sessionId: string, hash: string, file: Blob | null): Promise<void> {
  const thumb: Thumb = { key: `${sessionId}|${hash}`, session_id: sessionId, blob: file && (await redraw(file)) };
  await db.put(null, thumb, "thumbs");
  if (thumbs.get()?.sessionId === sessionId) await loadThumbs(sessionId);
}

// The thumbnails still missing for these photos: from the tablet's own file when it has it,
// else from the server when online. One at a time (a tablet on a hall's network).
export async function fillThumbs(sessionId: string, hashes: string[], local: Map<string, LocalPhoto>): Promise<void> {
  const have = thumbs.get()?.sessionId === sessionId ? thumbs.get()!.byHash : new Map<string, Thumb>();
  for (const hash of hashes) {
    const key = `${sessionId}|${hash}`;
    if (have.has(hash) || Date.now() - (asked.get(key) ?? 0) < RETRY_MS) continue;
    const mine = local.get(hash);
    if (mine?.blob) {
      await keepThumb(sessionId, hash, mine.blob);
      continue;
    }
    if (!navigator.onLine) return;
    asked.set(key, Date.now());
    try {
      await keepThumb(sessionId, hash, await fetchFile(`/sessions/${sessionId}/evidence/${hash}`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) await keepThumb(sessionId, hash, null);
      else if (!(error instanceof ApiError)) return; // no way through: the next time
    }
  }
}
