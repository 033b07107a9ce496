// FR.AK.01 before the exam: the terms the package carries (Bahasa Indonesia first, English a
// tap away, each marked with its language for screen readers) and "Saya setuju", which signs
// them on the phone and queues the signature; then, beside the start code, where it stands.
import { useEffect, useState } from "preact/hooks";
import type { Problem } from "../api";
import { Key, lang, reasonOf, t } from "../i18n";
import { Notice } from "../ui";
import type { OpenExam, Snapshot } from "./attempt";

export type ConsentState = "queued" | "signed" | "complete";

export function Consent({ exam, snapshot, refused }: { exam: OpenExam; snapshot: Snapshot; refused?: Problem[] }) {
  const [english, setEnglish] = useState(lang.get() === "en");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const terms = snapshot.exam.sealed.consent;
  useEffect(() => {
    if (!terms) exam.loadTerms().catch(() => setError(t("termsMissing")));
  }, [terms]);

  async function act(step: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch {
      setError(t("consentNotKept"));
    } finally {
      setBusy(false);
    }
  }

  if (!terms) return <Notice kind={error ? "error" : "info"}>{t("termsMissing")}</Notice>;
  const [title, ...points] = (english ? terms.text_en : terms.text).split("\n");
  return (
    <section class="consent" aria-labelledby="consent-title">
      <h2 id="consent-title">{t("consentTitle")}</h2>
      <p>{t("consentIntro")}</p>
      <div id="consent-terms" class="terms" lang={english ? "en" : "id"} data-terms={terms.terms_version}>
        <h3>{title}</h3>
        {points.map((point) => <p key={point}>{point}</p>)}
      </div>
      <button type="button" class="secondary wide" lang={english ? "id" : "en"} aria-controls="consent-terms"
        onClick={() => setEnglish(!english)}>
        {english ? "Baca dalam Bahasa Indonesia" : "Read in English"}
      </button>
      {refused ? <Notice kind="error">{refused.map(reasonOf).join("; ")}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {refused ? (
        <button type="button" class="wide" disabled={busy} onClick={() => void act(() => exam.resetConsent())}>
          {t("consentReread")}
        </button>
      ) : (
        <button type="button" class="wide" id="consent-agree" disabled={busy} onClick={() => void act(() => exam.sign())}>
          {busy ? t("agreeing") : t("agree")}
        </button>
      )}
    </section>
  );
}

export function ConsentLine({ state }: { state: ConsentState }) {
  return (
    <p id="consent-state" class={`notice${state === "complete" ? " ok" : ""}`} data-state={state} role="status">
      {t(`consent_${state}` as Key)}
    </p>
  );
}
