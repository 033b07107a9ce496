// Who is signed in on this phone: the token registration issued, kept in IndexedDB so a
// reload (or the outbox, later) can still send what the person queued.
import * as db from "./db";
import { signal } from "./signal";

export interface Session {
  token: string;
  account_id: string;
  candidate_id: string | null;
  email: string;
}

const KEY = "session";
export const session = signal<Session | null>(null);

export async function loadSession(): Promise<void> {
  session.set((await db.get<Session>(KEY)) ?? null);
}

export async function saveSession(next: Session): Promise<void> {
  await db.put(KEY, next);
  session.set(next);
}

export async function signOut(): Promise<void> {
  await db.remove(KEY);
  session.set(null);
}
