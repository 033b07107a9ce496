// A candidate's evidence photos: taken with the tablet's camera (or chosen as a file), with an
// optional note, kept on the tablet and named by their SHA-256 (photos.ts); each shown as a small
// thumbnail (thumbs.ts) with where its file is: waiting on the tablet, sent, or not to be sent
// (erased, refused).
import { useEffect, useState } from "preact/hooks";
import { useValue } from "../../../src/signal";
import { Key, reasonOf, t } from "../i18n";
import { LocalPhoto, loadPhotos, shelf, takePhoto } from "../photos";
import { LocalRecord, hall } from "../records";
import { sync, written } from "../sync";
import { THUMB_PX, Thumb, fillThumbs, loadThumbs, thumbs } from "../thumbs";
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
  const records = useValue(hall);
  const kept = useValue(shelf);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Key | null>(null);
  const small = useValue(thumbs);
  const online = useValue(sync).online;
  useEffect(() => void Promise.all([loadPhotos(sessionId), loadThumbs(sessionId)]), [sessionId]);
  const shown = photoRecords(candidateId);
  const local = kept?.sessionId === sessionId ? kept.photos : new Map<string, LocalPhoto>();
  const pictures = small?.sessionId === sessionId ? small.byHash : new Map<string, Thumb>();
  const missing = shown.map((r) => r.photo!.content_hash).filter((h) => !pictures.has(h));
  // Only this candidate's photos, only when shown: the others' wait until their screen opens.
  useEffect(() => {
    if (kept?.sessionId === sessionId && small?.sessionId === sessionId && missing.length) {
      void fillThumbs(sessionId, missing, local);
    }
  }, [missing.join(), kept, small, online, records]); // after each sync: a file uploaded since

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
                <Picture id={hash} blob={pictures.get(hash)?.blob ?? null} alt={t("photoThumb", { n: i + 1, note: r.text || t("photoThumbNone") })} />
                <span>
                  <strong>{t("photoN", { n: i + 1 })}</strong> <span class="hint">({shortId(hash)})</span>
                  {r.text ? `: ${r.text}` : ""} · <span class={`badge photo-${state}`}>{t(`photo_${state}`)}</span>
                  {photo?.problems && state === "refused" ? (
                    <span class="error"> {photo.problems.map((p) => `${p.field}: ${reasonOf(p)}`).join("; ")}</span>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      ) : <p class="hint">{t("photoNone")}</p>}
    </section>
  );
}

// The thumbnail's object URL lives while it is shown: revoked when the photo leaves the screen.
function Picture({ id, blob, alt }: { id: string; blob: Blob | null; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return setUrl(null);
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob ? id : null]); // the same thumbnail re-read from IndexedDB is a new Blob: no new URL
  if (!url) return <span class="thumb none" title={t("photoThumbLater")} aria-hidden="true" />;
  return <img class="thumb" src={url} alt={alt} width={THUMB_PX} height={THUMB_PX} loading="lazy" decoding="async" />;
}
