// Sign-up and sign-in are one screen: registration mails a code to any address (a new one gets
// a candidate account), and the code signs the person in.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, Unreachable, call } from "../api";
import { reasonOf, t } from "../i18n";
import { saveSession } from "../session";
import { Heading, Notice } from "../ui";

interface Verified {
  token: string;
  account_id: string;
  candidate_id: string | null;
}

export function explain(error: unknown): string {
  if (error instanceof Unreachable) return t("needsNetwork");
  if (error instanceof ApiError && error.problems.length) return error.problems.map(reasonOf).join("; ");
  return t("loadFailed");
}

export function SignIn() {
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (sent) codeInput.current?.focus();
  }, [sent]);

  async function attempt(act: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await act();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  }

  const sendCode = (e: Event) => {
    e.preventDefault();
    if (!email.trim()) return setError(`${t("email")}: ${t("required")}`);
    void attempt(async () => {
      await call("POST", "/auth/sign-up", { email: email.trim() });
      setSent(true);
    });
  };
  const verify = (e: Event) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setError(t("badCode"));
    void attempt(async () => {
      const signed = await call<Verified>("POST", "/auth/verify", { email: email.trim(), code: code.trim() });
      await saveSession({ ...signed, email: email.trim() });
    });
  };

  return (
    <section>
      <Heading>{t("signInTitle")}</Heading>
      {!sent ? (
        <form onSubmit={sendCode} noValidate>
          <p>{t("signInIntro")}</p>
          <div class="field">
            <label for="email">{t("email")}</label>
            <input id="email" type="email" autocomplete="email" required value={email}
              onInput={(e) => setEmail(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={busy}>{t("sendCode")}</button>
        </form>
      ) : (
        <form onSubmit={verify} noValidate>
          <Notice>{t("codeSent", { email })}</Notice>
          <div class="field">
            <label for="code">{t("code")}</label>
            <input id="code" ref={codeInput} inputMode="numeric" autocomplete="one-time-code" maxLength={6}
              required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={busy}>{t("verify")}</button>
          <button type="button" class="link" onClick={() => { setSent(false); setCode(""); }}>
            {t("otherEmail")}
          </button>
        </form>
      )}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </section>
  );
}
