// Scheduling a session: the scheme version, a test site equipped for it, the window (the
// person's own clock; sent with its offset), the exam's length, the seats, and the assessors
// licensed for the scheme. Assessment checks the site and every assessor for that day and
// answers with the field and reason of each problem; the session opens once scheduled.
import { useState } from "preact/hooks";
import { ApiError, call } from "../api";
import { reasonOf, t } from "../i18n";
import { type PlannedSession, assessorsOf, sitesOf } from "../planning";
import { go, href } from "../router";
import { Heading, Loading, Notice, explain, useLoad } from "../ui";

interface Draft {
  scheme: string;
  version: string;
  site: string;
  starts: string; // datetime-local
  ends: string;
  minutes: string;
  capacity: string;
  assessors: string[];
}

const EMPTY: Draft = { scheme: "", version: "1", site: "", starts: "", ends: "", minutes: "90", capacity: "40", assessors: [] };

export function ScheduleSession() {
  const sites = useLoad(sitesOf, []);
  const assessors = useLoad(assessorsOf, []);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const schemes = [...new Set((sites.data ?? []).flatMap((s) => Object.keys(s.equipment)))].sort();
  const scheme = draft.scheme || schemes[0] || "";
  const hosts = (sites.data ?? []).filter((s) => scheme in s.equipment);
  const site = hosts.find((s) => s.site_id === draft.site) ?? hosts[0];
  const licensed = (assessors.data ?? []).filter((a) => a.scheme_codes.includes(scheme));

  const submit = async (e: Event) => {
    e.preventDefault();
    setProblems([]);
    const missing = [
      !site && t("site"), !draft.starts && t("startsAt"), !draft.ends && t("endsAt"),
      !draft.assessors.length && t("assessorsTitle"),
    ].filter(Boolean) as string[];
    if (missing.length) return setProblems(missing.map((m) => `${m}: ${t("required")}`));
    setSending(true);
    try {
      const made = await call<PlannedSession>("POST", "/sessions", {
        scheme_code: scheme, scheme_version: Number(draft.version), site_id: site!.site_id,
        district_code: site!.district_code, starts_at: new Date(draft.starts).toISOString(),
        ends_at: new Date(draft.ends).toISOString(), exam_minutes: Number(draft.minutes),
        capacity: Number(draft.capacity), assessor_ids: draft.assessors,
      }, "assessment");
      go("session", made.session_id);
    } catch (error) {
      setProblems(error instanceof ApiError && error.problems.length
        ? error.problems.map((p) => `${p.field}: ${reasonOf(p)}`) : [explain(error)]);
    } finally {
      setSending(false);
    }
  };

  return (
    <section>
      <p><a href={href("planning")}>← {t("backToBoard")}</a></p>
      <Heading>{t("scheduleTitle")}</Heading>
      <Loading state={sites}>
        {() => (
          <form class="card form-grid" onSubmit={submit} noValidate>
            <div class="field">
              <label for="s-scheme">{t("scheme")}</label>
              <select id="s-scheme" value={scheme} onChange={(e) => set({ scheme: e.currentTarget.value, site: "", assessors: [] })}>
                {schemes.map((code) => <option key={code} value={code}>{code}</option>)}
              </select>
            </div>
            <div class="field">
              <label for="s-version">{t("schemeVersion")}</label>
              <input id="s-version" type="number" min={1} value={draft.version} onInput={(e) => set({ version: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="s-site">{t("site")}</label>
              <select id="s-site" value={site?.site_id ?? ""} onChange={(e) => set({ site: e.currentTarget.value })}>
                {hosts.map((s) => <option key={s.site_id} value={s.site_id}>{s.name} ({s.district_code}, {t("seatsN", { n: s.capacity })})</option>)}
              </select>
            </div>
            <div class="field">
              <label for="s-starts">{t("startsAt")}</label>
              <input id="s-starts" type="datetime-local" value={draft.starts} onInput={(e) => set({ starts: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="s-ends">{t("endsAt")}</label>
              <input id="s-ends" type="datetime-local" value={draft.ends} onInput={(e) => set({ ends: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="s-minutes">{t("examMinutes")}</label>
              <input id="s-minutes" type="number" min={5} max={720} value={draft.minutes} onInput={(e) => set({ minutes: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="s-capacity">{t("capacity")}</label>
              <input id="s-capacity" type="number" min={1} max={1000} value={draft.capacity} onInput={(e) => set({ capacity: e.currentTarget.value })} />
            </div>
            <fieldset class="field wide" id="s-assessors">
              <legend>{t("assessorsTitle")}</legend>
              {licensed.length ? licensed.map((a) => (
                <label key={a.assessor_id} class="check">
                  <input type="checkbox" checked={draft.assessors.includes(a.assessor_id)} onChange={(e) => set({
                    assessors: e.currentTarget.checked ? [...draft.assessors, a.assessor_id] : draft.assessors.filter((x) => x !== a.assessor_id),
                  })} />
                  {a.met_number} <span class="hint">({a.district_code})</span>
                </label>
              )) : <p class="hint">{t("noLicensed", { scheme })}</p>}
            </fieldset>
            {problems.length ? (
              <div class="notice error wide" role="alert" id="schedule-problems">
                <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
              </div>
            ) : null}
            <div class="wide"><button type="submit" disabled={sending}>{t("schedule")}</button></div>
          </form>
        )}
      </Loading>
      {sites.data && !schemes.length ? <Notice>{t("noEquippedSites")}</Notice> : null}
    </section>
  );
}
