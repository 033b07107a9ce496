// Times as the candidate reads them: a session's start in their language, the countdown as
// h:mm:ss (or mm:ss under an hour).
import { lang } from "../i18n";

export const when = (iso: string) =>
  new Date(iso).toLocaleString(lang.get() === "en" ? "en-GB" : "id-ID", { dateStyle: "medium", timeStyle: "short" });

export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
