// Who is signed in to the console: the token registration issued at sign-in and what it says
// (role, districts, LSP). Kept in sessionStorage: a district office's shared computer forgets
// it when the browser closes, while a reload keeps the person signed in.
import { signal } from "../../src/signal";

export interface Staff {
  token: string;
  account_id: string;
  role: string;
  districts: string[]; // a district operator's: where they work (claim `dst`)
  lsp_id: string | null; // an LSP's staff: their certification body (claim `lsp`)
  email: string;
  expires_at: number; // ms since the epoch (claim `exp`)
}

const KEY = "kompeten.console.session";
export const ADMIN = "lsp_admin";
export const OPERATOR = "district_operator";
export const DECIDER = "decision_maker";
export const CONSOLE_ROLES = [ADMIN, OPERATOR, DECIDER];

// The claims are read for display and routing only; every service verifies the signature.
export function claimsOf(token: string): { role: string; dst?: string[]; lsp?: string; exp: number } {
  const part = token.split(".")[1] ?? "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  return JSON.parse(json);
}

function stored(): Staff | null {
  try {
    const found = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Staff | null;
    return found && found.expires_at > Date.now() ? found : null;
  } catch {
    return null;
  }
}

export const session = signal<Staff | null>(stored());

export function signIn(token: string, account_id: string, email: string): Staff {
  const claims = claimsOf(token);
  const staff: Staff = {
    token,
    account_id,
    role: claims.role,
    districts: claims.dst ?? [],
    lsp_id: claims.lsp ?? null,
    email,
    expires_at: claims.exp * 1000,
  };
  sessionStorage.setItem(KEY, JSON.stringify(staff));
  session.set(staff);
  return staff;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  session.set(null);
}
