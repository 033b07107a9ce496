// One candidate of the assessor's: the observation checklist per performance criterion of every
// unit (IA.01), interview notes and recorded answers (IA.09), oral and essay marks (IA.07, IA.06), evidence photos, a
// free note, and
// the judgement K/BK per unit with its evidence and the feedback (FR.AK.02/03). Every change is
// a record on the tablet first (sent by the outbox); a subject another device changed at the
// same time is shown as a conflict to settle.
import { useEffect, useState } from "preact/hooks";
import { useValue } from "../../../src/signal";
import { CandidateEssays, Instruments, cachedEssays, cachedInstruments } from "../hall";
import { t } from "../i18n";
import { Kind, LocalRecord, Observed, SubjectState, hall, valueOf, write } from "../records";
import { sessionHref } from "../router";
import { written } from "../sync";
import { Heading, Notice, shortId } from "../ui";
import { AudioAnswer } from "./AudioAnswer";
import { Conflict } from "./Conflict";
import { JudgementForm } from "./JudgementForm";
import { Photos } from "./Photos";
import { useDevice, useHallData } from "./Session";

const OUTCOMES: [Observed, "competent" | "notYet" | "notObserved"][] = [
  ["competent", "competent"], ["not_yet", "notYet"], ["not_observed", "notObserved"],
];

// A criterion's code (KUK 1.1, 1.2, ...) repeats in every unit: the subject names the unit too.
export const criterionSubject = (unit: string, code: string) => `${unit}/${code}`;

function describe(r: LocalRecord): string {
  if (r.outcome) return t(`value_${r.outcome}`);
  if (r.points !== undefined && r.points !== null) return String(r.points);
  if (r.photo) return `${shortId(r.photo.content_hash)}${r.text ? `: ${r.text}` : ""}`;
  if (r.audio) return shortId(r.audio.content_hash);
  return r.text ?? "";
}

export function Candidate({ sessionId, candidateId }: { sessionId: string; candidateId: string }) {
  const { facts, roster } = useHallData(sessionId);
  const [bank, setBank] = useState<Instruments | null>(null);
  const [essays, setEssays] = useState<CandidateEssays | null>(null);
  const records = useValue(hall);
  const device = useDevice();
  useEffect(() => {
    if (facts) void cachedInstruments(facts.scheme_code).then((found) => setBank(found ?? null));
    void cachedEssays(sessionId).then((found) => setEssays(found?.find((c) => c.candidate_id === candidateId) ?? null));
  }, [facts?.scheme_code, sessionId, candidateId]);

  const index = roster?.candidates.findIndex((c) => c.candidate_id === candidateId) ?? -1;
  const line = index >= 0 ? roster!.candidates[index] : null;
  const title = t("candidateTitle", { n: index + 1 });
  const state = (kind: Kind, subject = "") => (records ? valueOf(sessionId, candidateId, kind, subject) : undefined);
  const conflicts = records ? [...records.subjects.values()].filter((s) => s.current.length > 1 && s.current[0].candidate_id === candidateId) : [];

  return (
    <section>
      <p><a href={sessionHref(sessionId)}>{t("back")}</a></p>
      <Heading>{title} <span class="hint">({shortId(candidateId)})</span></Heading>
      {conflicts.length ? (
        <section aria-labelledby="conflicts-title" id="conflicts">
          <h2 id="conflicts-title">{t("conflictTitle")}</h2>
          {conflicts.map((s) => (
            <div key={`${s.kind}:${s.subject}`}>
              <h3>{t(`kind_${s.kind}`)}{s.subject ? `: ${s.subject}` : ""}</h3>
              <Conflict sessionId={sessionId} state={s} device={device} describe={describe} />
            </div>
          ))}
        </section>
      ) : null}
      {!bank ? <Notice kind="warn">{t("noInstruments")}</Notice> : (
        <>
          <section aria-labelledby="observation-title">
            <h2 id="observation-title">{t("observationTitle")}</h2>
            {bank.units.map((unit) => (
              <div class="unit" key={unit.unit_code}>
                <h3>{t("unit", { code: unit.unit_code })}: {unit.title}</h3>
                {unit.checklist.map((c) => (
                  <Observation key={c.code} sessionId={sessionId} candidateId={candidateId} code={criterionSubject(unit.unit_code, c.code)}
                    label={`${c.code} ${c.text}`} state={state("observation", criterionSubject(unit.unit_code, c.code))} />
                ))}
              </div>
            ))}
          </section>
          <section aria-labelledby="interview-title">
            <h2 id="interview-title">{t("interviewTitle")}</h2>
            {bank.units.flatMap((u) => u.question_ids["IA.09"] ?? []).map((qid) => {
              const q = bank.questions[qid];
              return (
                <div key={qid} class="interview">
                  <TextRecord sessionId={sessionId} candidateId={candidateId} kind="interview" subject={qid}
                    label={`${t("interviewNotes")}: ${q?.text ?? qid}${q?.group ? ` (${t("group", { group: q.group })})` : ""}`}
                    button={t("saveNotes")} state={state("interview", qid)} />
                  <AudioAnswer sessionId={sessionId} candidateId={candidateId} question={qid} state={state("audio", qid)} />
                </div>
              );
            })}
          </section>
          <section aria-labelledby="oral-title">
            <h2 id="oral-title">{t("oralTitle")}</h2>
            {bank.units.flatMap((u) => u.question_ids["IA.07"] ?? []).map((qid) => (
              <Mark key={qid} sessionId={sessionId} candidateId={candidateId} kind="oral_mark" subject={qid}
                label={`${t("points")}: ${bank.questions[qid]?.text ?? qid}`} hint={bank.questions[qid]?.guidance ?? null}
                state={state("oral_mark", qid)} />
            ))}
          </section>
        </>
      )}
      <section aria-labelledby="essay-title">
        <h2 id="essay-title">{t("essayTitle")}</h2>
        {(essays?.essays ?? []).map((e) => (
          <div key={e.question_id} class="essay">
            <p><strong>{e.stem}</strong></p>
            <p class="answer"><span class="hint">{t("essayAnswer")}:</span> {e.answer ?? t("essayNoAnswer")}</p>
            <Mark sessionId={sessionId} candidateId={candidateId} kind="essay_mark" subject={e.question_id}
              label={`${t("points")}: ${e.stem}`} hint={null} state={state("essay_mark", e.question_id)} />
          </div>
        ))}
      </section>
      <Photos sessionId={sessionId} candidateId={candidateId} />
      <section aria-labelledby="note-title">
        <h2 id="note-title">{t("noteTitle")}</h2>
        <TextRecord sessionId={sessionId} candidateId={candidateId} kind="note" subject="umum" label={t("note")}
          button={t("saveNote")} state={state("note", "umum")} />
      </section>
      {bank && line ? <JudgementForm sessionId={sessionId} candidateId={candidateId} attemptId={line.attempt_id} bank={bank} /> : null}
    </section>
  );
}

