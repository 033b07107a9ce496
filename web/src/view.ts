// The application as registration shows it to its candidate (GET /applications/{id}).
import { cached } from "./cache";

export interface ApplicationView {
  application_id: string;
  status: string;
  submissions: number;
  returned: { at: string; reasons: { field: string; reason: string }[] } | null;
  decision: { outcome: "accepted" | "rejected"; at: string; reason?: string } | null;
}

export const loadView = (candidateId: string, applicationId: string) =>
  cached<ApplicationView>(`view:${candidateId}`, `/applications/${applicationId}`);
