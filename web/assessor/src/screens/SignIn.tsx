// Staff sign in as the console's do: registration mails a code to the account's address, and
// the code returns a token carrying the role; only an assessor's account opens this app.
import { useEffect, useRef, useState } from "preact/hooks";
import { call } from "../api";
import { t } from "../i18n";
import { ASSESSOR, signIn } from "../session";
import { Heading, Notice, explain } from "../ui";

export function SignIn({ expired }: { expired: boolean }) {
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
      await call("POST", "/auth/sign-in", { email: email.trim() }, "registration");
      setSent(true);
    });
  };
  const verify = (e: Event) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setError(`${t("code")}: ${t("badCode")}`);
    void attempt(async () => {
      const signed = await call<{ token: string; account_id: string; role: string }>(
        "POST", "/auth/verify", { email: email.trim(), code: code.trim() }, "registration",
      );
      if (signed.role !== ASSESSOR) return setError(t("notAssessor"));
      await signIn(signed.token, signed.account_id, email.trim());
    });
  };

  return (
    <section class="signin">
      <Heading>{t("signInTitle")}</Heading>
      {expired ? <Notice kind="warn">{t("expired")}</Notice> : null}
      {!sent ? (
        <form onSubmit={sendCode} noValidate>
          <p>{t("signInIntro")}</p>
          <div class="field">
            <label for="email">{t("email")}</label>
            <input id="email" type="email" autocomplete="username" required value={email}
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
          <button type="button" class="link" onClick={() => { setSent(false); setCode(""); }}>{t("otherEmail")}</button>
        </form>
      )}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </section>
  );
}
