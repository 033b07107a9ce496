// APL-01's supporting documents: a photo straight from the phone's camera (the rear one) or a
// file already on the phone. Each is kept on the phone at once and listed; it is uploaded with
// the submission, when there is signal.
import { useEffect, useState } from "preact/hooks";
import { type LocalEvidence, loadEvidence, removeEvidence } from "../evidence";
import { addEvidence } from "../evidence_pick";
import { t } from "../i18n";
import { Section } from "./fields";

const kb = (size: number) => Math.max(1, Math.round(size / 1024));

export function Evidence({ candidateId }: { candidateId: string }) {
  const [items, setItems] = useState<LocalEvidence[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = () => loadEvidence(candidateId).then(setItems);
  useEffect(() => void reload(), [candidateId]);

  const picked = async (input: HTMLInputElement, source: LocalEvidence["source"]) => {
    setError(null);
    for (const file of Array.from(input.files ?? [])) {
      const refused = await addEvidence(candidateId, file, source);
      if (refused) setError(`${file.name}: ${t(refused)}`);
    }
    input.value = ""; // the same file may be chosen again after removing it
    await reload();
  };

  return (
    <Section title={t("evidenceTitle")}>
      <p class="hint">{t("evidenceIntro")}</p>
      <div class="field">
        <label for="evidence-camera">{t("evidenceCamera")}</label>
        <input id="evidence-camera" type="file" accept="image/*" capture="environment"
          onChange={(e) => picked(e.currentTarget, "camera")} />
      </div>
      <div class="field">
        <label for="evidence-file">{t("evidenceFile")}</label>
        <input id="evidence-file" type="file" accept="application/pdf,image/jpeg,image/png" multiple
          onChange={(e) => picked(e.currentTarget, "file")} />
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <ul id="evidence-list" class="evidence">
        {items.map((item) => (
          <li key={item.id} data-sent={item.evidence_id ? "yes" : "no"}>
            <span>{item.name} <span class="hint">({kb(item.size)} KB, {t(item.evidence_id ? "evidenceSent" : "evidenceKept")})</span></span>
            <button type="button" class="link" aria-label={t("evidenceRemove", { name: item.name })}
              onClick={() => removeEvidence(candidateId, item.id).then(reload)}>{t("remove")}</button>
          </li>
        ))}
      </ul>
      {items.length ? null : <p class="hint" role="status">{t("evidenceNone")}</p>}
    </Section>
  );
}
