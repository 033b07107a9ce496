// The candidate's application as this phone knows it: the client id that starts it on the
// server, the server's id once started, and the last status seen (shown when offline).
import * as db from "./db";
import { newClientId } from "./ids";

export interface LocalApplication {
  candidate_id: string;
  start_client_id: string;
  application_id: string | null;
  last_status?: string;
}

export const applicationKey = (candidateId: string) => `application:${candidateId}`;

export const loadApplication = (candidateId: string) =>
  db.get<LocalApplication>(applicationKey(candidateId));

export async function ensureApplication(
  candidateId: string,
  queueStart: (clientId: string) => Promise<void>,
): Promise<LocalApplication> {
  const known = await loadApplication(candidateId);
  if (known) return known;
  const created: LocalApplication = {
    candidate_id: candidateId,
    start_client_id: newClientId(),
    application_id: null,
  };
  await db.put(applicationKey(candidateId), created);
  await queueStart(created.start_client_id);
  return created;
}
