// Cohort imports: the API's shape, and the imports this staff member uploaded from this browser
// (registration answers an import only to whoever uploaded it; it has no list of them), kept in
// localStorage per account so the list survives a reload and a new sign-in.
import { session } from "./session";

export interface RowError {
  row: number;
  field: string;
  reason: string;
  reason_en: string;
}

export interface CohortImport {
  import_id: string;
  state: "prepared" | "running" | "done" | "failed" | "interrupted";
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  processed: number;
  registered: number;
  skipped: number;
  failure: string | null;
  errors: RowError[];
  preview: Record<string, string | number>[];
}

export interface Uploaded {
  import_id: string;
  file_name: string;
  uploaded_at: string;
}

const key = () => `kompeten.console.imports.${session.get()?.account_id ?? "-"}`;

export function uploadedHere(): Uploaded[] {
  try {
    return JSON.parse(localStorage.getItem(key()) ?? "[]") as Uploaded[];
  } catch {
    return [];
  }
}

export function remember(found: Uploaded): void {
  const others = uploadedHere().filter((u) => u.import_id !== found.import_id);
  localStorage.setItem(key(), JSON.stringify([found, ...others].slice(0, 50)));
}

export const fileNameOf = (importId: string): string | null =>
  uploadedHere().find((u) => u.import_id === importId)?.file_name ?? null;
