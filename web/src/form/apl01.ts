// APL-01 and APL-02 as the phone holds them while the person types (every value a string, kept
// as a draft in IndexedDB), the checks made before queueing, and the body registration takes.
import type { Key } from "../i18n";

export interface Draft {
  fields: Record<string, string>; // "personal.full_name" -> value: the API's path under apl01
  needs: string[];
  judgements: Record<string, "K" | "BK">; // "unit|element" -> the candidate's own judgement
}

export type Kind = "text" | "email" | "tel" | "date" | "year" | "digits" | "textarea" | "select";

export interface FieldDef {
  path: string;
  label: Key;
  kind: Kind;
  required?: boolean;
  pattern?: RegExp;
  patternError?: Key;
  autocomplete?: string;
}

const YEAR = { pattern: /^\d{4}$/, patternError: "badYear" as Key };

export const PERSONAL: FieldDef[] = [
  { path: "personal.full_name", label: "fullName", kind: "text", required: true, autocomplete: "name" },
  { path: "personal.nik", label: "nik", kind: "digits", required: true, pattern: /^\d{16}$/, patternError: "badNik" },
  { path: "personal.birth_place", label: "birthPlace", kind: "text", required: true },
  { path: "personal.birth_date", label: "birthDate", kind: "date", required: true, autocomplete: "bday" },
  { path: "personal.address", label: "address", kind: "textarea", required: true, autocomplete: "street-address" },
  { path: "personal.phone", label: "phone", kind: "tel", required: true, pattern: /^\+?[0-9]{8,15}$/, patternError: "badPhone", autocomplete: "tel" },
  { path: "personal.email", label: "email", kind: "email", required: true, autocomplete: "email" },
];

export const EDUCATION: FieldDef[] = [
  { path: "education.level", label: "level", kind: "select", required: true },
  { path: "education.institution", label: "institution", kind: "text", required: true },
  { path: "education.major", label: "major", kind: "text" },
  { path: "education.graduation_year", label: "graduationYear", kind: "year", required: true, ...YEAR },
];

export const EMPLOYMENT: FieldDef[] = [
  { path: "employment.cooperative_id", label: "cooperative", kind: "select", required: true },
  { path: "employment.role", label: "role", kind: "select", required: true },
  { path: "employment.occupational_group", label: "occupationalGroup", kind: "select", required: true },
  { path: "employment.position_title", label: "positionTitle", kind: "text" },
  { path: "employment.since_year", label: "sinceYear", kind: "year", ...YEAR },
];

export const SCHEME: FieldDef = { path: "scheme", label: "scheme", kind: "select", required: true };
export const PURPOSE: FieldDef = { path: "purpose", label: "purpose", kind: "select", required: true };
export const NEEDS: [string, Key][] = [
  ["vision", "needVision"],
  ["hearing", "needHearing"],
  ["mobility", "needMobility"],
  ["reading_writing", "needReading"],
  ["language", "needLanguage"],
  ["other", "needOther"],
];
export const PURPOSES: [string, Key][] = [
  ["certification", "purposeCertification"],
  ["recertification", "purposeRecertification"],
  ["other", "purposeOther"],
];

export interface Element {
  unit: string;
  unitTitle: string;
  code: string;
  title: string;
}

export const emptyDraft = (): Draft => ({ fields: { purpose: "certification" }, needs: [], judgements: {} });

export const judgementKey = (e: Element) => `${e.unit}|${e.code}`;

// Field path -> the message key of what is wrong with it, before anything is queued.
export function problems(draft: Draft, elements: Element[]): Record<string, Key> {
  const found: Record<string, Key> = {};
  for (const def of [...PERSONAL, ...EDUCATION, ...EMPLOYMENT, SCHEME, PURPOSE]) {
    const value = (draft.fields[def.path] ?? "").trim();
    if (!value) {
      if (def.required) found[def.path] = "required";
    } else if (def.pattern && !def.pattern.test(value)) {
      found[def.path] = def.patternError ?? "required";
    }
  }
  for (const element of elements) {
    if (!draft.judgements[judgementKey(element)]) found[`apl02.${judgementKey(element)}`] = "required";
  }
  return found;
}

export function submissionBody(draft: Draft, elements: Element[]): { apl01: unknown; apl02: unknown } {
  const f = (path: string) => (draft.fields[path] ?? "").trim();
  const optional = (path: string) => f(path) || null;
  const year = (path: string) => (f(path) ? Number(f(path)) : null);
  const [schemeCode, schemeVersion] = f("scheme").split("@");
  return {
    apl01: {
      personal: Object.fromEntries(PERSONAL.map((d) => [d.path.split(".")[1], f(d.path)])),
      education: {
        level: f("education.level"),
        institution: f("education.institution"),
        major: optional("education.major"),
        graduation_year: year("education.graduation_year"),
      },
      employment: {
        cooperative_id: f("employment.cooperative_id"),
        role: f("employment.role"),
        occupational_group: f("employment.occupational_group"),
        position_title: optional("employment.position_title"),
        since_year: year("employment.since_year"),
      },
      scheme_code: schemeCode,
      scheme_version: Number(schemeVersion),
      purpose: f("purpose"),
      evidence_ids: [],
      adjustment_needs: draft.needs,
    },
    apl02: {
      judgements: elements.map((e) => ({
        unit_code: e.unit,
        element_code: e.code,
        judgement: draft.judgements[judgementKey(e)],
        evidence_ids: [],
      })),
    },
  };
}

// A server's field ("apl01.personal.address") as the form's path ("personal.address").
export const formPath = (field: string) => field.replace(/^apl01\./, "");

// The label a person knows a field by, for the server's or the LSP's name of it.
export function fieldLabel(field: string): Key | null {
  const path = formPath(field);
  const def = [...PERSONAL, ...EDUCATION, ...EMPLOYMENT, SCHEME, PURPOSE].find((d) => d.path === path);
  return def?.label ?? null;
}
