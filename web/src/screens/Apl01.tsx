// APL-01 with APL-02: every keystroke is kept as a draft on the phone (a reload, a closed tab
// or a lost connection loses nothing), and "submit" queues the whole form with a new client
// id; the outbox sends it when it can. Fields the server or the LSP refused are marked.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ensureApplication } from "../application";
import { Cooperative, SchemeSummary, loadCooperatives, loadElements, loadSchemes } from "../catalogue";
import * as db from "../db";
import {
  Draft, EDUCATION, EMPLOYMENT, Element, FieldDef, NEEDS, PERSONAL, PURPOSE, PURPOSES, SCHEME,
  emptyDraft, formPath, judgementKey, problems, submissionBody,
} from "../form/apl01";
import { Evidence } from "../form/Evidence";
import { Field, Section, fieldId } from "../form/fields";
import { lang, reasonOf, t } from "../i18n";
import { newClientId } from "../ids";
import { Item, dropFailed, enqueue } from "../outbox";
import { Profile, loadProfile } from "../profile";
import { go } from "../router";
import { useValue } from "../signal";
import { Session } from "../session";
import { GROUPS, LEVELS, ROLES, options } from "../terms";
import { Heading, Notice } from "../ui";
import { ApplicationView } from "../view";
import { explain } from "./SignIn";

const draftKey = (candidateId: string) => `draft:${candidateId}`;

function prefilled(profile: Profile | null): Draft {
  const draft = emptyDraft();
  if (!profile) return draft;
  draft.fields["personal.full_name"] = profile.full_name;
  draft.fields["personal.nik"] = profile.nik;
  draft.fields["personal.email"] = profile.email;
  const works = profile.affiliation;
  if (works) {
    draft.fields["employment.cooperative_id"] = works.cooperative_id;
    draft.fields["employment.role"] = works.role;
    draft.fields["employment.occupational_group"] = works.occupational_group;
  }
  return draft;
}

