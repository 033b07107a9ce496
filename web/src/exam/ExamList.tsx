// The candidate's exams (GET /exams, kept for offline use), each package downloaded to the
// phone as soon as the list is seen: the day before, while the signal is good, not in the hall.
import { useEffect, useState } from "preact/hooks";
import { Key, t } from "../i18n";
import { examHref, href } from "../router";
import { Session } from "../session";
import { Heading, Notice } from "../ui";
import { explain } from "../screens/SignIn";
import { ListedExam, fetchPackage, listExams } from "./api";
import { loadExam, newExam, saveExam } from "./store";
import { when } from "./time";

type Kept = "saved" | "missing" | "loading" | "cancelled";

async function keep(exam: ListedExam): Promise<Kept> {
  if (exam.cancelled) return "cancelled";
  if (await loadExam(exam.attempt_id)) return "saved";
  try {
    await saveExam(newExam(await fetchPackage(exam.attempt_id), exam.scheme_code));
    return "saved";
  } catch {
    return "missing";
  }
}

export function ExamList({ me }: { me: Session }) {
  const [exams, setExams] = useState<ListedExam[] | null>(null);
  const [kept, setKept] = useState<Record<string, Kept>>({});
  const [error, setError] = useState<string | null>(null);

  async function load() {
    try {
      const found = await listExams(me.candidate_id!);
      setExams(found);
      setError(null);
      setKept(Object.fromEntries(found.map((e) => [e.attempt_id, "loading" as Kept])));
      for (const exam of found) {
        const state = await keep(exam);
        setKept((known) => ({ ...known, [exam.attempt_id]: state }));
      }
    } catch (e) {
      setError(explain(e));
    }
  }

  useEffect(() => {
    void load();
    const again = () => void load();
    window.addEventListener("online", again);
    return () => window.removeEventListener("online", again);
  }, [me.candidate_id]);

  return (
    <section>
      <Heading>{t("examsTitle")}</Heading>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {exams && !exams.length ? <p>{t("examsNone")}</p> : null}
      <ul class="exams">
        {(exams ?? []).map((exam) => {
          const state = kept[exam.attempt_id] ?? "loading";
          return (
            <li key={exam.attempt_id} class="exam-card" data-attempt={exam.attempt_id}>
              <h2>{exam.scheme_code}</h2>
              <p>{t("examStarts", { time: when(exam.starts_at), n: exam.exam_minutes })}</p>
              <p class={`badge ${state}`} data-package={state}>{t(`package_${state}` as Key)}</p>
              {state === "saved" ? <a class="button" href={examHref(exam.attempt_id)}>{t("openExam")}</a> : null}
            </li>
          );
        })}
      </ul>
      <nav class="actions" aria-label={t("examsTitle")}>
        <button type="button" class="secondary" onClick={() => void load()}>{t("refresh")}</button>
        <a class="button secondary" href={href("profile")}>{t("back")}</a>
      </nav>
    </section>
  );
}