function Observation({ sessionId, candidateId, code, label, state }: {
  sessionId: string; candidateId: string; code: string; label: string; state: SubjectState | undefined;
}) {
  const current = state?.current.length === 1 ? state.current[0] : null;
  const inConflict = (state?.current.length ?? 0) > 1;
  return (
    <fieldset class="criterion" data-criterion={code} data-outcome={current?.outcome ?? ""} disabled={inConflict}>
      <legend>{label}</legend>
      <div class="choices">
        {OUTCOMES.map(([value, key]) => (
          <label class="check" key={value}>
            <input type="radio" name={`obs-${candidateId}-${code}`} value={value} checked={current?.outcome === value}
              onChange={() => void write(sessionId, candidateId, "observation", code, { outcome: value }).then(written)} />
            {t(key)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function TextRecord({ sessionId, candidateId, kind, subject, label, button, state }: {
  sessionId: string; candidateId: string; kind: Kind; subject: string; label: string; button: string; state: SubjectState | undefined;
}) {
  const current = state?.current.length === 1 ? state.current[0] : null;
  const [text, setText] = useState(current?.text ?? "");
  useEffect(() => setText(current?.text ?? ""), [current?.record_id]);
  const id = `${kind}-${subject}`;
  const save = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    await write(sessionId, candidateId, kind, subject, { text: text.trim() });
    await written();
  };
  return (
    <form class="field" data-subject={id} onSubmit={(e) => void save(e)}>
      <label for={id}>{label}</label>
      <textarea id={id} rows={3} value={text} disabled={(state?.current.length ?? 0) > 1}
        onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" class="secondary">{button}</button>
      {current ? <span class="hint saved" role="status"> {t("saved")}</span> : null}
    </form>
  );
}

function Mark({ sessionId, candidateId, kind, subject, label, hint, state }: {
  sessionId: string; candidateId: string; kind: Kind; subject: string; label: string; hint: string | null; state: SubjectState | undefined;
}) {
  const current = state?.current.length === 1 ? state.current[0] : null;
  const [points, setPoints] = useState(current?.points != null ? String(current.points) : "");
  const [error, setError] = useState(false);
  useEffect(() => setPoints(current?.points != null ? String(current.points) : ""), [current?.record_id]);
  const id = `${kind}-${subject}`;
  const save = async (e: Event) => {
    e.preventDefault();
    const n = Number(points);
    if (!/^\d{1,3}$/.test(points.trim()) || n > 100) return setError(true);
    setError(false);
    await write(sessionId, candidateId, kind, subject, { points: n });
    await written();
  };
  return (
    <form class="field mark" data-subject={id} onSubmit={(e) => void save(e)}>
      <label for={id}>{label}</label>
      {hint ? <p class="hint">{hint}</p> : null}
      <input id={id} inputMode="numeric" value={points} aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined} disabled={(state?.current.length ?? 0) > 1}
        onInput={(e) => setPoints(e.currentTarget.value)} />
      {error ? <p class="error" id={`${id}-error`}>{t("badPoints")}</p> : null}
      <button type="submit" class="secondary">{t("saveMark")}</button>
      {current ? <span class="hint saved" role="status"> {t("savedValue", { value: current.points ?? "" })}</span> : null}
    </form>
  );
}
