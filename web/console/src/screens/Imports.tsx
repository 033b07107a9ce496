// Cohort import, step one: the district's file (CSV or XLSX) goes up for a dry run. Nothing is
// registered yet: the report that follows names every bad row. Below, the imports uploaded here.
import { useRef, useState } from "preact/hooks";
import { upload } from "../api";
import { t } from "../i18n";
import { type CohortImport, remember, uploadedHere } from "../imports";
import { go, href } from "../router";
import { Heading, Notice, explain, when } from "../ui";

const MAX_BYTES = 10 * 1024 * 1024;

export function Imports() {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const earlier = uploadedHere();

  const send = async (e: Event) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setError(`${t("cohortFile")}: ${t("required")}`);
    if (file.size > MAX_BYTES) return setError(`${t("cohortFile")}: ${t("fileTooLarge")}`);
    setBusy(true);
    setError(null);
    try {
      const report = await upload<CohortImport>("/cohort-imports", "file", file);
      remember({ import_id: report.import_id, file_name: file.name, uploaded_at: new Date().toISOString() });
      go("import", report.import_id);
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <Heading>{t("importsTitle")}</Heading>
      <form class="card" onSubmit={send} noValidate>
        <p>{t("importsIntro")}</p>
        <div class="field">
          <label for="cohort-file">{t("cohortFile")}</label>
          <input id="cohort-file" ref={input} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="cohort-file-hint" />
          <p id="cohort-file-hint" class="hint">{t("cohortFileHint")}</p>
        </div>
        <button type="submit" disabled={busy}>{busy ? t("checking") : t("dryRun")}</button>
        {error ? <Notice kind="error">{error}</Notice> : null}
      </form>
      <h2>{t("earlierImports")}</h2>
      {earlier.length ? (
        <ul class="imports">
          {earlier.map((u) => (
            <li key={u.import_id}>
              <a href={href("import", u.import_id)}>{u.file_name}</a> <span class="hint">{when(u.uploaded_at)}</span>
            </li>
          ))}
        </ul>
      ) : <p class="empty">{t("noImports")}</p>}
    </section>
  );
}
