// The judgement of one attempt: K or BK per unit of the scheme with the instruments it rests on
// (FR.AK.02) and the feedback exchanged (FR.AK.03). Saved on the tablet and sent by the outbox
// once the capture records are through (the server refuses it while this candidate's records
// are in conflict: the refusal is shown until they are settled, then it goes again). A unit's
// evidence may also cite the candidate's photos by their SHA-256 (the server checks that the
// photo is this candidate's and its file uploaded; the outbox sends the files first).
import { useEffect, useState } from "preact/hooks";
import { useValue } from "../../../src/signal";
import { Instruments, Judgement, UnitJudgement, cachedJudgement } from "../hall";
import { shelf } from "../photos";
import { hall } from "../records";
import { reasonOf, t } from "../i18n";
import { OutboxItem, queueJudgement, queuedJudgement, sync } from "../sync";
import { Notice, shortId, when } from "../ui";
import { photoRecords, photoState } from "./Photos";

type Draft = Record<string, { outcome: "K" | "BK" | null; evidence: string[]; note: string }>;

export function JudgementForm({ sessionId, candidateId, attemptId, bank }: {
  sessionId: string; candidateId: string; attemptId: string; bank: Instruments;
}) {
  const [held, setHeld] = useState<Judgement | null>(null);
  const [queued, setQueued] = useState<OutboxItem | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [feedback, setFeedback] = useState("");
  const [missing, setMissing] = useState(false);
  const syncState = useValue(sync);
  useValue(hall);
  const kept = useValue(shelf);
  // Citable: the candidate's photos whose file is sent or on its way (not erased or refused).
  const photos = photoRecords(candidateId)
    .map((r, i) => ({ hash: r.photo!.content_hash, n: i + 1 }))
    .filter((p) => ["waiting", "sent", "elsewhere"].includes(photoState(kept?.sessionId === sessionId ? kept.photos.get(p.hash) : undefined)));

  const reread = async () => {
    const [server, waiting] = await Promise.all([cachedJudgement(attemptId), queuedJudgement(attemptId)]);
    setHeld(server ?? null);
    setQueued(waiting ?? null);
    return { server, waiting };
  };
  useEffect(() => {
    void reread().then(({ server, waiting }) => {
      const units: UnitJudgement[] = waiting?.body?.units ?? server?.units ?? [];
      const byUnit = new Map(units.map((u) => [u.unit_code, u]));
      setDraft(Object.fromEntries(bank.units.map((u) => {
        const found = byUnit.get(u.unit_code);
        return [u.unit_code, { outcome: found?.outcome ?? null, evidence: found?.evidence ?? [], note: found?.note ?? "" }];
      })));
      setFeedback(waiting?.body?.feedback ?? server?.feedback ?? "");
    });
  }, [attemptId]);
  useEffect(() => void reread(), [syncState.items.length, syncState.sending]);

  const change = (unit: string, patch: Partial<Draft[string]>) => setDraft((d) => ({ ...d, [unit]: { ...d[unit], ...patch } }));
  const save = async (e: Event) => {
    e.preventDefault();
    const units = bank.units.map((u) => ({ unit_code: u.unit_code, ...draft[u.unit_code] }));
    const instrumentCited = (u: (typeof units)[number]) => u.evidence.some((e) => bank.units.some((b) => b.instruments.includes(e)));
    if (!feedback.trim() || units.some((u) => !u.outcome || !instrumentCited(u))) return setMissing(true);
    setMissing(false);
    await queueJudgement(sessionId, attemptId, {
      units: units.map((u) => ({ unit_code: u.unit_code, outcome: u.outcome!, evidence: u.evidence, note: u.note })),
      feedback: feedback.trim(),
    });
    await reread();
  };

  return (
    <section aria-labelledby="judgement-title">
      <h2 id="judgement-title">{t("judgementTitle")}</h2>
      <form id="judgement" onSubmit={(e) => void save(e)} noValidate>
        {bank.units.map((u) => {
          const d = draft[u.unit_code];
          if (!d) return null;
          return (
            <fieldset key={u.unit_code} class="unit-judgement" data-unit={u.unit_code}>
              <legend>{t("unit", { code: u.unit_code })}: {u.title}</legend>
              <div class="choices" role="radiogroup" aria-label={`${u.unit_code}: K / BK`}>
                {(["K", "BK"] as const).map((o) => (
                  <label class="check" key={o}>
                    <input type="radio" name={`outcome-${u.unit_code}`} value={o} checked={d.outcome === o}
                      onChange={() => change(u.unit_code, { outcome: o })} />
                    {t(o === "K" ? "outcomeK" : "outcomeBK")}
                  </label>
                ))}
              </div>
              <div class="choices" role="group" aria-label={`${t("evidence")} ${u.unit_code}`}>
                <span class="hint">{t("evidence")}:</span>
                {u.instruments.map((code) => (
                  <label class="check" key={code}>
                    <input type="checkbox" value={code} checked={d.evidence.includes(code)}
                      onChange={(e) => change(u.unit_code, {
                        evidence: e.currentTarget.checked ? [...d.evidence, code] : d.evidence.filter((x) => x !== code),
                      })} />
                    {code}
                  </label>
                ))}
                {photos.map((p) => (
                  <label class="check" key={p.hash} data-photo={p.hash}>
                    <input type="checkbox" value={p.hash} checked={d.evidence.includes(p.hash)}
                      onChange={(e) => change(u.unit_code, {
                        evidence: e.currentTarget.checked ? [...d.evidence, p.hash] : d.evidence.filter((x) => x !== p.hash),
                      })} />
                    {t("photoN", { n: p.n })} <span class="hint">({shortId(p.hash)})</span>
                  </label>
                ))}
              </div>
              <label for={`note-${u.unit_code}`}>{t("unitNote")}</label>
              <input id={`note-${u.unit_code}`} value={d.note} maxLength={2000}
                onInput={(e) => change(u.unit_code, { note: e.currentTarget.value })} />
            </fieldset>
          );
        })}
        <div class="field">
          <label for="feedback">{t("feedback")}</label>
          <textarea id="feedback" rows={4} value={feedback} maxLength={4000} onInput={(e) => setFeedback(e.currentTarget.value)} />
        </div>
        {missing ? <Notice kind="error">{t("judgementMissing")}</Notice> : null}
        <button type="submit">{t("saveJudgement")}</button>
      </form>
      <div id="judgement-state" data-state={queued ? (queued.problems ? "refused" : "queued") : held?.judged_at ? "held" : "none"}>
        {queued?.problems ? (
          <Notice kind="error">{t("judgementRefused")} {queued.problems.map((p) => `${p.field}: ${reasonOf(p)}`).join("; ")}</Notice>
        ) : queued ? <Notice kind="warn">{t("judgementQueued")}</Notice>
          : held?.judged_at ? <Notice kind="ok">{t("judgementHeld", { time: when(held.judged_at) })}</Notice> : null}
      </div>
    </section>
  );
}
