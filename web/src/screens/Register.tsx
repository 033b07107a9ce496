// A new account registers its person once, by NIK. The client id is kept on the phone before
// sending, so a retry after a lost answer is the same registration, not a second one.
import { useState } from "preact/hooks";
import { ApiError, call } from "../api";
import * as db from "../db";
import { Field } from "../form/fields";
import type { FieldDef } from "../form/apl01";
import { reasonOf, t } from "../i18n";
import { newClientId } from "../ids";
import { Session, saveSession } from "../session";
import { Heading, Notice } from "../ui";
import { explain } from "./SignIn";

const FIELDS: FieldDef[] = [
  { path: "full_name", label: "fullName", kind: "text", required: true, autocomplete: "name" },
  { path: "nik", label: "nik", kind: "digits", required: true, pattern: /^\d{16}$/, patternError: "badNik" },
  { path: "district_code", label: "districtCode", kind: "digits", required: true, pattern: /^\d{4}$/, patternError: "badDistrict" },
];

export function Register({ me }: { me: Session }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const found: Record<string, string> = {};
    for (const def of FIELDS) {
      const value = (values[def.path] ?? "").trim();
      if (!value) found[def.path] = t("required");
      else if (def.pattern && !def.pattern.test(value)) found[def.path] = t(def.patternError!);
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setFailure(null);
    const key = `register-client:${me.account_id}`;
    const clientId = (await db.get<string>(key)) ?? newClientId();
    await db.put(key, clientId);
    try {
      const body = Object.fromEntries(FIELDS.map((d) => [d.path, values[d.path].trim()]));
      const done = await call<{ candidate_id: string; token: string }>("POST", "/candidates", { client_id: clientId, ...body });
      await saveSession({ ...me, token: done.token, candidate_id: done.candidate_id });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        setErrors(Object.fromEntries(error.problems.map((p) => [p.field, reasonOf(p)])));
      }
      setFailure(explain(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <Heading>{t("registerTitle")}</Heading>
      <p>{t("registerIntro")}</p>
      <form onSubmit={submit} noValidate>
        {FIELDS.map((def) => (
          <Field key={def.path} def={def} value={values[def.path] ?? ""} error={errors[def.path]}
            onChange={(path, value) => setValues({ ...values, [path]: value })} />
        ))}
        <button type="submit" disabled={busy}>{t("register")}</button>
      </form>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
    </section>
  );
}
