// Server data the screens need offline (profile, schemes, cooperatives): fetched when there is
// signal, kept in IndexedDB, and answered from there when there is none.
import { call, isTransient } from "./api";
import * as db from "./db";

export async function cached<T>(key: string, path: string): Promise<T> {
  try {
    const fresh = await call<T>("GET", path);
    await db.put(`cache:${key}`, fresh);
    return fresh;
  } catch (error) {
    const kept = await db.get<T>(`cache:${key}`);
    if (kept !== undefined && isTransient(error)) return kept;
    throw error;
  }
}
