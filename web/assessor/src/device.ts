// This tablet's identity for the records it writes: a device id made once and kept, and a
// sequence per session (1, 2, 3 ... across every candidate of the session), taken in the same
// IndexedDB transaction as nothing else, so two quick taps never share a number and a reload
// continues above the highest number used. The server's held_through per device is exactly
// "records 1..n of this device are held".
import * as db from "./db";
import { newId } from "./ids";

let device: Promise<string> | null = null;

export function deviceId(): Promise<string> {
  device ??= db.get<string>("device").then(async (found) => {
    if (found) return found;
    const made = `tablet-${newId()}`;
    await db.put("device", made);
    return made;
  });
  return device;
}

let last = Promise.resolve(0);

// Serialised: each call waits for the previous one, so sequences are handed out in order.
export function nextSeq(sessionId: string): Promise<number> {
  const taken = last.then(async () => {
    const key = `seq:${sessionId}`;
    const next = ((await db.get<number>(key)) ?? 0) + 1;
    await db.put(key, next);
    return next;
  });
  last = taken.catch(() => 0);
  return taken;
}
