// One labelled control per field: its error is tied to it (aria-describedby) and announced.
import type { ComponentChildren, JSX } from "preact";
import { t } from "../i18n";
import type { FieldDef } from "./apl01";

export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

interface Props {
  def: FieldDef;
  value: string;
  error?: string;
  options?: [string, string][];
  onChange: (path: string, value: string) => void;
}

export function Field({ def, value, error, options, onChange }: Props) {
  const id = fieldId(def.path);
  const errorId = `${id}-error`;
  const common = {
    id,
    name: def.path,
    value,
    required: def.required,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": error ? errorId : undefined,
    autocomplete: def.autocomplete,
  };
  const set = (e: Event) => onChange(def.path, (e.currentTarget as HTMLInputElement).value);
  let control;
  if (def.kind === "select") {
    control = (
      <select {...common} onChange={set}>
        <option value="">{t("choose")}</option>
        {(options ?? []).map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    );
  } else if (def.kind === "textarea") {
    control = <textarea {...common} rows={3} onInput={set} />;
  } else {
    const numeric = def.kind === "digits" || def.kind === "year";
    // One element for every kind: Preact's typings split <input> by type, this picks at run time.
    const attrs = {
      ...common,
      type: numeric ? "text" : def.kind,
      inputMode: numeric ? "numeric" : def.kind === "tel" ? "tel" : undefined,
      maxLength: def.kind === "year" ? 4 : def.kind === "digits" ? 16 : undefined,
      onInput: set,
    } as JSX.IntrinsicElements["input"];
    control = <input {...attrs} />;
  }
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>
        {t(def.label)}
        {def.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {control}
      {error ? (
        <p class="error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <fieldset>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
