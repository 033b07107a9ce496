// Pieces every screen shares: the heading that takes focus when a screen opens (a screen reader
// says where the assessor is), status lines, and times as people read them.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { ApiError, Unreachable } from "./api";
import { lang, reasonOf, t } from "./i18n";

export function Heading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return <h1 tabIndex={-1} ref={ref}>{children}</h1>;
}

export function Notice({ children, kind = "info", id }: { children: ComponentChildren; kind?: "info" | "error" | "ok" | "warn"; id?: string }) {
  return <p id={id} class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>{children}</p>;
}

export function explain(error: unknown): string {
  if (error instanceof Unreachable) return t("unreachable");
  if (error instanceof ApiError && error.problems.length) return error.problems.map((p) => `${p.field}: ${reasonOf(p)}`).join("; ");
  return t("loadFailed");
}

const locale = () => (lang.get() === "en" ? "en-GB" : "id-ID");

export function when(iso: string | null | undefined): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
}

export function clock(iso: string | null | undefined): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

// Candidates are shown by their number in the session and the start of their id: assessment
// does not hold names (they reach the roster sealed, issue 11, not yet built).
export const shortId = (id: string) => id.slice(0, 8);
