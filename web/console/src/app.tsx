// The console's shell: the header (who is signed in, language, sign out), the navigation for the
// person's role, and the screen the hash names. LSP admins verify applications, follow progress,
// plan, print and import the authority's blanko numbers; district operators import cohorts and
// follow their districts' progress; decision makers decide.
import { type Key, t, lang, setLang } from "./i18n";
import { type Screen, href, route } from "./router";
import { ImportReport } from "./screens/ImportReport";
import { Imports } from "./screens/Imports";
import { Application } from "./screens/Application";
import { BlankoImport } from "./screens/BlankoImport";
import { Planning } from "./screens/Planning";
import { DistrictProgress, Progress } from "./screens/Progress";
import { Decisions } from "./screens/Decisions";
import { PrintBatch, PrintBatches } from "./screens/PrintBatches";
import { Queue } from "./screens/Queue";
import { SessionDecisions } from "./screens/SessionDecisions";
import { Session } from "./screens/Session";
import { SignIn } from "./screens/SignIn";
import { type Staff, session, signOut } from "./session";
import { useValue } from "../../src/signal";

const NAV: Record<string, Screen[]> = {
  lsp_admin: ["queue", "imports", "progress", "planning", "decisions", "printing", "blanko"],
  district_operator: ["imports", "progress"],
  decision_maker: ["decisions"],
};
const NAV_LABEL: Partial<Record<Screen, Key>> = {
  queue: "navQueue",
  imports: "navImports",
  progress: "navProgress",
  planning: "navPlanning",
  decisions: "navDecisions",
  printing: "navPrinting",
  blanko: "navBlanko",
};
const ROLE_LABEL: Record<string, Key> = {
  lsp_admin: "role_lsp_admin",
  district_operator: "role_district_operator",
  decision_maker: "role_decision_maker",
};
// Which navigation entry a screen belongs to.
const SECTION: Record<Screen, Screen> = {
  queue: "queue",
  application: "queue",
  imports: "imports",
  import: "imports",
  progress: "progress",
  district: "progress",
  planning: "planning",
  session: "planning",
  decisions: "decisions",
  decision: "decisions",
  printing: "printing",
  batch: "printing",
  blanko: "blanko",
};

function screenFor(me: Staff, screen: Screen | null, id: string | null) {
  const allowed = NAV[me.role] ?? [];
  const wanted = screen && allowed.includes(SECTION[screen]) ? screen : allowed[0];
  switch (wanted) {
    case "queue":
      return <Queue />;
    case "application":
      return <Application id={id!} />;
    case "imports":
      return <Imports />;
    case "import":
      return <ImportReport id={id!} />;
    case "progress":
      return <Progress />;
    case "district":
      return <DistrictProgress code={id!} />;
    case "planning":
      return <Planning />;
    case "session":
      return <Session id={id!} />;
    case "decisions":
      return <Decisions />;
    case "decision":
      return <SessionDecisions id={id!} />;
    case "printing":
      return <PrintBatches />;
    case "batch":
      return <PrintBatch id={id!} />;
    case "blanko":
      return <BlankoImport />;
    default:
      return null;
  }
}

export function App() {
  const current = useValue(lang); // every screen re-renders when the language changes
  const me = useValue(session);
  const { screen, id } = useValue(route);
  const section = me ? SECTION[screen ?? (NAV[me.role] ?? [])[0] ?? "progress"] : null;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        {t("skip")}
      </a>
      <header>
        <p class="brand">{t("app")} <span>{t("consoleName")}</span></p>
        <div class="who">
          {me ? (
            <>
              <span id="signed-in" data-role={me.role}>
                {me.email} · {t(ROLE_LABEL[me.role] ?? "role_district_operator")}
                {me.districts.length ? ` · ${t("districtsOf", { codes: me.districts.join(", ") })}` : ""}
              </span>
              <button type="button" class="quiet" onClick={signOut}>{t("signOut")}</button>
            </>
          ) : null}
          <button type="button" class="quiet" lang={current === "en" ? "id" : "en"} aria-label={t("switchLangLabel")}
            onClick={() => setLang(current === "en" ? "id" : "en")}>
            {t("switchLang")}
          </button>
        </div>
      </header>
      <div class="layout">
        {me ? (
          <nav aria-label={t("navLabel")}>
            <ul>
              {(NAV[me.role] ?? []).map((s) => (
                <li key={s}>
                  <a href={href(s)} aria-current={section === s ? "page" : undefined}>{t(NAV_LABEL[s]!)}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="main" tabIndex={-1} key={`${screen}/${id}`}>
          {me ? screenFor(me, screen, id) : <SignIn />}
        </main>
      </div>
    </>
  );
}
