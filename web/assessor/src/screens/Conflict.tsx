// A subject two devices changed at the same time: every rival is shown with who wrote it and
// when, and the assessor picks the right one; the settling record (based on the choice, setting
// the others aside) is written on the tablet and sent like any other.
import { useState } from "preact/hooks";
import { t } from "../i18n";
import { LocalRecord, SubjectState, settle } from "../records";
import { written } from "../sync";
import { clock } from "../ui";

export function Conflict({ sessionId, state, device, describe }: {
  sessionId: string; state: SubjectState; device: string; describe: (r: LocalRecord) => string;
}) {
  const [busy, setBusy] = useState(false);
  const choose = async (r: LocalRecord) => {
    setBusy(true);
    try {
      await settle(sessionId, r);
      await written();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="conflict" role="group" aria-label={t("conflictTitle")} data-conflict={`${state.kind}:${state.subject}`}>
      <p class="notice warn"><strong>{t("conflictTitle")}.</strong> {t("conflictIntro")}</p>
      <ul>
        {state.current.map((r) => (
          <li key={r.record_id} data-record={r.record_id}>
            <span class="rival">{describe(r)}</span>{" "}
            <span class="hint">{t("conflictFrom", { device: r.device_id === device ? t("thisDevice") : t("otherDevice"), time: clock(r.written_at) })}</span>{" "}
            <button type="button" class="secondary" disabled={busy} onClick={() => void choose(r)}
              aria-label={`${t("useThis")}: ${describe(r)}`}>
              {t("useThis")}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
