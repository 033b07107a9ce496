// The national authority's blanko (registration) numbers: the LSP admin uploads the authority's
// XLSX (certificate number -> blanko number) for a dry run. A file with any bad row is refused
// whole: every row's problem is listed (Bahasa Indonesia, the English beside it) to be fixed in
// the file. A clean file shows what each row would do; saving sends the same file again, and the
// count attached is said. Nothing is kept between the two: the service records only on saving.
import { useRef, useState } from "preact/hooks";
import { ApiError, type Problem } from "../api";
import { t } from "../i18n";
import { type BlankoImport as Report, importBlanko } from "../records";
import { RowErrorTable } from "../rowErrors";
import { Heading, Notice, explain, number } from "../ui";

const MAX_BYTES = 5 * 1024 * 1024;
const column = (field: string) => field.replace(/^rows\[\d+\]\./, "");

export function BlankoImport() {
  const input = useRef<HTMLInputElement>(null);
  const [checked, setChecked] = useState<{ file: File; report: Report } | null>(null);
  const [saved, setSaved] = useState<Report | null>(null);
  const [refused, setRefused] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (file: File, dryRun: boolean) => {
    setBusy(true), setError(null), setRefused([]), setSaved(null);
    try {
      const report = await importBlanko(file, dryRun);
      setChecked(dryRun ? { file, report } : null);
      if (!dryRun) setSaved(report);
    } catch (err) {
      setChecked(null);
      if (err instanceof ApiError && err.problems.some((p) => p.row != null)) setRefused(err.problems);
      else setError(explain(err));
    } finally {
      setBusy(false);
    }
  };
  const check = (e: Event) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setError(`${t("blankoFile")}: ${t("required")}`);
    if (file.size > MAX_BYTES) return setError(`${t("blankoFile")}: ${t("fileOver", { mb: 5 })}`);
    void send(file, true);
  };

  const rows = new Set(refused.map((p) => p.row)).size;
  return (
    <section>
      <Heading>{t("blankoTitle")}</Heading>
      <form class="card" onSubmit={check} noValidate>
        <p>{t("blankoIntro")}</p>
        <div class="field">
          <label for="blanko-file">{t("blankoFile")}</label>
          <input id="blanko-file" ref={input} type="file" aria-describedby="blanko-file-hint"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
          <p id="blanko-file-hint" class="hint">{t("blankoFileHint")}</p>
        </div>
        <button type="submit" disabled={busy}>{busy ? t("checking") : t("dryRun")}</button>
        {error ? <Notice kind="error">{error}</Notice> : null}
      </form>
      {refused.length ? (
        <>
          <h2 id="errors-title">{t("blankoRefused", { rows: number(rows) })}</h2>
          <p class="hint">{t("blankoFixRows")}</p>
          <RowErrorTable errors={refused} labelledBy="errors-title" column={column} withEnglish />
        </>
      ) : null}
      {checked ? (
        <>
          <Outcomes report={checked.report} />
          <div class="card commit" id="blanko-commit">
            <h2>{t("commitTitleBlanko")}</h2>
            <p>{checked.report.attached ? t("blankoWouldAttach", { n: number(checked.report.attached) }) : t("blankoNothingNew")}</p>
            <button type="button" disabled={busy || !checked.report.attached} onClick={() => send(checked.file, false)}>
              {t("blankoCommit", { n: number(checked.report.attached) })}
            </button>
          </div>
        </>
      ) : null}
      {saved ? (
        <>
          <Notice kind="ok"><span id="blanko-done">{t("blankoAttached", { n: number(saved.attached), same: number(saved.unchanged) })}</span></Notice>
          <Outcomes report={saved} />
          <p class="hint">{t("blankoWhere")}</p>
        </>
      ) : null}
    </section>
  );
}

function Outcomes({ report }: { report: Report }) {
  return (
    <>
      <dl class="counts">
        <div><dt>{t("totalRows")}</dt><dd id="blanko-rows">{number(report.rows.length)}</dd></div>
        <div class="ok"><dt>{report.dry_run ? t("toAttach") : t("attachedCol")}</dt><dd id="blanko-attached">{number(report.attached)}</dd></div>
        <div><dt>{t("unchangedCol")}</dt><dd>{number(report.unchanged)}</dd></div>
      </dl>
      <table class="data" id="blanko-outcomes">
        <caption class="visually-hidden">{t("blankoTitle")}</caption>
        <thead>
          <tr><th scope="col" class="num">{t("row")}</th><th scope="col">{t("certificateCol")}</th><th scope="col">{t("blankoCol")}</th><th scope="col">{t("outcomeCol")}</th></tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.row} data-row={r.row} data-outcome={r.outcome}>
              <td class="num">{r.row}</td>
              <td>{r.nomor_sertifikat}</td>
              <td>{r.nomor_blanko}</td>
              <td><span class={`badge ${r.outcome === "attach" ? "accepted" : ""}`}>
                {t(r.outcome === "unchanged" ? "blankoUnchanged" : report.dry_run ? "blankoWillAttach" : "blankoDidAttach")}
              </span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