export function Apl01({ me }: { me: Session }) {
  const candidateId = me.candidate_id!;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [schemes, setSchemes] = useState<SchemeSummary[]>([]);
  const [cooperatives, setCooperatives] = useState<Cooperative[]>([]);
  const [elements, setElements] = useState<Element[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const language = useValue(lang);

  useEffect(() => {
    (async () => {
      const profile = await loadProfile(candidateId).catch(() => null);
      const kept = await db.get<Draft>(draftKey(candidateId));
      setDraft(kept ?? prefilled(profile));
      await ensureApplication(candidateId, (clientId) =>
        enqueue({ id: clientId, kind: "start", candidate_id: candidateId, created: Date.now() }),
      );
      const [foundSchemes, foundCooperatives] = await Promise.all([
        loadSchemes(),
        profile ? loadCooperatives(profile.district_code) : Promise.resolve([]),
      ]);
      setSchemes(foundSchemes);
      setCooperatives(foundCooperatives);
      // What the server or the LSP refused last time, marked on its field.
      const refused = (await db.all<Item>("outbox")).find(
        (item) => item.kind === "submit" && item.candidate_id === candidateId && item.failed,
      )?.failed;
      const returned = (await db.get<ApplicationView>(`cache:view:${candidateId}`))?.returned?.reasons;
      const marks = refused?.map((p) => [formPath(p.field), reasonOf(p)]) ??
        returned?.map((r) => [formPath(r.field), r.reason]) ?? [];
      setErrors(Object.fromEntries(marks));
    })().catch((e) => setLoadError(explain(e)));
  }, [candidateId]);

  const scheme = draft?.fields.scheme ?? "";
  useEffect(() => {
    if (!scheme) return setElements([]);
    loadElements(scheme).then(setElements).catch((e) => setLoadError(explain(e)));
  }, [scheme]);

  function keep(next: Draft) {
    setDraft(next);
    setSaving((n) => n + 1);
    void db.put(draftKey(candidateId), next).finally(() => setSaving((n) => n - 1));
  }
  const change = (path: string, value: string) => draft && keep({ ...draft, fields: { ...draft.fields, [path]: value } });
  const toggleNeed = (need: string, on: boolean) =>
    draft && keep({ ...draft, needs: on ? [...draft.needs, need] : draft.needs.filter((n) => n !== need) });
  const judge = (key: string, value: "K" | "BK") =>
    draft && keep({ ...draft, judgements: { ...draft.judgements, [key]: value } });

  async function submit(e: Event) {
    e.preventDefault();
    if (!draft) return;
    const found = problems(draft, elements);
    setErrors(Object.fromEntries(Object.entries(found).map(([path, key]) => [path, t(key)])));
    if (Object.keys(found).length) {
      summary.current?.focus();
      return;
    }
    await dropFailed(candidateId, "submit");
    await enqueue({
      id: newClientId(), kind: "submit", candidate_id: candidateId, created: Date.now(),
      body: submissionBody(draft, elements),
    });
    go("status");
  }

  const choices = useMemo(() => ({
    "education.level": options(LEVELS),
    "employment.role": options(ROLES),
    "employment.occupational_group": options(GROUPS),
    "employment.cooperative_id": cooperatives.map((c): [string, string] => [c.cooperative_id, c.name]),
    scheme: schemes.map((s): [string, string] => [`${s.scheme_code}@${s.version}`, `${s.title} (${s.scheme_code})`]),
    purpose: PURPOSES.map(([value, key]): [string, string] => [value, t(key)]),
  }), [schemes, cooperatives, language]);

  if (!draft) return <section><Heading>{t("apl01Title")}</Heading>{loadError ? <Notice kind="error">{loadError}</Notice> : null}</section>;
  const field = (def: FieldDef) => (
    <Field key={def.path} def={def} value={draft.fields[def.path] ?? ""} error={errors[def.path]}
      options={choices[def.path as keyof typeof choices]} onChange={change} />
  );
  const errorCount = Object.keys(errors).length;
  return (
    <section>
      <Heading>{t("apl01Title")}</Heading>
      <p id="draft-state" class="hint" data-saved={saving === 0 ? "yes" : "no"}>{t("draftKept")}</p>
      {loadError ? <Notice kind="error">{loadError}</Notice> : null}
      <div ref={summary} tabIndex={-1}>
        {errorCount ? (
          <div class="notice error" role="alert">
            <p>{t("fixFields", { n: errorCount })}</p>
            <ul>
              {Object.entries(errors).map(([path, reason]) => (
                <li key={path}><a href={`#${fieldId(path)}`} onClick={(e) => { e.preventDefault(); document.getElementById(fieldId(path))?.focus(); }}>{reason}</a></li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <form onSubmit={submit} noValidate>
        <Section title={t("personal")}>{PERSONAL.map(field)}</Section>
        <Section title={t("education")}>{EDUCATION.map(field)}</Section>
        <Section title={t("employment")}>{EMPLOYMENT.map(field)}</Section>
        <Section title={t("scheme")}>
          {field(SCHEME)}
          {field(PURPOSE)}
          <fieldset class="choices">
            <legend>{t("needs")}</legend>
            {NEEDS.map(([need, key]) => (
              <label key={need} class="check">
                <input type="checkbox" checked={draft.needs.includes(need)}
                  onChange={(e) => toggleNeed(need, e.currentTarget.checked)} />
                {t(key)}
              </label>
            ))}
          </fieldset>
        </Section>
        <Evidence candidateId={candidateId} />
        <Section title={t("apl02Title")}>
          <p>{scheme ? t("apl02Intro") : t("chooseSchemeFirst")}</p>
          {elements.map((element) => {
            const key = judgementKey(element);
            const error = errors[`apl02.${key}`];
            return (
              <fieldset key={key} id={fieldId(`apl02.${key}`)} class={error ? "choices invalid" : "choices"} tabIndex={-1}>
                <legend>{element.unitTitle}: {element.code}. {element.title}</legend>
                {(["K", "BK"] as const).map((value) => (
                  <label key={value} class="check">
                    <input type="radio" name={key} value={value} checked={draft.judgements[key] === value}
                      onChange={() => judge(key, value)} />
                    {t(value === "K" ? "competent" : "notYetCompetent")}
                  </label>
                ))}
                {error ? <p class="error">{error}</p> : null}
              </fieldset>
            );
          })}
        </Section>
        <button type="submit">{t("submit")}</button>
      </form>
    </section>
  );
}
