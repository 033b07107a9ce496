// Pieces every screen shares: the heading (focused when a screen opens, so a screen reader says
// where the person is), status lines, data loading with its states, and dates as people read them.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, Unreachable } from "./api";
import { lang, reasonOf, t } from "./i18n";

export function Heading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Notice({ children, kind = "info" }: { children: ComponentChildren; kind?: "info" | "error" | "ok" }) {
  return (
    <p class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}

export function explain(error: unknown): string {
  if (error instanceof Unreachable) return t("unreachable");
  if (error instanceof ApiError && error.problems.length) {
    return error.problems.map((p) => `${p.field}: ${reasonOf(p)}`).join("; ");
  }
  if (error instanceof ApiError && error.status === 403) return t("forbidden");
  if (error instanceof ApiError && error.status === 404) return t("notFound");
  return t("loadFailed");
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

// Loads on mount and whenever `keys` change; `reload()` loads again (after a decision, on a poll).
export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((found) => live && (setData(found), setError(null)))
      .catch((e) => live && setError(explain(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...keys, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function Loading<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (state.data !== null) return <>{children(state.data)}</>;
  if (state.error) {
    return (
      <div>
        <Notice kind="error">{state.error}</Notice>
        <button type="button" class="secondary" onClick={state.reload}>{t("retry")}</button>
      </div>
    );
  }
  return <p class="hint" role="status">{t("loading")}</p>;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString(lang.get() === "en" ? "en-GB" : "id-ID", {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

export const number = (n: number): string => n.toLocaleString(lang.get() === "en" ? "en-GB" : "id-ID");
