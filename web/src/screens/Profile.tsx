// The candidate's own profile: who registration knows them as, where they work (from the
// district's cohort file when the operator imported them), and the way to their application.
import { useEffect, useState } from "preact/hooks";
import { cached } from "../cache";
import { t } from "../i18n";
import { Profile as Data, loadProfile, maskedNik } from "../profile";
import { href } from "../router";
import { Session, signOut } from "../session";
import { GROUPS, ROLES, labelOf } from "../terms";
import { Heading, Notice } from "../ui";
import { explain } from "./SignIn";

export function Profile({ me }: { me: Session }) {
  const [profile, setProfile] = useState<Data | null>(null);
  const [cooperative, setCooperative] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadProfile(me.candidate_id!)
      .then(async (found) => {
        setProfile(found);
        const works = found.affiliation;
        if (works) {
          const coop = await cached<{ name: string }>(`cooperative:${works.cooperative_id}`, `/cooperatives/${works.cooperative_id}`);
          setCooperative(coop.name);
        }
      })
      .catch((e) => setError(explain(e)));
  }, [me.candidate_id]);

  // The rows are laid out before the profile arrives ("…" in each), so nothing below them (the
  // actions) jumps when it does: Lighthouse counted that shift (CLS 0.26) on a slow phone.
  const value = (known: () => string) => (profile ? known() : "…");
  const rows: [string, string][] = [
    [t("fullName"), value(() => profile!.full_name)],
    [t("nik"), value(() => maskedNik(profile!.nik))],
    [t("email"), value(() => profile!.email)],
    [t("districtCode"), value(() => profile!.district_code)],
    [t("cooperative"), value(() => cooperative ?? t("notKnownYet"))],
    [t("role"), value(() => labelOf(ROLES, profile!.affiliation?.role) ?? t("notKnownYet"))],
    [t("occupationalGroup"), value(() => labelOf(GROUPS, profile!.affiliation?.occupational_group) ?? t("notKnownYet"))],
  ];
  return (
    <section>
      <Heading>{t("profileTitle")}</Heading>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {profile || !error ? (
        <dl class="facts" aria-busy={profile ? "false" : "true"}>
          {rows.map(([label, shown]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{shown}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <nav class="actions" aria-label={t("profileTitle")}>
        <a class="button" href={href("apl01")}>{t("toApplication")}</a>
        <a class="button secondary" href={href("status")}>{t("toStatus")}</a>
        <a class="button secondary" href={href("exams")}>{t("toExams")}</a>
        <a class="button secondary" href={href("certificates")}>{t("toCertificates")}</a>
        <button type="button" class="link" onClick={() => void signOut()}>{t("signOut")}</button>
      </nav>
    </section>
  );
}
