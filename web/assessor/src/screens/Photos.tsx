// A candidate's evidence photos: taken with the tablet's camera (or chosen as a file), with an
// optional note, kept on the tablet and named by their SHA-256 (photos.ts); each shown with
// where its file is: waiting on the tablet, sent, or not to be sent (erased, refused).
import { useEffect, useState } from "preact/hooks";
import { useValue } from "../../../src/signal";
import { Key, reasonOf, t } from "../i18n";
import { LocalPhoto, loadPhotos, shelf, takePhoto } from "../photos";
import { LocalRecord, hall } from "../records";
import { written } from "../sync";
import { Notice, shortId } from "../ui";

// The photo records that count for the candidate, oldest first (a photo's subject is its hash).
export function photoRecords(candidateId: string): LocalRecord[] {
  const now = hall.get();
  if (!now) return [];
  return [...now.subjects.values()]
    .filter((s) => s.kind === "photo" && s.current.length === 1 && s.current[0].candidate_id === candidateId)
    .map((s) => s.current[0])
    .sort((a, b) => (a.written_at ?? "").localeCompare(b.written_at ?? ""));
}

export const photoState = (photo: LocalPhoto | undefined) => photo?.state ?? "elsewhere";

export function Photos({ sessionId, candidateId }: { sessionId: string; candidateId: string }) {
  useValue(hall);
  const kept = useValue(shelf);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Key | null>(null);
  useEffect(() => void loadPhotos(sessionId), [sessionId]);
  const shown = photoRecords(candidateId);
  const local = kept?.sessionId === sessionId ? kept.photos : new Map<string, LocalPhoto>();

  const pick = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setBusy(true);
    // The only failure: the same photo's record is in conflict (two tablets noted it at once).
    const why = await takePhoto(sessionId, candidateId, file, note)
      .catch(() => "photoConflict" as const)
      .finally(() => setBusy(false));
    setProblem(why);
    if (!why) {
      setNote("");
      await written();
    }
  };

  return (
    <section aria-labelledby="photo-title" id="photos">
      <h2 id="photo-title">{t("photoTitle")}</h2>
      <p class="hint">{t("photoIntro")}</p>
      <div class="field">
        <label for="photo-note">{t("photoNote")}</label>
        <textarea id="photo-note" rows={2} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="photo-camera">{t("photoCamera")}</label>
        <input id="photo-camera" type="file" accept="image/*" capture="environment" disabled={busy} onChange={(e) => void pick(e)} />
      </div>
      <div class="field">
        <label for="photo-file">{t("photoFile")}</label>
        <input id="photo-file" type="file" accept="image/jpeg,image/png,image/webp" disabled={busy} onChange={(e) => void pick(e)} />
      </div>
      {busy ? <Notice>{t("photoSaving")}</Notice> : null}
      {problem ? <Notice kind="error">{t(problem)}</Notice> : null}
      {shown.length ? (
        <ul class="photos">
          {shown.map((r, i) => {
            const hash = r.photo!.content_hash;
            const photo = local.get(hash);
            const state = photoState(photo);
            return (
              <li key={hash} data-photo={hash} data-state={state}>
                <strong>{t("photoN", { n: i + 1 })}</strong> <span class="hint">({shortId(hash)})</span>
                {r.text ? `: ${r.text}` : ""} · <span class={`badge photo-${state}`}>{t(`photo_${state}`)}</span>
                {photo?.problems && state === "refused" ? (
                  <span class="error"> {photo.problems.map((p) => `${p.field}: ${reasonOf(p)}`).join("; ")}</span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : <p class="hint">{t("photoNone")}</p>}
    </section>
  );
}
