// One certificate. Awaiting the holder's agreement: its text (Bahasa Indonesia first, English
// a tap away) and the signature, kept in the outbox and sent when there is signal (one item
// per certificate; the server records a signature once). Released: the PDF to download, the
// public verification link to open, share (navigator.share) or copy, and the QR code.
import { useEffect, useState } from "preact/hooks";
import { ApiError, Problem } from "../api";
import { t } from "../i18n";
import { enqueue, outbox } from "../outbox";
import { href } from "../router";
import { Session } from "../session";
import { useValue } from "../signal";
import { Heading, Notice } from "../ui";
import { explain } from "../screens/SignIn";
import { Agreement, OwnCertificate, dataUrl, listCertificates, loadAgreement, ownFile, verificationUrl } from "./api";
import { statusText } from "./CertificateList";

const RELEASE_POLL_MS = 2_000;
const itemId = (certificateId: string) => `agreement:${certificateId}`;

export function CertificateScreen({ me, certificateId }: { me: Session; certificateId: string }) {
  const [found, setFound] = useState<OwnCertificate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const queue = useValue(outbox);
  const waiting = queue.waiting.some((item) => item.id === itemId(certificateId));
  const refused = queue.failed.find((item) => item.id === itemId(certificateId));

  const load = () =>
    listCertificates(me.candidate_id!)
      .then((list) => {
        const mine = list.find((c) => c.certificate_id === certificateId) ?? null;
        setFound(mine);
        setError(mine ? null : t("loadFailed"));
        return mine;
      })
      .catch((e) => {
        setError(explain(e));
        return null;
      });

  useEffect(() => void load(), [certificateId]);
  // Signed and sent: read the certificate again until it shows released.
  const [signed, setSigned] = useState(false);
  useEffect(() => {
    if (!signed || waiting || found?.released_at) return;
    const timer = window.setTimeout(() => void load(), RELEASE_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [signed, waiting, found]);

  return (
    <section>
      <Heading>{found ? t("certificateTitle", { number: found.number }) : t("certificatesTitle")}</Heading>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {found ? (
        <dl class="facts">
          <div>
            <dt>{t("certificateStatus")}</dt>
            <dd data-status={found.status}>{statusText(found.status)}</dd>
          </div>
          <div>
            <dt>{t("certificateScheme")}</dt>
            <dd>{found.scheme_code}</dd>
          </div>
          <div>
            <dt>{t("certificateNumber")}</dt>
            <dd>{found.number}</dd>
          </div>
          <div>
            <dt>{t("certificateIssued")}</dt>
            <dd>{found.issued_on}</dd>
          </div>
          <div>
            <dt>{t("certificateValidUntil")}</dt>
            <dd>{found.valid_until}</dd>
          </div>
        </dl>
      ) : null}
      {found && !found.released_at ? (
        waiting || signed ? (
          <Notice>{waiting ? t("agreementQueued") : t("agreementSent")}</Notice>
        ) : (
          <AgreementForm certificateId={certificateId} refused={refused?.failed} onSigned={() => setSigned(true)} me={me} />
        )
      ) : null}
      {found?.released_at ? <Released certificate={found} /> : null}
      <nav class="actions" aria-label={t("certificatesTitle")}>
        <a class="button secondary" href={href("certificates")}>{t("back")}</a>
      </nav>
    </section>
  );
}

function AgreementForm(props: {
  me: Session;
  certificateId: string;
  refused?: Problem[];
  onSigned: () => void;
}) {
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const [english, setEnglish] = useState(false);
  const [agree, setAgree] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadAgreement(props.certificateId).then(setAgreement, (e) => setError(explain(e)));
  }, [props.certificateId]);

  async function sign(event: Event) {
    event.preventDefault();
    if (!agreement || !agree) return;
    await enqueue({
      id: itemId(props.certificateId),
      kind: "agreement",
      candidate_id: props.me.candidate_id!,
      created: Date.now(),
      body: { certificate_id: props.certificateId, agreement_version: agreement.agreement_version },
    });
    props.onSigned();
  }

  const terms = agreement ? (english ? agreement.terms_en : agreement.terms_id) : [];
  return (
    <form class="agreement" onSubmit={(e) => void sign(e)} aria-labelledby="agreement-title">
      <h2 id="agreement-title">{t("agreementTitle")}</h2>
      <p>{t("agreementIntro")}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {props.refused ? <Notice kind="error">{explain(new ApiError(409, props.refused))}</Notice> : null}
      <div class="terms" lang={english ? "en" : "id"} data-lang={english ? "en" : "id"}>
        {terms.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <button type="button" class="link" aria-pressed={english} onClick={() => setEnglish(!english)}>
        {english ? t("agreementOwnLang") : t("agreementOtherLang")}
      </button>
      <label class="check">
        <input type="checkbox" checked={agree} onChange={(e) => setAgree((e.target as HTMLInputElement).checked)} />
        {t("agreeBox")}
      </label>
      <button type="submit" disabled={!agreement || !agree}>{t("signAgreement")}</button>
    </form>
  );
}

function Released({ certificate }: { certificate: OwnCertificate }) {
  const url = verificationUrl(certificate.token);
  const [qr, setQr] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ownFile(certificate.certificate_id, "qr.png").then(dataUrl).then(setQr, (e) => setNote(explain(e)));
  }, [certificate.certificate_id]);

  async function download() {
    setBusy(true);
    try {
      const blob = URL.createObjectURL(await ownFile(certificate.certificate_id, "certificate.pdf"));
      const link = document.createElement("a");
      link.href = blob;
      link.download = `sertifikat-${certificate.number.replace(/[^\w.-]+/g, "-")}.pdf`;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(blob), 60_000);
    } catch (e) {
      setNote(explain(e));
    } finally {
      setBusy(false);
    }
  }

  async function share() {
    if (navigator.share) {
      await navigator.share({ title: certificate.number, text: t("shareText"), url }).catch(() => undefined);
      return;
    }
    try {
      await navigator.clipboard.writeText(url);
      setNote(t("copied"));
    } catch {
      setNote(url);
    }
  }

  return (
    <div class="released">
      <Notice>{t("certificateReleased")}</Notice>
      <button type="button" onClick={() => void download()} disabled={busy}>
        {busy ? t("downloading") : t("downloadPdf")}
      </button>
      <h2>{t("verificationLink")}</h2>
      <p>{t("verificationHelp")}</p>
      <p class="verify-url">
        <a href={url} target="_blank" rel="noopener" data-verification>
          {t("openVerification")}
        </a>
      </p>
      <p class="verify-url"><code>{url}</code></p>
      <button type="button" class="secondary" onClick={() => void share()}>
        {"share" in navigator ? t("share") : t("copy")}
      </button>
      {note ? <p role="status">{note}</p> : null}
      {qr ? <img class="qr" src={qr} width={240} height={240} alt={t("qrAlt", { number: certificate.number })} /> : null}
    </div>
  );
}
