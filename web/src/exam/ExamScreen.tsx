// An exam attempt on the phone: the sealed package (downloaded here if the list did not), the
// start code to open it, then the questions one per screen, the review and the end, with the
// exam's status (time, connection, answers still on the phone, "all sent") always in view.
// Before any of it, FR.AK.01: the terms to agree to, unless agreed here or signed by both.
import { useEffect, useState } from "preact/hooks";
import { ApiError, Unreachable } from "../api";
import { t } from "../i18n";
import { outbox } from "../outbox";
import { href } from "../router";
import { useValue } from "../signal";
import { Heading, Notice } from "../ui";
import { explain } from "../screens/SignIn";
import { fetchPackage, fetchRelease } from "./api";
import { OpenExam, Snapshot } from "./attempt";
import { WrongCode } from "./cipher";
import { Consent, ConsentLine, ConsentState } from "./Consent";
import { consentItemId } from "./signature";
import { ExamStatus } from "./ExamStatus";
import { QuestionView } from "./QuestionView";
import { latest, newExam, saveExam } from "./store";
import { when } from "./time";

async function opened(attemptId: string): Promise<OpenExam> {
  const kept = await OpenExam.open(attemptId);
  if (kept) return kept;
  await saveExam(newExam(await fetchPackage(attemptId), null));
  return (await OpenExam.open(attemptId))!;
}

export function ExamScreen({ attemptId }: { attemptId: string }) {
  const [exam, setExam] = useState<OpenExam | null>(null);
  const [error, setError] = useState<string | null>(null);

  function load() {
    setError(null);
    opened(attemptId)
      .then((found) => {
        setExam(found);
        void found.checkConsent();
        if (found.unlocked) {
          found.start();
          void found.restore();
        }
      })
      .catch((e) => setError(e instanceof Unreachable ? t("downloadFailed") : explain(e)));
  }

  useEffect(load, [attemptId]);
  useEffect(() => {
    const unwatch = exam?.watch();
    return () => {
      unwatch?.();
      exam?.stop();
    };
  }, [exam]);

  if (!exam) {
    return (
      <section>
        <Heading>{t("examsTitle")}</Heading>
        {error ? <Notice kind="error">{error}</Notice> : <p>{t("package_loading")}</p>}
        {error ? <button type="button" onClick={load}>{t("retry")}</button> : null}
      </section>
    );
  }
  return <Running exam={exam} />;
}

function Running({ exam }: { exam: OpenExam }) {
  const snapshot = useValue(exam.state);
  const queue = useValue(outbox);
  const { questions, position, finished, scheme_code, signed, consented } = snapshot.exam;
  const id = consentItemId(snapshot.exam.attempt_id);
  const refused = queue.failed.find((item) => item.id === id)?.failed;
  const consent: ConsentState = queue.waiting.some((item) => item.id === id) ? "queued" : consented ? "complete" : "signed";
  return (
    <section class="exam">
      <Heading>{t("examTitle", { scheme: scheme_code ?? "" })}</Heading>
      {refused || (!signed && !consented) ? (
        <Consent exam={exam} snapshot={snapshot} refused={refused} />
      ) : !questions ? (
        <>
          <ConsentLine state={consent} />
          <Unlock exam={exam} startsAt={snapshot.exam.starts_at} />
        </>
      ) : (
        <>
          <ExamStatus exam={exam} snapshot={snapshot} />
          {finished ? (
            <Finished timeUp={exam.remaining() <= 0} />
          ) : position < questions.length ? (
            <QuestionView key={questions[position].question_id} exam={exam} attemptId={snapshot.exam.attempt_id}
              question={questions[position]} index={position} total={questions.length}
              current={latest(snapshot.records).get(questions[position].question_id)} />
          ) : (
            <Review exam={exam} snapshot={snapshot} />
          )}
        </>
      )}
    </section>
  );
}

function Unlock({ exam, startsAt }: { exam: OpenExam; startsAt: string }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function open(with_: string) {
    setBusy(true);
    setError(null);
    try {
      await exam.unlock(with_);
    } catch (e) {
      setError(e instanceof WrongCode ? t("wrongCode") : explain(e));
      setBusy(false);
    }
  }

  async function fromServer() {
    setError(null);
    try {
      await open((await fetchRelease(exam.state.get().exam.attempt_id)).start_code);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t("codeNotYet") : explain(e));
    }
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); void open(code); }} noValidate>
      <p>{t("unlockIntro")}</p>
      <p class="hint">{t("scheduledAt", { time: when(startsAt) })}</p>
      <div class="field">
        <label for="start-code">{t("startCode")}</label>
        <input id="start-code" value={code} autocomplete="off" autocapitalize="characters" spellcheck={false}
          maxLength={16} class="code" onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          aria-invalid={error ? "true" : undefined} aria-describedby={error ? "start-code-error" : undefined} />
        {error ? <p class="error" id="start-code-error" role="alert">{error}</p> : null}
      </div>
      <button type="submit" disabled={busy || !code.trim()}>{busy ? t("unlocking") : t("unlock")}</button>
      <button type="button" class="secondary wide" disabled={busy} onClick={() => void fromServer()}>
        {t("fetchCode")}
      </button>
    </form>
  );
}

function Review({ exam, snapshot }: { exam: OpenExam; snapshot: Snapshot }) {
  const questions = snapshot.exam.questions!;
  const answered = latest(snapshot.records);
  const open = questions.filter((q) => !answered.has(q.question_id)).length;
  return (
    <div class="review">
      <h2>{t("reviewTitle")}</h2>
      <p role="status">{open ? t("unanswered", { n: open }) : t("allAnswered")}</p>
      <ol class="jump">
        {questions.map((q, i) => {
          const done = answered.has(q.question_id);
          return (
            <li key={q.question_id}>
              <button type="button" class={done ? "answered" : "secondary"} onClick={() => void exam.move(i)}
                aria-label={`${t("questionOf", { n: i + 1, total: questions.length })}, ${t(done ? "answered" : "notAnswered")}`}>
                {i + 1}
              </button>
            </li>
          );
        })}
      </ol>
      <div class="exam-nav">
        <button type="button" class="secondary" onClick={() => void exam.move(questions.length - 1)}>
          {t("toQuestions")}
        </button>
        <button type="button" onClick={() => void exam.finish()}>{t("finishExam")}</button>
      </div>
    </div>
  );
}

function Finished({ timeUp }: { timeUp: boolean }) {
  return (
    <div>
      <h2>{t("finishedTitle")}</h2>
      {timeUp ? <p>{t("timeUp")}</p> : null}
      <a class="button secondary" href={href("exams")}>{t("back")}</a>
    </div>
  );
}
