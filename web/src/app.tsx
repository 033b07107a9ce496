// The shell: the header (language switch, connection state) and the screen for who is signed
// in: sign-in, then registration by NIK once, then profile, APL-01, status, the exams and
// the certificates.
import { useEffect, useState } from "preact/hooks";
import { lang, setLang, t } from "./i18n";
import { ExamList } from "./exam/ExamList";
import { ExamScreen } from "./exam/ExamScreen";
import { CertificateList } from "./certificate/CertificateList";
import { CertificateScreen } from "./certificate/CertificateScreen";
import { route, routedAttempt, routedCertificate } from "./router";
import { Apl01 } from "./screens/Apl01";
import { Profile } from "./screens/Profile";
import { Register } from "./screens/Register";
import { SignIn } from "./screens/SignIn";
import { Status } from "./screens/Status";
import { session } from "./session";
import { useValue } from "./signal";

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

export function App() {
  const current = useValue(lang); // re-render every screen when the language changes
  const me = useValue(session);
  const screen = useValue(route);
  const online = useOnline();
  let body;
  if (!me) body = <SignIn />;
  else if (!me.candidate_id) body = <Register me={me} />;
  else if (screen === "apl01") body = <Apl01 me={me} />;
  else if (screen === "status") body = <Status me={me} />;
  else if (screen === "exams") body = <ExamList me={me} />;
  else if (screen === "exam") body = <ExamScreen key={routedAttempt()} attemptId={routedAttempt()!} />;
  else if (screen === "certificates") body = <CertificateList me={me} />;
  else if (screen === "certificate") body = <CertificateScreen key={routedCertificate()} me={me} certificateId={routedCertificate()!} />;
  else body = <Profile me={me} />;
  return (
    <>
      {/* Focus moves without touching the hash: the hash is the screen (router.ts). */}
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        {t("skip")}
      </a>
      <header>
        <div>
          <p class="brand">{t("app")}</p>
          <p class="tagline">{t("tagline")}</p>
        </div>
        <button type="button" class="lang" lang={current === "en" ? "id" : "en"} aria-label={t("switchLangLabel")}
          onClick={() => setLang(current === "en" ? "id" : "en")}>
          {t("switchLang")}
        </button>
      </header>
      <p id="connection" class={online ? "online" : "offline"} role="status" data-online={online ? "yes" : "no"}>
        {online ? t("online") : t("offline")}
      </p>
      <main id="main" tabIndex={-1}>{body}</main>
    </>
  );
}
