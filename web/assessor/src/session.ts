// Who is signed in on this tablet: the token registration issued for the mailed code, and what it
// says (role, LSP). Kept in IndexedDB, not sessionStorage: a tablet reloaded or reopened in a
// hall with no signal must still know its assessor. The claims are read for display and for the
// records' assessor_id only; every service verifies the signature.
import { signal } from "../../src/signal";
import * as db from "./db";

export interface Assessor {
  token: string;
  account_id: string;
  role: string;
  lsp_id: string | null;
  email: string;
  expires_at: number; // ms since the epoch
}

const KEY = "session";
export const ASSESSOR = "assessor";
export const session = signal<Assessor | null>(null);

export function claimsOf(token: string): { role: string; lsp?: string; exp: number } {
  const part = token.split(".")[1] ?? "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  return JSON.parse(json);
}

export async function loadSession(): Promise<void> {
  const found = await db.get<Assessor>(KEY);
  session.set(found ?? null);
}

export async function signIn(token: string, account_id: string, email: string): Promise<Assessor> {
  const claims = claimsOf(token);
  const me: Assessor = {
    token, account_id, role: claims.role, lsp_id: claims.lsp ?? null, email, expires_at: claims.exp * 1000,
  };
  await db.put(KEY, me);
  session.set(me);
  return me;
}

// What was recorded stays on the tablet (and is still sent at the next sign-in): only the token goes.
export async function signOut(): Promise<void> {
  await db.remove(KEY);
  session.set(null);
}

export const expired = (me: Assessor): boolean => me.expires_at <= Date.now();
