// Screens by the URL's hash: #/ (my sessions), #/sesi/<session> (roster, attendance, start,
// live view), #/sesi/<session>/peserta/<candidate> (one candidate's records and judgement).
import { signal } from "../../src/signal";

export interface Route {
  session: string | null;
  candidate: string | null;
}

function parse(hash: string): Route {
  const [, session, candidate] = hash.match(/^#\/sesi\/([\w-]+)(?:\/peserta\/([\w-]+))?$/) ?? [];
  return { session: session ?? null, candidate: candidate ?? null };
}

export const route = signal<Route>(parse(location.hash));
window.addEventListener("hashchange", () => route.set(parse(location.hash)));

export const sessionHref = (id: string) => `#/sesi/${id}`;
export const candidateHref = (session: string, candidate: string) => `#/sesi/${session}/peserta/${candidate}`;
