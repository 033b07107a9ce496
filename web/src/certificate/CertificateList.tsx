// "Sertifikat saya": the candidate's certificates (kept for offline reading), each with its
// status, scheme, number and validity, and the way to open it.
import { useEffect, useState } from "preact/hooks";
import { Key, t } from "../i18n";
import { certificateHref, href } from "../router";
import { Session } from "../session";
import { Heading, Notice } from "../ui";
import { explain } from "../screens/SignIn";
import { OwnCertificate, listCertificates } from "./api";

export const statusText = (status: string) => t(`cert_${status}` as Key);

export function CertificateList({ me }: { me: Session }) {
  const [found, setFound] = useState<OwnCertificate[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    listCertificates(me.candidate_id!)
      .then((list) => {
        setFound(list);
        setError(null);
      })
      .catch((e) => setError(explain(e)));

  useEffect(() => void load(), [me.candidate_id]);

  return (
    <section>
      <Heading>{t("certificatesTitle")}</Heading>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {found && !found.length ? <p>{t("certificatesNone")}</p> : null}
      <ul class="exams">
        {(found ?? []).map((c) => (
          <li key={c.certificate_id} class="exam-card" data-certificate={c.certificate_id}>
            <h2>{c.scheme_code}</h2>
            <p>
              {t("certificateNumber")}: {c.number}
            </p>
            <p>{t("certificateValidity", { from: c.issued_on, until: c.valid_until })}</p>
            <p class={`badge cert-${c.status}`} data-status={c.status}>{statusText(c.status)}</p>
            <a class="button" href={certificateHref(c.certificate_id)} aria-label={`${t("openCertificate")} ${c.number}`}>
              {t("openCertificate")}
            </a>
          </li>
        ))}
      </ul>
      <nav class="actions" aria-label={t("certificatesTitle")}>
        <button type="button" class="secondary" onClick={() => void load()}>{t("refresh")}</button>
        <a class="button secondary" href={href("profile")}>{t("back")}</a>
      </nav>
    </section>
  );
}
