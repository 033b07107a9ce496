// One question per screen: multiple choice as large radio rows (a tap writes the answer at once),
// the essay as a text area kept as a draft while typed and written as an answer when the
// candidate moves on. Moving on never waits for the network.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import type { OpenExam } from "./attempt";
import type { Question } from "./cipher";
import { AnswerRecord, dropDraft, loadDraft, saveDraft } from "./store";

const LETTERS = "ABCDEFGHIJ";
const DRAFT_MS = 300;

interface Props {
  exam: OpenExam;
  attemptId: string;
  question: Question;
  index: number;
  total: number;
  current: AnswerRecord | undefined;
}

export function QuestionView({ exam, attemptId, question, index, total, current }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  const [text, setText] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const essay = question.kind === "essay";

  useEffect(() => {
    if (!first.current) heading.current?.focus(); // a screen reader hears the new question
    first.current = false;
    // What the candidate types before the draft is read wins over it.
    if (essay) void loadDraft(attemptId, question.question_id).then((d) => setText((now) => now ?? d ?? current?.text ?? ""));
  }, [question.question_id]);

  function typed(value: string) {
    setText(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void saveDraft(attemptId, question.question_id, value), DRAFT_MS);
  }

  async function go(to: number) {
    if (essay && text !== null) {
      window.clearTimeout(timer.current);
      await exam.writeText(question, text);
      await dropDraft(attemptId, question.question_id);
    }
    await exam.move(to);
  }

  const name = `q-${question.question_id}`;
  return (
    <div class="question" data-question={question.question_id} data-index={index + 1}>
      <h2 tabIndex={-1} ref={heading}>{t("questionOf", { n: index + 1, total })}</h2>
      {essay ? (
        <div class="field">
          <p class="stem" id={`${name}-stem`}>{question.stem}</p>
          <label for={name}>{t("essayAnswer")}</label>
          <textarea id={name} rows={8} value={text ?? ""} aria-describedby={`${name}-stem`}
            onInput={(e) => typed((e.target as HTMLTextAreaElement).value)} />
        </div>
      ) : (
        <fieldset class="options">
          <legend class="stem">{question.stem}</legend>
          {question.options.map((option, i) => (
            <label key={i} class={`option${current?.choice === i ? " chosen" : ""}`}>
              <input type="radio" name={name} value={i} checked={current?.choice === i}
                onChange={() => void exam.choose(question, i)} />
              <span class="letter" aria-hidden="true">{LETTERS[i]}.</span>
              <span>{option}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div class="exam-nav">
        <button type="button" class="secondary" disabled={index === 0} onClick={() => void go(index - 1)}>
          {t("previous")}
        </button>
        <button type="button" onClick={() => void go(index + 1)}>
          {index + 1 === total ? t("review") : t("next")}
        </button>
      </div>
    </div>
  );
}
