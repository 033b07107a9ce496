// The services' APIs through the one origin's reverse proxy (/api/<service>/), with the signed-in
// assessor's token. "Unreachable" (no signal, the proxy down) and 5xx are worth sending again
// unchanged; a 4xx is the server's answer and is shown to the assessor.
import { session } from "./session";

export interface Problem {
  field: string;
  reason: string;
  reason_en?: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason_en ?? p.reason}`).join("; ") || `HTTP ${status}`);
  }
}

export class Unreachable extends Error {}

export const transient = (error: unknown): boolean =>
  error instanceof Unreachable || (error instanceof ApiError && (error.status >= 500 || error.status === 429 || error.status === 408));

export async function call<T>(method: string, path: string, body?: unknown, service = "assessment"): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const form = body instanceof FormData; // a file upload: the browser sets its multipart type
  if (body !== undefined && !form) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`/api/${service}${path}`, {
      method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body), cache: "no-store",
    });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw new ApiError(response.status, (parsed as { errors?: Problem[] } | null)?.errors ?? []);
  return parsed as T;
}

// A file the service keeps (an evidence photo), as a Blob under its served type.
export async function fetchFile(path: string, service = "assessment"): Promise<Blob> {
  const token = session.get()?.token;
  let response: Response;
  try {
    response = await fetch(`/api/${service}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  if (!response.ok) throw new ApiError(response.status, []);
  return response.blob();
}
