// Server data the screens need offline (profile, schemes, cooperatives, the exams listed): fetched when there is
// signal, kept in IndexedDB, and answered from there when there is none.
import { REGISTRATION, isTransient, request } from "./api";
import * as db from "./db";

export async function cached<T>(key: string, path: string, base = REGISTRATION): Promise<T> {
  try {
    const fresh = await request<T>(base, "GET", path);
    await db.put(`cache:${key}`, fresh);
    return fresh;
  } catch (error) {
    const kept = await db.get<T>(`cache:${key}`);
    if (kept !== undefined && isTransient(error)) return kept;
    throw error;
  }
}
