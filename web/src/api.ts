// The services' APIs through the one origin's reverse proxy (/api/<service>/ -> the service),
// with the token registration issued (every service of an installation checks it).
import { session } from "./session";

export const REGISTRATION = "/api/registration";
export const ASSESSMENT = "/api/assessment";
export const CERTIFICATE = "/api/certificate";

export interface Problem {
  field: string;
  reason: string;
  reason_en?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => `${p.field}: ${p.reason_en ?? p.reason}`).join("; ") || `HTTP ${status}`);
  }

  // Worth sending again later, unchanged: the server or the way to it is not answering now.
  get transient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

// No answer at all: no signal, or the request was cut. The same request may be sent again.
export class Unreachable extends Error {}

export const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
  request<T>(REGISTRATION, method, path, body);

export async function request<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  const text = await response.text();
  const parsed = text ? safeJson(text) : null;
  if (!response.ok) {
    const problems = (parsed as { errors?: Problem[] } | null)?.errors ?? [];
    throw new ApiError(response.status, problems);
  }
  return parsed as T;
}

// One file as multipart (the field `field`), with the token; errors as request() gives them.
export async function uploadFile<T>(base: string, path: string, field: string, file: Blob, name: string): Promise<T> {
  const form = new FormData();
  form.append(field, file, name);
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(base + path, { method: "POST", headers, body: form, cache: "no-store" });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  const parsed = safeJson(await response.text());
  if (!response.ok) throw new ApiError(response.status, (parsed as { errors?: Problem[] } | null)?.errors ?? []);
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const isTransient = (error: unknown): boolean =>
  error instanceof Unreachable || (error instanceof ApiError && error.transient);
