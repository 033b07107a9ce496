// Screens by the URL's hash (#/profil, #/apl01, #/status, #/ujian, #/ujian/<attempt id>): works
// from the service worker's cached shell with no server-side routes, and the back button moves
// between screens.
import { signal } from "./signal";

export type Route = "profile" | "apl01" | "status" | "exams" | "exam";
const PATHS: Record<string, Route> = { "#/profil": "profile", "#/apl01": "apl01", "#/status": "status", "#/ujian": "exams" };
const HASHES: Record<Exclude<Route, "exam">, string> = {
  profile: "#/profil",
  apl01: "#/apl01",
  status: "#/status",
  exams: "#/ujian",
};
const EXAM = /^#\/ujian\/([0-9a-f-]{36})$/;

const current = () => PATHS[location.hash] ?? (EXAM.test(location.hash) ? "exam" : "profile");
export const route = signal<Route>(current());
window.addEventListener("hashchange", () => route.set(current()));

export function go(to: Exclude<Route, "exam">): void {
  if (location.hash === HASHES[to]) route.set(to);
  else location.hash = HASHES[to];
}

export const href = (to: Exclude<Route, "exam">) => HASHES[to];
// The exam attempt a #/ujian/<id> screen is for.
export const examHref = (attemptId: string) => `#/ujian/${attemptId}`;
export const routedAttempt = () => EXAM.exec(location.hash)?.[1] ?? null;
