// What the candidate must always see during the exam: the time left on the server's deadline,
// whether the phone reaches the server, how many answers are still only on the phone, and, once
// the server says so (all_sent in its answer), that every answer has been sent.
import { useEffect, useState } from "preact/hooks";
import { Key, lang, t } from "../i18n";
import type { OpenExam, Snapshot } from "./attempt";
import { countdown } from "./time";

function useSecond(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, []);
}

export function ExamStatus({ exam, snapshot }: { exam: OpenExam; snapshot: Snapshot }) {
  useSecond();
  const left = exam.remaining();
  const finished = snapshot.exam.finished;
  useEffect(() => {
    if (left <= 0 && !finished) void exam.finish(); // the phone's timer ends the exam
  }, [left <= 0, finished]);
  const pending = snapshot.records.filter((r) => !r.held).length;
  const server = snapshot.exam.server;
  const heard = server ? new Date(server.heard_at).toLocaleTimeString(lang.get() === "en" ? "en-GB" : "id-ID") : null;
  return (
    <div class="exam-status">
      <div class="row">
        {finished ? null : (
          <p id="exam-countdown" role="timer" data-from-server={exam.fromServer() ? "yes" : "no"}
            data-seconds={Math.max(0, Math.ceil(left / 1000))}>
            {t("timeLeft")} <strong>{countdown(left)}</strong>
          </p>
        )}
        <p id="exam-link" class={`link-${snapshot.link}`} data-link={snapshot.link} role="status">
          {t(`link_${snapshot.link}` as Key)}
        </p>
      </div>
      {exam.fromServer() || finished ? null : <p class="hint">{t("timeEstimate")}</p>}
      <p id="exam-pending" data-count={pending} role="status">
        {pending ? t("pendingAnswers", { n: pending }) : t("noPending")}
      </p>
      {heard && snapshot.link !== "idle" && snapshot.link !== "sending" ? (
        <p class="hint">{t("lastContact", { time: heard })}</p>
      ) : null}
      {server?.all_sent ? (
        <p id="all-sent" class="notice ok" role="status">{t("allAnswersSent")}</p>
      ) : finished ? (
        <p class="notice">{t("keepOpen")}</p>
      ) : null}
    </div>
  );
}
