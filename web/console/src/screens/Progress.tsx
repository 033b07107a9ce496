// Progress at a glance: every district the person may see, each as one bar of where its people
// stand (registered, applied, waiting, returned, accepted, rejected); a district opens to its
// cooperatives and schemes. Registration's progress view follows its log, so a refresh shows
// the latest.
import { useState } from "preact/hooks";
import { call } from "../api";
import { Columns, type Counts, Legend, StageBar, applied, describe, people } from "../charts";
import { t } from "../i18n";
import { href } from "../router";
import { Heading, Loading, number, useLoad } from "../ui";

interface District extends Counts {
  district_code: string;
}

interface Cooperative extends Counts {
  cooperative_id: string;
  name: string | null;
}

interface Scheme extends Counts {
  scheme_code: string;
}

const percent = (part: number, whole: number) => (whole ? Math.round((100 * part) / whole) : 0);

export function Progress() {
  const state = useLoad(() => call<District[]>("GET", "/progress/districts"), []);
  return (
    <section>
      <Heading>{t("progressTitle")}</Heading>
      <p class="hint">{t("progressIntro")}</p>
      <Legend />
      <Loading state={state}>
        {(districts) => {
          if (!districts.length) return <p class="empty">{t("noProgress")}</p>;
          const most = Math.max(1, ...districts.map(people));
          return (
            <ul class="districts" id="districts">
              {districts.map((d) => (
                <li key={d.district_code} class="card" data-district={d.district_code}>
                  <h2><a href={href("district", d.district_code)}>{t("districtNamed", { code: d.district_code })}</a></h2>
                  <Headline counts={d} />
                  <StageBar counts={d} scale={people(d) / most} height={24}
                    label={t("chartOf", { what: t("districtNamed", { code: d.district_code }), summary: describe(d) })} />
                </li>
              ))}
            </ul>
          );
        }}
      </Loading>
    </section>
  );
}

function Headline({ counts }: { counts: Counts }) {
  const everyone = people(counts);
  return (
    <dl class="counts small">
      <div><dt>{t("registered")}</dt><dd>{number(counts.registered)}</dd></div>
      <div><dt>{t("appliedShare")}</dt><dd>{number(applied(counts))} <span class="hint">({percent(applied(counts), everyone)}%)</span></dd></div>
      <div class="ok"><dt>{t("stage_accepted")}</dt><dd>{number(counts.accepted)} <span class="hint">({percent(counts.accepted, everyone)}%)</span></dd></div>
      <div><dt>{t("stage_submitted")}</dt><dd>{number(counts.submitted)}</dd></div>
      <div class="warn"><dt>{t("stage_returned")}</dt><dd>{number(counts.returned)}</dd></div>
    </dl>
  );
}

type Order = "name" | "behind";

export function DistrictProgress({ code }: { code: string }) {
  const total = useLoad(() => call<District>("GET", `/progress/districts/${code}`), [code]);
  const cooperatives = useLoad(() => call<Cooperative[]>("GET", `/progress/districts/${code}/cooperatives`), [code]);
  const schemes = useLoad(() => call<Scheme[]>("GET", `/progress/districts/${code}/schemes`), [code]);
  const [order, setOrder] = useState<Order>("name");
  return (
    <section>
      <p><a href={href("progress")}>← {t("allDistricts")}</a></p>
      <Heading>{t("districtNamed", { code })}</Heading>
      <Loading state={total}>
        {(d) => (
          <div class="card">
            <Headline counts={d} />
            <StageBar counts={d} height={32} label={t("chartOf", { what: t("districtNamed", { code }), summary: describe(d) })} />
            <Legend />
          </div>
        )}
      </Loading>
      <h2>{t("bySchemes")}</h2>
      <Loading state={schemes}>
        {(rows) => rows.length ? (
          <Breakdown id="schemes" perApplication
            items={rows.map((s) => ({ key: s.scheme_code, name: s.scheme_code, counts: { ...s, registered: applied(s) } }))} />
        ) : <p class="empty">{t("noApplications")}</p>}
      </Loading>
      <div class="heading-row">
        <h2>{t("byCooperatives")}</h2>
        <div class="field inline">
          <label for="order">{t("orderBy")}</label>
          <select id="order" value={order} onChange={(e) => setOrder(e.currentTarget.value as Order)}>
            <option value="name">{t("orderName")}</option>
            <option value="behind">{t("orderBehind")}</option>
          </select>
        </div>
      </div>
      <Loading state={cooperatives}>
        {(rows) => {
          if (!rows.length) return <p class="empty">{t("noCooperatives")}</p>;
          const items = rows.map((c) => ({ key: c.cooperative_id, name: c.name ?? c.cooperative_id.slice(0, 8), counts: c }));
          if (order === "behind") items.sort((a, b) => share(a.counts) - share(b.counts));
          return (
            <>
              <Columns items={items} />
              <Breakdown id="cooperatives" items={items} />
            </>
          );
        }}
      </Loading>
    </section>
  );
}

const share = (c: Counts) => (people(c) ? c.accepted / people(c) : 0);

// perApplication: rows that count applications only (a scheme is chosen when applying).
function Breakdown({ id, items, perApplication = false }: { id: string; items: { key: string; name: string; counts: Counts }[]; perApplication?: boolean }) {
  const most = Math.max(1, ...items.map((i) => people(i.counts)));
  return (
    <table class="data breakdown" id={id}>
      <thead>
        <tr>
          <th scope="col">{t("name")}</th>
          <th scope="col" class="num">{t("registered")}</th>
          <th scope="col" class="num">{t("stage_submitted")}</th>
          <th scope="col" class="num">{t("stage_returned")}</th>
          <th scope="col" class="num">{t("stage_accepted")}</th>
          <th scope="col" class="num">{t("stage_rejected")}</th>
          <th scope="col" class="chart-col">{t("chart")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map(({ key, name, counts }) => (
          <tr key={key}>
            <th scope="row">{name}</th>
            <td class="num">{perApplication ? "–" : number(counts.registered)}</td>
            <td class="num">{number(counts.submitted)}</td>
            <td class="num">{number(counts.returned)}</td>
            <td class="num">{number(counts.accepted)}</td>
            <td class="num">{number(counts.rejected)}</td>
            <td class="chart-col"><StageBar counts={counts} scale={people(counts) / most} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
