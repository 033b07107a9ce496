// A session's decision document (berita acara / SK pleno), on its decisions screen: every
// version signed so far, newest first, which one is current and which a later one superseded,
// each version's PDF to download; a new version signed when decisions were added since the
// latest; and a signed file checked against its signature and the LSP's record.
import { useRef, useState } from "preact/hooks";
import { saveAs } from "../api";
import { t } from "../i18n";
import { type DocumentCheck, checkDocument, documentPdf, documentVersions, generateDocument, publishedKids } from "../records";
import { Loading, Notice, explain, number, useLoad, when } from "../ui";

const MAX_BYTES = 8 * 1024 * 1024;

export function DecisionDocumentPanel({ sessionId, decided }: { sessionId: string; decided: number }) {
  const state = useLoad(() => documentVersions(sessionId), [sessionId]);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const known = state.data?.length ?? 0;

  const generate = async () => {
    setBusy(true), setError(null), setSaid(null);
    try {
      const made = await generateDocument(sessionId);
      setSaid(t(made.version > known ? "documentSigned" : "documentUnchanged", { version: made.version }));
      state.reload();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  const save = async (version: number) => {
    setError(null);
    try {
      saveAs(await documentPdf(sessionId, version), `berita-acara-${sessionId.slice(0, 8)}-v${version}.pdf`);
    } catch (e) {
      setError(explain(e));
    }
  };

  return (
    <section class="card" id="decision-document" aria-labelledby="document-title">
      <h2 id="document-title">{t("documentTitle")}</h2>
      <p class="hint">{t("documentIntro")}</p>
      <button type="button" id="generate-document" disabled={busy || !decided} onClick={generate}>{t("generateDocument")}</button>
      {said ? <Notice kind="ok">{said}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <Loading state={state}>
        {(found) => {
          if (!found.length) return <p class="empty" role="status">{t("noDocument")}</p>;
          const latest = Math.max(...found.map((d) => d.version));
          return (
            <table class="data" id="document-versions">
              <caption class="visually-hidden">{t("documentTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">{t("versionCol")}</th><th scope="col">{t("signedAt")}</th>
                  <th scope="col" class="num">K</th><th scope="col" class="num">BK</th><th scope="col">{t("signingKey")}</th>
                  <th scope="col">{t("documentState")}</th><th scope="col"><span class="visually-hidden">{t("download")}</span></th>
                </tr>
              </thead>
              <tbody>
                {[...found].sort((a, b) => b.version - a.version).map((d) => (
                  <tr key={d.version} data-version={d.version} data-current={String(d.version === latest)}>
                    <th scope="row" class="num">{d.version}</th>
                    <td>{when(d.generated_at)}</td>
                    <td class="num">{number(d.competent)}</td>
                    <td class="num">{number(d.not_yet_competent)}</td>
                    <td><code title={`SHA-256 ${d.sha256}`}>{d.kid}</code></td>
                    <td>
                      <span class={`badge ${d.version === latest ? "accepted" : "returned"}`}>
                        {d.version === latest ? t("documentCurrent") : t("documentSuperseded", { version: d.version + 1 })}
                      </span>
                    </td>
                    <td><button type="button" class="secondary" onClick={() => save(d.version)}>{t("downloadVersion", { version: d.version })}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Loading>
      <CheckSigned sessionId={sessionId} />
    </section>
  );
}

function CheckSigned({ sessionId }: { sessionId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<{ check: DocumentCheck; keyKnown: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (e: Event) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    setResult(null);
    if (!file) return setError(`${t("signedFile")}: ${t("required")}`);
    if (file.size > MAX_BYTES) return setError(`${t("signedFile")}: ${t("fileOver", { mb: 8 })}`);
    setBusy(true), setError(null);
    try {
      const check = await checkDocument(file);
      const keyKnown = check.signature_valid || !check.kid || (await publishedKids()).includes(check.kid);
      setResult({ check, keyKnown });
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="check-signed" onSubmit={send} noValidate>
      <h3>{t("checkTitle")}</h3>
      <div class="field">
        <label for="signed-file">{t("signedFile")}</label>
        <input id="signed-file" ref={input} type="file" accept=".pdf,application/pdf" aria-describedby="signed-file-hint" />
        <p id="signed-file-hint" class="hint">{t("signedFileHint")}</p>
      </div>
      <button type="submit" class="secondary" disabled={busy}>{busy ? t("checking") : t("checkFile")}</button>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {result ? <Verdict result={result.check} keyKnown={result.keyKnown} sessionId={sessionId} /> : null}
    </form>
  );
}

function Verdict({ result, keyKnown, sessionId }: { result: DocumentCheck; keyKnown: boolean; sessionId: string }) {
  const valid = result.signature_valid && result.on_record;
  const reasons: string[] = [];
  if (!result.signature_valid && !result.kid) reasons.push(t("checkUnsigned"));
  else if (!result.signature_valid) reasons.push(keyKnown ? t("checkAltered") : t("checkUnknownKey", { kid: result.kid! }));
  else if (!result.on_record) reasons.push(t("checkNotOnRecord"));
  const notes: string[] = [];
  if (valid && result.session_id !== sessionId) notes.push(t("checkOtherSession", { session: (result.session_id ?? "").slice(0, 8) }));
  if (valid && result.latest_version && result.version && result.latest_version > result.version) {
    notes.push(t("checkSuperseded", { latest: result.latest_version }));
  }
  return (
    <div id="document-check" class={`notice ${valid ? "ok" : "error"}`} role="status" data-valid={String(valid)}>
      <strong>{valid ? t("checkValid", { version: result.version ?? "" }) : t("checkInvalid")}</strong>
      {reasons.length || notes.length ? <ul>{[...reasons, ...notes].map((r) => <li key={r}>{r}</li>)}</ul> : null}
    </div>
  );
}
