// Certificate's records an LSP keeps beside its decisions: a session's signed decision document
// (berita acara / SK pleno: its versions, each one's PDF, and a check of a signed file), the
// register's certificates of a session, and the national authority's blanko numbers imported
// from its XLSX (a dry run first, then the same file again to attach them).
import { call, download, upload } from "./api";

const CERT = "certificate" as const;

export interface DecisionDocument {
  session_id: string;
  version: number;
  sha256: string;
  kid: string;
  competent: number;
  not_yet_competent: number;
  generated_at: string;
}

export interface DocumentCheck {
  signature_valid: boolean;
  on_record: boolean;
  kid: string | null;
  session_id: string | null;
  version: number | null;
  latest_version: number | null;
}

export interface Registered {
  certificate_id: string;
  attempt_id: string;
  number: string;
  blanko_number: string | null;
}

export interface BlankoRow {
  row: number;
  nomor_sertifikat: string;
  nomor_blanko: string;
  outcome: "attach" | "unchanged";
}

export interface BlankoImport {
  import_id: string;
  dry_run: boolean;
  attached: number;
  unchanged: number;
  rows: BlankoRow[];
}

const documentOf = (sessionId: string) => `/sessions/${sessionId}/decision-document`;
export const documentVersions = (sessionId: string) => call<DecisionDocument[]>("GET", documentOf(sessionId), undefined, CERT);
export const generateDocument = (sessionId: string) => call<DecisionDocument>("POST", documentOf(sessionId), undefined, CERT);
export const documentPdf = (sessionId: string, version: number) => download(`${documentOf(sessionId)}/versions/${version}.pdf`, CERT);
export const checkDocument = (file: File) => upload<DocumentCheck>("/decision-documents/checks", "file", file, CERT);
// The key ids the service publishes (GET /keys, public): a file signed with another key is
// refused for its key, not for its content.
export const publishedKids = async () => (await call<{ keys: { kid: string }[] }>("GET", "/keys", undefined, CERT)).keys.map((k) => k.kid);
export const registered = (sessionId: string) => call<Registered[]>("GET", `/certificates?limit=2000&session_id=${sessionId}`, undefined, CERT);
export const importBlanko = (file: File, dryRun: boolean) => upload<BlankoImport>(`/blanko-imports?dry_run=${dryRun}`, "file", file, CERT);
