// One exam attempt open on this phone: unlocking it, writing every answer to IndexedDB first
// (with its own answer_id, the next sequence and the exam's elapsed time), and the queue that
// sends what the server does not hold yet, with the phone's word (written_through, finished),
// whenever there is a way through: at once, when the connection comes back, and every few
// seconds. A record is kept until a receipt for it comes back; re-sending one is harmless (the
// server answers "duplicate"). "All sent" is the server's own word, never the phone's guess.
// Answers wait behind the candidate's FR.AK.01 signature while it is in the outbox, and, once
// sent, until the assessor has countersigned (the server answers 409 `consent`): they are kept.
import { ApiError, Problem, isTransient } from "../api";
import { newClientId } from "../ids";
import { flush, outbox } from "../outbox";
import { Signal, signal } from "../signal";
import { AttemptView, fetchAttempt, fetchPackage, sendAnswers } from "./api";
import { Question, openPackage } from "./cipher";
import { consentItemId, dropConsent, queueConsent, queuedConsent } from "./signature";
import {
  AnswerRecord, LocalExam, dropDraft, latest, loadDraft, loadExam, recordsOf, saveExam, saveRecord, wire,
} from "./store";

export type Link =
  | "idle" | "sending" | "offline" | "unreachable" | "not_started" | "refused" | "consent_queued" | "countersign";

export interface Snapshot {
  exam: LocalExam;
  records: AnswerRecord[];
  link: Link;
}

const BATCH = 100;
const RETRY_MS = 4000;
const CLOCK_SAVE_MS = 5000;

export class OpenExam {
  readonly state: Signal<Snapshot>;
  private base: number; // elapsed ms when this page took over the clock
  private since = performance.now();
  private sending: Promise<void> | null = null;
  private signing: Promise<void> | null = null;
  private lastSeq: number; // the highest sequence written here or known to be held
  private stops: (() => void)[] = [];

  private constructor(private exam: LocalExam, private records: AnswerRecord[]) {
    // No earlier than this phone's own latest answer: the clock's last save before a reload
    // (on pagehide) may not have finished, the answer records always have.
    this.base = Math.max(exam.elapsed_ms, ...records.map((r) => r.elapsed_ms));
    this.lastSeq = Math.max(exam.seq_floor, ...records.map((r) => r.seq));
    this.state = signal<Snapshot>({ exam, records, link: navigator.onLine ? "idle" : "offline" });
  }

  static async open(attemptId: string): Promise<OpenExam | null> {
    const exam = await loadExam(attemptId);
    return exam ? new OpenExam(exam, await recordsOf(attemptId)) : null;
  }

  get unlocked(): boolean {
    return this.exam.questions !== null;
  }

  // Time since unlock, accumulated across reloads (performance.now: a wrong wall clock moves nothing).
  elapsed(): number {
    return this.unlocked ? Math.round(this.base + performance.now() - this.since) : 0;
  }

  // The server's deadline as a countdown; before any contact, the duration from unlock.
  remaining(): number {
    const server = this.exam.server;
    if (server?.deadline_left_ms != null) return server.deadline_left_ms - (this.elapsed() - server.at_elapsed_ms);
    return this.exam.duration_minutes * 60_000 - this.elapsed();
  }

  fromServer(): boolean {
    return this.exam.server?.deadline_left_ms != null;
  }

  // "Saya setuju": the terms shown are signed on the phone and queued; a second tap while the
  // first is being kept, or any tap after, adds nothing.
  sign(): Promise<void> {
    this.signing ??= this.signOnce().finally(() => {
      this.signing = null;
    });
    return this.signing;
  }

  private async signOnce(): Promise<void> {
    const terms = this.exam.sealed.consent;
    if (this.exam.signed || !terms) return;
    const signed = { terms_version: terms.terms_version, at: new Date().toISOString() };
    await queueConsent(this.exam.attempt_id, terms.terms_version);
    await this.save({ signed });
  }

  // The server refused the signature (e.g. the terms changed): the phone forgets it, takes the
  // terms the server has now, and the candidate reads and agrees again.
  async resetConsent(): Promise<void> {
    await dropConsent(this.exam.attempt_id);
    try {
      const fresh = await fetchPackage(this.exam.attempt_id);
      if (fresh.consent) await this.save({ sealed: { ...this.exam.sealed, consent: fresh.consent } });
    } catch {
      // no signal: the terms kept are shown; the server says again if they are still old
    }
    await this.save({ signed: null });
  }

