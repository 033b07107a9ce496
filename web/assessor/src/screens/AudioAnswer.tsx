// The recorded answer to one interview question (IA.09): recorded with the tablet's microphone or
// chosen as a file, kept on the tablet and sent by the files' queue (audio.ts); shown with where
// its file is (waiting, sent, erased, refused, or from another device) and, while the tablet
// still has the file, a player to listen back.
import { useEffect, useRef, useState } from "preact/hooks";
import { useValue } from "../../../src/signal";
import { AudioProblem, Recording, canRecord, record, takeAudio } from "../audio";
import { Key, reasonOf, t } from "../i18n";
import { shelf } from "../photos";
import { SubjectState } from "../records";
import { written } from "../sync";
import { Notice, shortId } from "../ui";
import { photoState } from "./Photos";

export function AudioAnswer({ sessionId, candidateId, question, state }: {
  sessionId: string; candidateId: string; question: string; state: SubjectState | undefined;
}) {
  const kept = useValue(shelf);
  const [recording, setRecording] = useState<Recording | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Key | null>(null);
  const live = useRef<Recording | null>(null);
  // Leaving the screen while recording ends the recording and keeps it: nothing said is lost.
  useEffect(() => () => {
    const left = live.current;
    if (left) void left.stop().then((blob) => takeAudio(sessionId, candidateId, question, blob)).then(written, () => undefined);
  }, []);
  // The files' shelf is loaded by the candidate's photos (Photos.tsx), shown on the same screen.
  const current = state?.current.length === 1 ? state.current[0] : null;
  const inConflict = (state?.current.length ?? 0) > 1;
  const hash = current?.audio?.content_hash;
  const file = hash && kept?.sessionId === sessionId ? kept.photos.get(hash) : undefined;
  const status = photoState(file);
  const id = `audio-${question}`;

  const keep = async (blob: Blob) => {
    setBusy(true);
    const why: AudioProblem | "audioConflict" | null = await takeAudio(sessionId, candidateId, question, blob)
      .catch(() => "audioConflict" as const)
      .finally(() => setBusy(false));
    setProblem(why);
    if (!why) await written();
  };
  const toggle = async () => {
    if (recording) {
      live.current = null;
      setRecording(null);
      return keep(await recording.stop());
    }
    try {
      setProblem(null);
      live.current = await record();
      setRecording(live.current);
    } catch {
      setProblem("audioNoMic");
    }
  };
  const pick = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    input.value = "";
    if (chosen) void keep(chosen);
  };

  return (
    <div class="audio" data-audio-question={question}>
      {canRecord() ? (
        <button type="button" class={recording ? "danger" : "secondary"} aria-pressed={recording ? "true" : "false"}
          disabled={busy || inConflict} onClick={() => void toggle()}>
          {recording ? t("audioStop") : t("audioRecord")}
        </button>
      ) : null}
      {recording ? <Notice kind="warn">{t("audioRecording")}</Notice> : null}
      <div class="field">
        <label for={id}>{t("audioFile")}</label>
        <input id={id} type="file" accept="audio/*" disabled={busy || inConflict || !!recording} onChange={pick} />
      </div>
      {busy ? <Notice>{t("audioSaving")}</Notice> : null}
      {problem ? <Notice kind="error">{t(problem)}</Notice> : null}
      {hash ? (
        <p class="audio-held" data-audio={hash} data-state={status}>
          {t("audioHeld")} <span class="hint">({shortId(hash)})</span> ·{" "}
          <span class={`badge photo-${status}`}>{t(`photo_${status}`)}</span>
          {file?.problems && status === "refused" ? (
            <span class="error"> {file.problems.map((p) => `${p.field}: ${reasonOf(p)}`).join("; ")}</span>
          ) : null}
          {file?.blob ? <Player blob={file.blob} label={`${t("audioHeld")} ${shortId(hash)}`} /> : null}
        </p>
      ) : <span class="hint">{t("audioNone")}</span>}
    </div>
  );
}

function Player({ blob, label }: { blob: Blob; label: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url ? <audio controls preload="none" src={url} aria-label={label} /> : null;
}
