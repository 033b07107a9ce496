// Screens by the URL's hash (#/profil, #/apl01, #/status): works from the service worker's
// cached shell with no server-side routes, and the back button moves between screens.
import { signal } from "./signal";

export type Route = "profile" | "apl01" | "status";
const PATHS: Record<string, Route> = { "#/profil": "profile", "#/apl01": "apl01", "#/status": "status" };
const HASHES: Record<Route, string> = { profile: "#/profil", apl01: "#/apl01", status: "#/status" };

const current = () => PATHS[location.hash] ?? "profile";
export const route = signal<Route>(current());
window.addEventListener("hashchange", () => route.set(current()));

export function go(to: Route): void {
  if (location.hash === HASHES[to]) route.set(to);
  else location.hash = HASHES[to];
}

export const href = (to: Route) => HASHES[to];