  // Terms missing from a package kept by an older build: fetched again when there is signal.
  async loadTerms(): Promise<void> {
    if (this.exam.sealed.consent || !navigator.onLine) return;
    const fresh = await fetchPackage(this.exam.attempt_id);
    if (fresh.consent) await this.save({ sealed: { ...this.exam.sealed, consent: fresh.consent } });
  }

  // Whether both have signed, from the server (before the unlock, too: only this is taken, the
  // clock's facts are taken once the exam runs). A phone that learns "both signed" skips the terms.
  async checkConsent(): Promise<void> {
    if (!navigator.onLine || this.exam.consented) return;
    try {
      const view = await fetchAttempt(this.exam.attempt_id);
      if (view.consented) await this.save({ consented: true });
    } catch {
      // asked again when the queue has news
    }
  }

  // The outbox's news for this attempt: once the signature has left it, ask whether the
  // assessor has signed too and send the answers that waited behind it.
  watch(): () => void {
    const id = consentItemId(this.exam.attempt_id);
    let queued = true;
    return outbox.subscribe((state) => {
      const still = [...state.waiting, ...state.failed].some((item) => item.id === id);
      if (queued && !still) {
        void this.checkConsent();
        void this.send();
      }
      queued = still;
    });
  }

  async unlock(code: string): Promise<void> {
    const questions: Question[] = await openPackage(this.exam.sealed, code);
    this.since = performance.now();
    await this.save({ questions });
    this.start();
    void this.restore();
  }

  async choose(question: Question, choice: number): Promise<void> {
    await this.write(question, { choice });
  }

  async writeText(question: Question, text: string): Promise<void> {
    const known = latest(this.records).get(question.question_id);
    if (text.trim() && text !== known?.text) await this.write(question, { text });
  }

  async move(position: number): Promise<void> {
    await this.save({ position });
  }

  async finish(): Promise<void> {
    // An essay still being typed (the time ran out on its screen) is written before the end.
    for (const question of this.exam.questions ?? []) {
      if (question.kind !== "essay") continue;
      const draft = await loadDraft(this.exam.attempt_id, question.question_id);
      if (draft !== undefined) await this.writeText(question, draft);
      await dropDraft(this.exam.attempt_id, question.question_id);
    }
    await this.save({ finished: true });
    void this.send();
  }

  private async write(question: Question, value: { choice: number } | { text: string }): Promise<void> {
    if (this.exam.finished) return;
    // The sequence is taken at once (a second tap gets the next one) and lives only in the
    // record: the next start continues above the highest record, so a sequence is never used
    // twice, and none is skipped (a gap would keep the server's held_through from reaching it).
    const record: AnswerRecord = {
      answer_id: newClientId(),
      attempt_id: this.exam.attempt_id,
      question_id: question.question_id,
      seq: ++this.lastSeq,
      elapsed_ms: this.elapsed(),
      ...value,
      held: false,
    };
    this.records = [...this.records, record];
    await saveRecord(record);
    this.publish(); // shown as chosen once it is on the phone
    void this.send();
  }

  private async save(change: Partial<LocalExam>): Promise<void> {
    this.exam = { ...this.exam, ...change, elapsed_ms: this.elapsed() };
    await saveExam(this.exam);
    this.publish();
  }

  private publish(link: Link = this.state.get().link): void {
    this.state.set({ exam: this.exam, records: this.records, link });
  }

  // The phone's highest sequence written (or known to be held, from another device).
  private writtenThrough(): number {
    return this.lastSeq;
  }

