// The assessor app's shell: the header (who is signed in, language, sign out), the connection
// and sync bar always in view, and the screen the hash names.
import { useValue } from "../../src/signal";
import { lang, setLang, t } from "./i18n";
import { route } from "./router";
import { Candidate } from "./screens/Candidate";
import { Session } from "./screens/Session";
import { Sessions } from "./screens/Sessions";
import { SignIn } from "./screens/SignIn";
import { expired, session, signOut } from "./session";
import { kick, sync } from "./sync";
import { clock } from "./ui";

function SyncBar() {
  const state = useValue(sync);
  const waiting = state.records + state.photos + state.items.length;
  const refusedItems = state.items.filter((i) => i.problems).length;
  return (
    <div id="sync" class={state.online ? "online" : "offline"} data-online={state.online ? "yes" : "no"}>
      <p id="connection" role="status">{state.online ? t("online") : t("offline")}</p>
      <p id="sync-pending" data-count={state.records} data-photos={state.photos} data-items={state.items.length}
        data-last={state.last ?? ""} role="status">
        {[
          state.sending ? t("syncSending") : "",
          state.records ? t("syncWaiting", { n: state.records }) : "",
          state.photos ? t("syncPhotos", { n: state.photos }) : "",
          state.items.length ? t("syncItems", { n: state.items.length }) : "",
          !waiting ? `${t("syncAllSent")}${state.last ? ` (${t("lastSync", { time: clock(state.last) })})` : ""}` : "",
          state.refused + refusedItems ? t("syncRefused", { n: state.refused + refusedItems }) : "",
        ].filter(Boolean).join(" · ")}
      </p>
      <button type="button" class="quiet" disabled={!state.online || state.sending} onClick={() => void kick()}>
        {t("syncNow")}
      </button>
    </div>
  );
}

export function App() {
  const current = useValue(lang);
  const me = useValue(session);
  const where = useValue(route);
  const signedIn = me && !expired(me);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>{t("skip")}</a>
      <header>
        <p class="brand">{t("app")} <span>{t("appName")}</span></p>
        <div class="who">
          {me ? (
            <>
              <span id="signed-in">{me.email}</span>
              <button type="button" class="quiet" onClick={() => void signOut()}>{t("signOut")}</button>
            </>
          ) : null}
          <button type="button" class="quiet" lang={current === "en" ? "id" : "en"} aria-label={t("switchLangLabel")}
            onClick={() => setLang(current === "en" ? "id" : "en")}>
            {t("switchLang")}
          </button>
        </div>
      </header>
      {signedIn ? <SyncBar /> : null}
      <main id="main" tabIndex={-1} key={`${where.session}/${where.candidate}`}>
        {!signedIn ? (
          <SignIn expired={!!me} />
        ) : where.session && where.candidate ? (
          <Candidate sessionId={where.session} candidateId={where.candidate} />
        ) : where.session ? (
          <Session id={where.session} />
        ) : (
          <Sessions />
        )}
      </main>
    </>
  );
}
