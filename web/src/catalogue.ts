// What APL-01 offers to choose from: published schemes (their units and elements for APL-02)
// and the cooperatives of the candidate's district. Cached, so the form opens offline too.
import { cached } from "./cache";
import type { Element } from "./form/apl01";

export interface SchemeSummary {
  scheme_code: string;
  version: number;
  title: string;
  occupational_groups: string[];
}

interface SchemeVersion {
  units: { code: string; title: string; elements: { code: string; title: string }[] }[];
}

export interface Cooperative {
  cooperative_id: string;
  name: string;
  kind_label: string;
}

export const loadSchemes = () => cached<SchemeSummary[]>("schemes", "/schemes");

export const loadCooperatives = (district: string) =>
  cached<Cooperative[]>(`cooperatives:${district}`, `/cooperatives?district_code=${district}&limit=500`);

export async function loadElements(choice: string): Promise<Element[]> {
  const [code, version] = choice.split("@");
  const found = await cached<SchemeVersion>(`scheme:${choice}`, `/schemes/${encodeURIComponent(code)}/versions/${version}`);
  return found.units.flatMap((unit) =>
    unit.elements.map((element) => ({ unit: unit.code, unitTitle: unit.title, code: element.code, title: element.title })),
  );
}
