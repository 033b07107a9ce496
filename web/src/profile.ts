// The candidate's profile as registration answers GET /candidates/me (cached for offline use).
import { cached } from "./cache";

export interface Profile {
  candidate_id: string;
  district_code: string;
  full_name: string;
  nik: string;
  email: string;
  erased: boolean;
  affiliation: { cooperative_id: string; role: string; occupational_group: string } | null;
}

export const loadProfile = (candidateId: string) => cached<Profile>(`profile:${candidateId}`, "/candidates/me");

// On screen the NIK shows its last four digits only: a phone is read over shoulders.
export const maskedNik = (nik: string) => `•••• •••• •••• ${nik.slice(-4)}`;
