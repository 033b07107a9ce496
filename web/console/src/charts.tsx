// Charts drawn as SVG by this code (no chart library): where a district's or a cooperative's
// people stand, as one bar split by stage. Each chart says its numbers in words for screen
// readers (the bar's label), and each segment has a tooltip.
import { type Key, t } from "./i18n";
import { number } from "./ui";

export interface Counts {
  registered: number;
  submitted: number;
  returned: number;
  accepted: number;
  rejected: number;
}

export type Stage = "accepted" | "submitted" | "returned" | "rejected" | "notApplied";
export const STAGES: Stage[] = ["accepted", "submitted", "returned", "rejected", "notApplied"];
const LABEL: Record<Stage, Key> = {
  accepted: "stage_accepted",
  submitted: "stage_submitted",
  returned: "stage_returned",
  rejected: "stage_rejected",
  notApplied: "stage_notApplied",
};

export const applied = (c: Counts) => c.submitted + c.returned + c.accepted + c.rejected;

// Everyone counted once: registered people who have not applied yet, and applications by stage.
export function stages(c: Counts): Record<Stage, number> {
  return {
    accepted: c.accepted,
    submitted: c.submitted,
    returned: c.returned,
    rejected: c.rejected,
    notApplied: Math.max(0, c.registered - applied(c)),
  };
}

export const people = (c: Counts) => Math.max(c.registered, applied(c));

export function describe(c: Counts): string {
  const s = stages(c);
  return STAGES.filter((k) => s[k]).map((k) => `${t(LABEL[k])} ${number(s[k])}`).join(", ") || t("nobodyYet");
}

// One bar: its length is `scale` of the full width (1 = the whole chart), split by stage.
export function StageBar({ counts, scale = 1, height = 18, label }: { counts: Counts; scale?: number; height?: number; label?: string }) {
  const s = stages(counts);
  const total = STAGES.reduce((sum, k) => sum + s[k], 0);
  let x = 0;
  return (
    <svg class="bar" viewBox={`0 0 1000 ${height}`} preserveAspectRatio="none" height={height} width="100%"
      role={label ? "img" : undefined} aria-label={label} aria-hidden={label ? undefined : "true"} focusable="false">
      <rect class="track" x="0" y="0" width="1000" height={height} />
      {total
        ? STAGES.map((k) => {
            const width = (1000 * scale * s[k]) / total;
            const rect = (
              <rect key={k} class={`seg ${k}`} x={x} y="0" width={width} height={height}>
                <title>{`${t(LABEL[k])}: ${number(s[k])}`}</title>
              </rect>
            );
            x += width;
            return rect;
          })
        : null}
    </svg>
  );
}

export function Legend() {
  return (
    <ul class="legend" aria-hidden="true">
      {STAGES.map((k) => (
        <li key={k}><span class={`swatch ${k}`} />{t(LABEL[k])}</li>
      ))}
    </ul>
  );
}

// Bars side by side, one per item, scaled to the largest (a district's cooperatives, schemes).
export function Columns({ items }: { items: { name: string; counts: Counts }[] }) {
  const most = Math.max(1, ...items.map((i) => people(i.counts)));
  const width = Math.max(300, items.length * 28);
  const height = 160;
  return (
    <svg class="columns" viewBox={`0 0 ${width} ${height + 4}`} width="100%" height={height + 4} aria-hidden="true" focusable="false">
      {items.map((item, i) => {
        const s = stages(item.counts);
        let y = height;
        return (
          <g key={item.name} transform={`translate(${i * 28 + 4},0)`}>
            <title>{`${item.name}: ${describe(item.counts)}`}</title>
            {STAGES.map((k) => {
              const h = (height * s[k]) / most;
              y -= h;
              return <rect key={k} class={`seg ${k}`} x="0" y={y} width="20" height={h} />;
            })}
          </g>
        );
      })}
      <line class="axis" x1="0" x2={width} y1={height + 0.5} y2={height + 0.5} />
    </svg>
  );
}