  send(): Promise<void> {
    this.sending ??= this.drain().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async drain(): Promise<void> {
    if (!this.unlocked) return;
    // Rounds while records are pending; a round with none only carries the phone's word.
    let raced = 0;
    for (let more = true; more; ) {
      const pending = this.records.filter((r) => !r.held).sort((a, b) => a.seq - b.seq).slice(0, BATCH);
      const server = this.exam.server;
      const written = this.writtenThrough();
      const worth = pending.length > 0 || !server || written > server.written_through || (this.exam.finished && !server.all_sent);
      if (!worth) return this.publish("idle");
      if (!navigator.onLine) return this.publish("offline");
      if (await this.consentQueued()) return this.publish("consent_queued");
      more = pending.length > 0;
      this.publish("sending");
      let answer;
      try {
        answer = await sendAnswers(this.exam.attempt_id, {
          written_through: written,
          finished: this.exam.finished,
          answers: pending.map(wire),
        });
      } catch (error) {
        // 409: not started yet; or, once started, another batch of this attempt won a race
        // (the server asks for a resend, on fresh state).
        if (error instanceof ApiError && error.status === 409) {
          if (names(error.problems, "consent")) {
            await this.save({ consented: false }); // kept, and sent again when the assessor has signed
            return this.publish("countersign");
          }
          if (this.fromServer() && ++raced < 3) continue;
          return this.publish(this.fromServer() ? "unreachable" : "not_started");
        }
        return this.publish(isTransient(error) ? (navigator.onLine ? "unreachable" : "offline") : "refused");
      }
      const held = new Set(answer.receipts.map((r) => r.answer_id));
      const acknowledged = pending.filter((r) => held.has(r.answer_id)).map((r) => ({ ...r, held: true }));
      for (const record of acknowledged) await saveRecord(record);
      const byId = new Map(acknowledged.map((r) => [r.answer_id, r]));
      this.records = this.records.map((r) => byId.get(r.answer_id) ?? r);
      await this.heard(answer);
      if (!acknowledged.length && pending.length) return this.publish("refused"); // never loop on nothing
    }
    this.publish("idle");
  }

  // The signature still in the outbox: given a push first (the answers come right after it).
  private async consentQueued(): Promise<boolean> {
    if (!(await queuedConsent(this.exam.attempt_id))) return false;
    await flush();
    return (await queuedConsent(this.exam.attempt_id)) !== undefined;
  }

  private async heard(view: AttemptView): Promise<void> {
    const left = view.deadline ? Date.parse(view.deadline) - Date.parse(view.server_now) : null;
    await this.save({
      server: {
        deadline_left_ms: left,
        at_elapsed_ms: this.elapsed(),
        held_through: view.held_through,
        written_through: view.written_through,
        all_sent: view.all_sent,
        heard_at: view.server_now,
      },
      consented: view.consented,
    });
  }

  // What the server holds (after a reload, or on another phone): the answer that counts per
  // question is taken when it is later than this phone's, the sequence continues above
  // everything the server knows of, and the exam's clock is no earlier than its answers'.
  async restore(): Promise<void> {
    if (!navigator.onLine) return;
    let view: AttemptView;
    try {
      view = await fetchAttempt(this.exam.attempt_id);
    } catch {
      return; // the queue tries again; restoring is for a phone that lost its own records
    }
    const mine = latest(this.records);
    const known = new Set(this.records.map((r) => r.answer_id));
    const adopted: AnswerRecord[] = [];
    for (const answer of Object.values(view.answers)) {
      const here = mine.get(answer.question_id);
      if (known.has(answer.answer_id) || (here && here.seq >= answer.seq)) continue;
      const record = { ...answer, attempt_id: this.exam.attempt_id, held: true };
      await saveRecord(record);
      adopted.push(record);
    }
    this.records = [...this.records, ...adopted];
    const seqs = Object.values(view.answers).map((a) => a.seq);
    const floor = Math.max(this.exam.seq_floor, view.held_through, view.written_through, ...seqs);
    this.lastSeq = Math.max(this.lastSeq, floor);
    const latestElapsed = Math.max(0, ...Object.values(view.answers).map((a) => a.elapsed_ms));
    if (latestElapsed > this.elapsed()) {
      this.base = latestElapsed;
      this.since = performance.now();
    }
    await this.save({ seq_floor: floor });
    await this.heard(view);
    void this.send();
  }

  // The queue's triggers and the clock's saving, while the exam is on screen.
  start(): void {
    if (!this.unlocked || this.stops.length) return;
    const online = () => void this.send();
    const offline = () => this.publish("offline");
    const hidden = () => {
      if (document.visibilityState === "hidden") void this.save({});
      else void this.send();
    };
    const keep = () => void this.save({});
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    window.addEventListener("pagehide", keep);
    document.addEventListener("visibilitychange", hidden);
    const retry = window.setInterval(() => void this.send(), RETRY_MS);
    const clock = window.setInterval(() => {
      if (!this.exam.finished) void this.save({});
    }, CLOCK_SAVE_MS);
    this.stops = [
      () => window.removeEventListener("online", online),
      () => window.removeEventListener("offline", offline),
      () => window.removeEventListener("pagehide", keep),
      () => document.removeEventListener("visibilitychange", hidden),
      () => window.clearInterval(retry),
      () => window.clearInterval(clock),
    ];
    void this.send();
  }

  stop(): void {
    this.stops.forEach((stop) => stop());
    this.stops = [];
    void this.save({});
  }
}

const names = (problems: Problem[], field: string) => problems.some((p) => p.field === field);
