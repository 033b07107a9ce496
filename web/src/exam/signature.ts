// FR.AK.01 on the phone: the candidate's signature is an outbox item with one id per attempt
// (a second tap, or a sign again after a reload, replaces it rather than adding one), sent with
// the outbox's offline-first rules; the attempt's answers wait until it has left the queue.
import * as db from "../db";
import { Item, drop, enqueue } from "../outbox";
import { session } from "../session";

export const consentItemId = (attemptId: string) => `consent:${attemptId}`;

export const queuedConsent = (attemptId: string) => db.get<Item>(consentItemId(attemptId), "outbox");

export async function queueConsent(attemptId: string, termsVersion: string): Promise<void> {
  const candidateId = session.get()?.candidate_id;
  if (!candidateId) throw new Error("no candidate is signed in");
  await enqueue({
    id: consentItemId(attemptId),
    kind: "consent",
    candidate_id: candidateId,
    created: Date.now(),
    body: { attempt_id: attemptId, terms_version: termsVersion },
  });
}

export const dropConsent = (attemptId: string) => drop(consentItemId(attemptId));
