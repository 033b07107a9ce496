// An interview's answer (IA.09) recorded on the tablet: with its microphone (MediaRecorder, Opus
// in WebM or Ogg, or MP4, whichever this browser records; at 32 kbit/s, about 14 MB an hour) or
// chosen as a file. Kept like a photo (photos.ts): the file in IndexedDB first, named by its
// SHA-256, then at once an `audio` capture record whose subject is the question (a new recording
// of the same question edits it), and the file sent by the same queue as the photos.
import * as db from "./db";
import { LocalPhoto, MAX_PHOTO_BYTES, refresh, sha256 } from "./photos";
import { write } from "./records";

// What capture and the evidence files take (services/assessment: capture_record.AUDIO_TYPES).
export const AUDIO_TYPES = ["audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/aac", "audio/wav"];
const RECORDED = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"]; // preferred first
const ALIASES: Record<string, string> = {
  "audio/x-m4a": "audio/mp4", "audio/m4a": "audio/mp4", "audio/mp3": "audio/mpeg", "audio/x-wav": "audio/wav",
  "audio/wave": "audio/wav", "audio/opus": "audio/ogg", "audio/x-aac": "audio/aac",
};
// Under the proxy's request limit, as a photo: about 40 minutes at the rate recorded here.
export const MAX_AUDIO_BYTES = MAX_PHOTO_BYTES;

export type AudioProblem = "audioType" | "audioSize" | "audioOtherCandidate";

// Some file pickers give no type for a recorder app's file: its name's ending tells it.
const ENDINGS: Record<string, string> = {
  webm: "audio/webm", ogg: "audio/ogg", opus: "audio/ogg", m4a: "audio/mp4", mp4: "audio/mp4",
  mp3: "audio/mpeg", aac: "audio/aac", wav: "audio/wav",
};

const mediaType = (type: string, name = "") => {
  const base = type.split(";")[0].trim().toLowerCase() || ENDINGS[name.split(".").pop()?.toLowerCase() ?? ""] || "";
  return ALIASES[base] ?? base;
};

export async function takeAudio(sessionId: string, candidateId: string, question: string, file: Blob): Promise<AudioProblem | null> {
  const type = mediaType(file.type, file instanceof File ? file.name : "");
  if (!AUDIO_TYPES.includes(type)) return "audioType";
  if (!file.size || file.size > MAX_AUDIO_BYTES) return "audioSize";
  const blob = file.type === type ? file : new Blob([file], { type });
  const hash = await sha256(blob);
  const key = `${sessionId}|${hash}`;
  const known = await db.get<LocalPhoto>(key, "photos");
  if (known && known.candidate_id !== candidateId) return "audioOtherCandidate"; // the server's 409
  const ref = { content_hash: hash, media_type: type, size_bytes: blob.size };
  if (!known) {
    const kept: LocalPhoto = {
      key, kind: "audio", session_id: sessionId, candidate_id: candidateId, ...ref, blob, state: "waiting",
      taken_at: new Date().toISOString(),
    };
    await db.put(null, kept, "photos"); // the file first: a record never names a file the tablet lost
  }
  await write(sessionId, candidateId, "audio", question, { audio: ref });
  await refresh(sessionId);
  return null;
}

export const canRecord = () => typeof MediaRecorder === "function" && !!navigator.mediaDevices?.getUserMedia;

// A recording under way: stop() ends it and gives the whole file.
export interface Recording {
  stop(): Promise<Blob>;
}

export async function record(): Promise<Recording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const mimeType = RECORDED.find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, { mimeType, audioBitsPerSecond: 32_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size) chunks.push(e.data);
  };
  recorder.start(1000); // a chunk a second: a long answer is not one buffer in memory at the end
  return {
    stop: () =>
      new Promise<Blob>((resolve) => {
        recorder.onstop = () => {
          stream.getTracks().forEach((track) => track.stop()); // the microphone's light goes off
          resolve(new Blob(chunks, { type: mediaType(recorder.mimeType || mimeType || "audio/webm") }));
        };
        recorder.stop();
      }),
  };
}
