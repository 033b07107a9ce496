// Cohort import, step two: the dry run's report (counts, every bad row with its field and reason,
// a preview of who would be registered), then commit. The commit runs in the background: the
// report follows it with a progress bar, asking the import's state every second until it ends.
import { useEffect, useRef, useState } from "preact/hooks";
import { call } from "../api";
import { t } from "../i18n";
import { type CohortImport, fileNameOf } from "../imports";
import { href } from "../router";
import { RowErrorTable } from "../rowErrors";
import { Heading, Loading, Notice, explain, number, useLoad } from "../ui";

const POLL_MS = 1000;
const MOVING = new Set(["running"]);

export function ImportReport({ id }: { id: string }) {
  const state = useLoad(() => call<CohortImport>("GET", `/cohort-imports/${id}`), [id]);
  const [committing, setCommitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = state.data;
  // Once committed, registration shreds the kept file and the per-row report goes with it:
  // the errors read before the commit stay on screen until the page is left.
  const seenErrors = useRef<CohortImport["errors"]>([]);
  if (current?.errors.length) seenErrors.current = current.errors;
  const moving = committing || (current !== null && MOVING.has(current.state));

  useEffect(() => {
    if (!moving) return;
    const timer = setTimeout(state.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [moving, current]);
  useEffect(() => {
    if (committing && current && current.state !== "prepared") setCommitting(false);
  }, [current]);

  const commit = async () => {
    setError(null);
    try {
      await call("POST", `/cohort-imports/${id}/commit`);
      setCommitting(true);
      state.reload();
    } catch (e) {
      setError(explain(e));
    }
  };

  return (
    <section>
      <p><a href={href("imports")}>← {t("backToImports")}</a></p>
      <Heading>{t("reportTitle", { file: fileNameOf(id) ?? id.slice(0, 8) })}</Heading>
      <Loading state={state}>
        {(report) => (
          <>
            <dl class="counts">
              <div><dt>{t("totalRows")}</dt><dd id="total-rows">{number(report.total_rows)}</dd></div>
              <div class="ok"><dt>{t("validRows")}</dt><dd id="valid-rows">{number(report.valid_rows)}</dd></div>
              <div class="bad"><dt>{t("invalidRows")}</dt><dd id="invalid-rows">{number(report.invalid_rows)}</dd></div>
            </dl>
            <CommitPanel report={report} committing={committing} onCommit={commit} />
            {error ? <Notice kind="error">{error}</Notice> : null}
            <RowErrors report={report} errors={report.errors.length ? report.errors : seenErrors.current} />
            <Preview report={report} />
          </>
        )}
      </Loading>
    </section>
  );
}

function CommitPanel({ report, committing, onCommit }: { report: CohortImport; committing: boolean; onCommit: () => void }) {
  const done = report.state === "done";
  const started = report.state !== "prepared" || committing;
  const percent = report.valid_rows ? Math.round((100 * report.processed) / report.valid_rows) : 100;
  return (
    <div class="card commit" id="commit" data-state={report.state}>
      <h2>{t("commitTitle")}</h2>
      {!started ? (
        <>
          <p>{report.invalid_rows ? t("commitWithErrors", { valid: number(report.valid_rows), invalid: number(report.invalid_rows) }) : t("commitAll", { valid: number(report.valid_rows) })}</p>
          <button type="button" disabled={!report.valid_rows} onClick={onCommit}>
            {t("commitButton", { n: number(report.valid_rows) })}
          </button>
        </>
      ) : (
        <>
          <label for="commit-progress">{t(`commit_${report.state}`)}</label>
          <progress id="commit-progress" max={report.valid_rows || 1} value={report.processed}>{percent}%</progress>
          <p role="status" aria-live="polite" id="commit-status">
            {t("committed", { processed: number(report.processed), valid: number(report.valid_rows), percent })}
            {done ? " " + t("committedDone", { registered: number(report.registered), skipped: number(report.skipped) }) : ""}
          </p>
          {report.state === "failed" || report.state === "interrupted" ? (
            <>
              {report.failure ? <Notice kind="error">{report.failure}</Notice> : null}
              <button type="button" onClick={onCommit}>{t("resume")}</button>
            </>
          ) : null}
          {done && report.invalid_rows ? <p class="hint">{t("fixAndUpload")} <a href={href("imports")}>{t("uploadFixed")}</a></p> : null}
        </>
      )}
    </div>
  );
}

function RowErrors({ report, errors }: { report: CohortImport; errors: CohortImport["errors"] }) {
  if (!report.invalid_rows) return report.total_rows ? <Notice kind="ok">{t("noRowErrors")}</Notice> : null;
  if (!errors.length) return <p class="hint" id="row-errors-gone">{t("rowErrorsGone", { n: number(report.invalid_rows) })}</p>;
  const rows = new Set(errors.map((e) => e.row)).size;
  return (
    <>
      <h2 id="errors-title">{t("rowErrorsTitle", { rows: number(rows) })}</h2>
      <p class="hint">{t("rowErrorsIntro")}</p>
      <RowErrorTable errors={errors} labelledBy="errors-title" />
    </>
  );
}

function Preview({ report }: { report: CohortImport }) {
  if (!report.preview.length) return null;
  return (
    <details class="preview">
      <summary>{t("previewTitle", { n: number(report.preview.length) })}</summary>
      <table class="data">
        <thead>
          <tr>
            <th scope="col" class="num">{t("row")}</th><th scope="col">{t("fullName")}</th><th scope="col">NIK</th>
            <th scope="col">{t("cooperative")}</th><th scope="col">{t("role")}</th><th scope="col">{t("occupationalGroup")}</th>
          </tr>
        </thead>
        <tbody>
          {report.preview.map((p) => (
            <tr key={p.row}>
              <td class="num">{p.row}</td><td>{p.full_name}</td><td>{p.nik}</td>
              <td>{p.cooperative_name}</td><td>{p.role}</td><td>{p.occupational_group}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
