// The cooperative world's terms as registration names them (catalogue/domain/cooperative_terms),
// with the labels a person reads in each language.
import { lang } from "./i18n";

type Labels = Record<string, [string, string]>;

export const ROLES: Labels = {
  pengurus: ["Pengurus", "Manager (board member)"],
  pengawas: ["Pengawas", "Supervisor"],
  karyawan: ["Karyawan/Pengelola", "Staff"],
};

export const GROUPS: Labels = {
  ketua: ["Ketua", "Chair"],
  bendahara: ["Bendahara", "Treasurer"],
  juru_tulis: ["Juru Tulis/Sekretaris", "Clerk"],
  kasir: ["Kasir", "Cashier"],
  kepala_bagian_pinjaman: ["Kepala Bagian Pinjaman", "Head of lending"],
  kepala_bagian_pembiayaan: ["Kepala Bagian Pembiayaan Syariah", "Head of sharia financing"],
  manajer: ["Manajer", "Manager"],
  pengawas: ["Pengawas", "Supervisor"],
  account_officer: ["Account Officer", "Account officer"],
};

export const LEVELS: Labels = Object.fromEntries(
  ["SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3"].map((l) => [l, [l, l]]),
);

export function options(labels: Labels): [string, string][] {
  const index = lang.get() === "en" ? 1 : 0;
  return Object.entries(labels).map(([value, pair]) => [value, pair[index]]);
}

export const labelOf = (labels: Labels, value: string | undefined): string | undefined =>
  value === undefined ? undefined : labels[value]?.[lang.get() === "en" ? 1 : 0] ?? value;
