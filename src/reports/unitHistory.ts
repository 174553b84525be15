// One unit's figures over the last 12 months, month by month, for each form it reports (one round trip per form).
import type { FormDefinition } from "../domain/forms.ts";
import { formsForUnit, shortLabelOf } from "../domain/forms.ts";
import { twelveMonthsTo } from "./charts.ts";
import { capitalize, escapeHtml, exactValueText, formLabel, unitLabel, periodName } from "./format.ts";
import { tableColumns } from "./summaryText.ts";
import type { Reader, ReportEnv } from "./types.ts";

export async function unitHistoryText(
  env: ReportEnv,
  reader: Reader,
  unitId: string,
  forms: readonly FormDefinition[],
  dueMonth: string,
): Promise<string> {
  const { locale, t } = reader;
  const months = twelveMonthsTo(dueMonth);
  const ofUnit = formsForUnit([...forms], unitId);
  const histories = await Promise.all(ofUnit.map((form) => env.store.reports.getUnitHistory(form.id, unitId, months)));
  const lines = [
    t("reports-history-title", {
      unit: escapeHtml(unitLabel(env.region, unitId, locale)),
      from: periodName({ locale, t }, months[0]!),
      to: periodName({ locale, t }, dueMonth),
    }),
  ];
  ofUnit.forEach((form, i) => {
    const history = histories[i]!;
    const columns = tableColumns(form);
    lines.push("", `<b>${escapeHtml(formLabel(form, locale))}</b>`);
    lines.push(t("reports-table-columns", { columns: columns.map((figure, c) => `${"①②③④⑤"[c] ?? ""} ${escapeHtml(shortLabelOf(figure, locale))}`).join("; ") }));
    for (const month of [...months].reverse()) {
      const report = history.get(month);
      if (!report) {
        lines.push(`${capitalize(periodName({ locale, t }, month), locale)} — ${t("reports-no-report")}`);
        continue;
      }
      const values = columns.map((figure) => {
        const value = report.values[figure.id];
        return exactValueText(figure, typeof value === "number" ? value : undefined, locale);
      });
      const marks = `${report.late ? " ⏰" : ""}${report.version > 1 ? " ✏️" : ""}`;
      lines.push(`${capitalize(periodName({ locale, t }, month), locale)} — ${values.join(" · ")}${marks}`);
    }
  });
  if (ofUnit.length === 0) lines.push(t("reports-no-forms"));
  else lines.push("", t("reports-table-key"));
  return lines.join("\n");
}
