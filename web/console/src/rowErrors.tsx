// A file's refused rows as one table: the row as the spreadsheet numbers it, the column, and the
// reason in the person's language (with the English beside the Bahasa Indonesia when asked).
// The cohort import's dry-run report and the blanko import share it.
import { lang, reasonOf, t } from "./i18n";

export interface RowProblem {
  row?: number;
  field: string;
  reason: string;
  reason_en?: string;
}

interface Props {
  errors: RowProblem[];
  labelledBy: string;
  column?: (field: string) => string; // how the field is named in the column cell
  withEnglish?: boolean;
}

export function RowErrorTable({ errors, labelledBy, column = (f) => f, withEnglish = false }: Props) {
  return (
    <table class="data" id="row-errors" aria-labelledby={labelledBy}>
      <thead>
        <tr><th scope="col" class="num">{t("row")}</th><th scope="col">{t("column")}</th><th scope="col">{t("problem")}</th></tr>
      </thead>
      <tbody>
        {errors.map((e) => (
          <tr key={`${e.row}|${e.field}`} data-row={e.row}>
            <td class="num">{e.row ?? "–"}</td>
            <td><code>{column(e.field)}</code></td>
            <td>
              {reasonOf(e)}
              {withEnglish && lang.get() === "id" && e.reason_en ? <div class="hint" lang="en">{e.reason_en}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
