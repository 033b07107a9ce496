// Print batches: the LSP's batches, newest first, with where each stands; a batch opens to its
// readiness (who is ready, who was printed before, who is missing and why), a progress bar while
// its pages are made (asked every second until the file is whole) and the merged file's link.
import { useEffect, useState } from "preact/hooks";
import { type Batch, batchOf, batches, printFile } from "../certificate";
import { lang, t } from "../i18n";
import type { Key } from "../i18n";
import { href } from "../router";
import { Heading, Loading, Notice, explain, number, useLoad, when } from "../ui";

const POLL_MS = 1000;

export function PrintBatches() {
  const state = useLoad(batches, []);
  return (
    <section>
      <Heading>{t("printTitle")}</Heading>
      <p class="hint">{t("printIntro")}</p>
      <Loading state={state}>
        {(rows) => rows.length ? (
          <table class="data" id="batches">
            <caption class="visually-hidden">{t("printTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("requestedAt")}</th><th scope="col">{t("batchState")}</th>
                <th scope="col" class="num">{t("readyCol")}</th><th scope="col" class="num">{t("followedUp")}</th>
                <th scope="col"><span class="visually-hidden">{t("open")}</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.batch_id} data-batch={b.batch_id}>
                  <td>{when(b.requested_at)}</td>
                  <td>{b.state === "printed" ? t("batch_printed") : `${t("batch_making")} (${b.percentage}%)`}</td>
                  <td class="num">{number(b.ready)}</td>
                  <td class="num">{number(b.carried)}</td>
                  <td><a href={href("batch", b.batch_id)} aria-label={t("openBatch", { at: when(b.requested_at) })}>{t("open")}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p class="empty" role="status">{t("noBatches")}</p>}
      </Loading>
    </section>
  );
}

export function PrintBatch({ id }: { id: string }) {
  const state = useLoad(() => batchOf(id), [id]);
  const current = state.data;
  const making = current?.state === "making";
  useEffect(() => {
    if (!making) return;
    const timer = setTimeout(state.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [current, making]);
  return (
    <section>
      <p><a href={href("printing")}>← {t("backToBatches")}</a></p>
      <Heading>{t("batchTitle", { at: current ? when(current.requested_at) : "" })}</Heading>
      <Loading state={state}>
        {(batch) => (
          <>
            <dl class="counts">
              <div><dt>{t("membersCol")}</dt><dd id="batch-members">{number(batch.counts.members)}</dd></div>
              <div class="ok"><dt>{t("readyCol")}</dt><dd id="batch-ready">{number(batch.counts.ready)}</dd></div>
              <div><dt>{t("printedBefore")}</dt><dd>{number(batch.counts.printed_before)}</dd></div>
              <div class="bad"><dt>{t("missingCol")}</dt><dd id="batch-missing">{number(batch.counts.missing)}</dd></div>
            </dl>
            <Progress batch={batch} />
            <Members batch={batch} />
          </>
        )}
      </Loading>
    </section>
  );
}

function Progress({ batch }: { batch: Batch }) {
  const done = batch.counts.rendered + batch.counts.skipped;
  return (
    <div class="card" id="batch-progress" data-state={batch.state}>
      <label for="render-progress">{t("renderProgress")}</label>
      <progress id="render-progress" max={100} value={batch.percentage}>{batch.percentage}%</progress>
      <p role="status" id="render-status">
        {batch.state === "printed"
          ? t("batchDone", { pages: number(batch.pages ?? 0) })
          : t("batchMaking", { done: number(done), due: number(batch.counts.ready), pct: batch.percentage })}
      </p>
      {batch.state === "printed" && batch.pages ? <FileLink batch={batch} /> : null}
      {batch.follow_up_id ? <p><a href={href("batch", batch.follow_up_id)}>{t("followUpBatch")}</a></p> : null}
    </div>
  );
}

// The file needs the staff's token: fetched once, then a plain link to it in the browser's memory.
function FileLink({ batch }: { batch: Batch }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    printFile(batch.batch_id)
      .then((blob) => setUrl((made = URL.createObjectURL(blob))))
      .catch((e) => setError(explain(e)));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [batch.batch_id]);
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!url) return <p class="hint" role="status">{t("loading")}</p>;
  const size = ((batch.size_bytes ?? 0) / 1024).toLocaleString(lang.get() === "en" ? "en-GB" : "id-ID", { maximumFractionDigits: 0 });
  return (
    <a class="button" id="print-file" href={url} download={`cetak-${batch.batch_id.slice(0, 8)}.pdf`}>
      {t("downloadPrintFile", { pages: number(batch.pages ?? 0), kb: size })}
    </a>
  );
}

function Members({ batch }: { batch: Batch }) {
  return (
    <table class="data" id="batch-members-table">
      <caption>{t("readinessTitle")}</caption>
      <thead>
        <tr><th scope="col">{t("candidate")}</th><th scope="col">{t("certificateCol")}</th><th scope="col">{t("batchState")}</th><th scope="col">{t("whyMissing")}</th></tr>
      </thead>
      <tbody>
        {batch.members.map((m) => (
          <tr key={m.candidate_id} data-candidate={m.candidate_id} data-status={m.status}>
            <th scope="row"><code>{m.candidate_id.slice(0, 8)}</code></th>
            <td>{m.number ?? "–"}</td>
            <td><span class={`badge ${m.status === "missing" ? "returned" : "accepted"}`}>{t(`member_${m.status}` as Key)}</span></td>
            <td>{m.reason ? (lang.get() === "en" ? m.reason_en : m.reason_id) : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
