// Screens by the URL's hash (#/antrian, #/antrian/<id>, #/impor, #/impor/<id>, #/progres,
// #/progres/<district>, #/jadwal, #/jadwal/<session id>, #/jadwal/baru to schedule one,
// #/keputusan, #/keputusan/<session id>, #/cetak, #/cetak/<batch id>, #/blanko): the page needs
// no server-side routes and the back button moves between screens.
import { signal } from "../../src/signal";

export type Screen = "queue" | "application" | "imports" | "import" | "progress" | "district" | "planning" | "session"
  | "decisions" | "decision" | "printing" | "batch" | "blanko";
export interface Route {
  screen: Screen | null; // null: the role's home
  id: string | null;
}

const NAMES: Record<string, [Screen, Screen]> = {
  antrian: ["queue", "application"],
  impor: ["imports", "import"],
  progres: ["progress", "district"],
  jadwal: ["planning", "session"],
  keputusan: ["decisions", "decision"],
  cetak: ["printing", "batch"],
  blanko: ["blanko", "blanko"],
};
const SEGMENT: Record<Screen, string> = {
  queue: "antrian",
  application: "antrian",
  imports: "impor",
  import: "impor",
  progress: "progres",
  district: "progres",
  planning: "jadwal",
  session: "jadwal",
  decisions: "keputusan",
  decision: "keputusan",
  printing: "cetak",
  batch: "cetak",
  blanko: "blanko",
};

function parse(hash: string): Route {
  const [, name, id] = hash.match(/^#\/([a-z]+)(?:\/([\w-]+))?$/) ?? [];
  const found = name ? NAMES[name] : undefined;
  if (!found) return { screen: null, id: null };
  return id ? { screen: found[1], id } : { screen: found[0], id: null };
}

export const route = signal<Route>(parse(location.hash));
window.addEventListener("hashchange", () => route.set(parse(location.hash)));

export const href = (screen: Screen, id?: string): string => `#/${SEGMENT[screen]}${id ? "/" + id : ""}`;

export function go(screen: Screen, id?: string): void {
  const next = href(screen, id);
  if (location.hash === next) route.set(parse(next));
  else location.hash = next;
}
