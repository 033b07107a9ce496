// The services' APIs through the one origin's reverse proxy (/api/<service>/), with the
// signed-in staff member's token. A 401 (expired or ended session) signs the console out.
import { session, signOut } from "./session";

export type Service = "registration" | "assessment" | "certificate";

export interface Problem {
  field: string;
  reason: string;
  reason_en?: string;
  row?: number; // a file's row, when an upload's rows are refused one by one
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => `${p.field}: ${p.reason_en ?? p.reason}`).join("; ") || `HTTP ${status}`);
  }
}

// No answer at all: the network or the proxy is down.
export class Unreachable extends Error {}

async function send(service: Service, method: string, path: string, body?: BodyInit, type?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (type) headers["Content-Type"] = type;
  let response: Response;
  try {
    response = await fetch(`/api/${service}${path}`, { method, headers, body, cache: "no-store" });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as { errors?: Problem[] } | null;
    if (response.status === 401 && token) signOut();
    throw new ApiError(response.status, parsed?.errors ?? []);
  }
  return response;
}

export async function call<T>(method: string, path: string, body?: unknown, service: Service = "registration"): Promise<T> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  const response = await send(service, method, path, json, json === undefined ? undefined : "application/json");
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

export async function upload<T>(path: string, field: string, file: File, service: Service = "registration"): Promise<T> {
  const form = new FormData();
  form.append(field, file, file.name);
  const response = await send(service, "POST", path, form);
  return (await response.json()) as T;
}

export async function download(path: string, service: Service = "registration"): Promise<Blob> {
  return (await send(service, "GET", path)).blob();
}

// A file fetched with the staff's token handed to the browser as a download of its own.
export function saveAs(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // the browser has taken the file by then
}

// A fresh id per submission: the server applies a retry with the same id once.
export const newClientId = (): string => crypto.randomUUID();
