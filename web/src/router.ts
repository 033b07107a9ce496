// Screens by the URL's hash (#/profil, #/apl01, #/status, #/ujian, #/ujian/<attempt id>,
// #/sertifikat, #/sertifikat/<certificate id>): works
// from the service worker's cached shell with no server-side routes, and the back button moves
// between screens.
import { signal } from "./signal";

export type Route = "profile" | "apl01" | "status" | "exams" | "exam" | "certificates" | "certificate";
type Listed = Exclude<Route, "exam" | "certificate">;
const PATHS: Record<string, Route> = {
  "#/profil": "profile",
  "#/apl01": "apl01",
  "#/status": "status",
  "#/ujian": "exams",
  "#/sertifikat": "certificates",
};
const HASHES: Record<Listed, string> = {
  profile: "#/profil",
  apl01: "#/apl01",
  status: "#/status",
  exams: "#/ujian",
  certificates: "#/sertifikat",
};
const EXAM = /^#\/ujian\/([0-9a-f-]{36})$/;
const CERTIFICATE = /^#\/sertifikat\/([0-9a-f-]{36})$/;

const current = (): Route =>
  PATHS[location.hash] ?? (EXAM.test(location.hash) ? "exam" : CERTIFICATE.test(location.hash) ? "certificate" : "profile");
export const route = signal<Route>(current());
window.addEventListener("hashchange", () => route.set(current()));

export function go(to: Listed): void {
  if (location.hash === HASHES[to]) route.set(to);
  else location.hash = HASHES[to];
}

export const href = (to: Listed) => HASHES[to];
// The exam attempt a #/ujian/<id> screen is for.
export const examHref = (attemptId: string) => `#/ujian/${attemptId}`;
export const routedAttempt = () => EXAM.exec(location.hash)?.[1] ?? null;
// The certificate a #/sertifikat/<id> screen is for.
export const certificateHref = (certificateId: string) => `#/sertifikat/${certificateId}`;
export const routedCertificate = () => CERTIFICATE.exec(location.hash)?.[1] ?? null;
