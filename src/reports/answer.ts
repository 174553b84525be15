// The answer to a typed question: the figures named, for the units named (or the region), for the period named
// (or the month due and the year so far); a unit named alone gets its last 12 months.
import type { Figure, FormDefinition } from "../domain/forms.ts";
import { figureLabel } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import type { Unit } from "../domain/region.ts";
import { shareOf } from "./coverage.ts";
import { capitalize, completenessText, escapeHtml, exactValueText, formLabel, keyFigures, shareText, valueText, periodName } from "./format.ts";
import { isShowable, monthParts, monthsShown, periodLabel } from "./periods.ts";
import type { NamedFigure, ParsedQuestion } from "./questions.ts";
import { readRegional } from "./regional.ts";
import { comparisonNotes, figureRemarks, regionShareLine } from "./totalsText.ts";
import { readUnitRows } from "./units.ts";
import { unitHistoryText } from "./unitHistory.ts";
import type { Reader, ReportEnv } from "./types.ts";

export type Answer =
  | { kind: "figures"; text: string }
  | { kind: "history"; unit: Unit; text: string }
  /** Nothing could be placed, or the period is in the future: say so (with the words not understood). */
  | { kind: "unclear"; text: string };

interface Target {
  form: FormDefinition;
  /** Figures and shares to show; all key figures and shares of the form when the question named the form only. */
  figures: Figure[];
  derived: FormDefinition["derived"];
}

/** What the question asks about, among the forms this reader may see. */
function targetsOf(question: ParsedQuestion, visible: readonly FormDefinition[]): Target[] {
  const byForm = new Map<FormDefinition, NamedFigure[]>();
  for (const named of question.figures) if (visible.includes(named.form)) byForm.set(named.form, [...(byForm.get(named.form) ?? []), named]);
  const targets: Target[] = [];
  for (const [form, named] of byForm) {
    targets.push({
      form,
      figures: named.filter((n) => !n.derived).map((n) => form.figures.find((f) => f.id === n.id)!),
      derived: form.derived.filter((d) => named.some((n) => n.derived && n.id === d.id)),
    });
  }
  const wholeForms = question.forms.filter((form) => visible.includes(form) && !byForm.has(form));
  // Named, but none of it visible to this reader: nothing to show (the caller says so).
  const namedAny = question.figures.length > 0 || question.forms.length > 0;
  if (namedAny && targets.length === 0 && wholeForms.length === 0) return [];
  const forms = targets.length === 0 && wholeForms.length === 0 ? [...visible] : wholeForms;
  for (const form of forms) targets.push({ form, figures: keyFigures(form), derived: form.derived });
  return targets;
}

export async function answerQuestion(
  env: ReportEnv,
  reader: Reader,
  question: ParsedQuestion,
  visible: readonly FormDefinition[],
  dueMonth: string,
): Promise<Answer> {
  const { t } = reader;
  const namedSomething = question.units.length > 0 || question.figures.length > 0 || question.forms.length > 0 || question.period !== undefined;
  const notUnderstood = question.unplaced.length > 0 ? t("reports-question-unplaced", { words: question.unplaced.map((w) => `«${w}»`).join(", ") }) : "";
  if (!namedSomething) return { kind: "unclear", text: [t("reports-question-unclear"), notUnderstood].filter(Boolean).join("\n") };
  if (question.period && !isShowable(question.period, dueMonth)) {
    return { kind: "unclear", text: t("reports-question-future", { period: periodName(reader, question.period) }) };
  }
  const onlyUnit = question.units.length === 1 && question.figures.length === 0 && question.forms.length === 0 && !question.period;
  if (onlyUnit) {
    const unit = question.units[0]!;
    return { kind: "history", unit, text: await unitHistoryText(env, reader, unit.id, visible, dueMonth) };
  }
  const targets = targetsOf(question, visible);
  if (targets.length === 0) return { kind: "unclear", text: t("reports-question-not-visible") };
  const due = monthParts(dueMonth);
  const periods: PeriodRange[] = question.period ? [question.period] : [{ kind: "month", ...due }, { kind: "ytd", ...due }];
  const blocks =
    question.units.length === 0
      ? await Promise.all(targets.map((target) => regionBlock(env, reader, target, periods, dueMonth)))
      : await Promise.all(question.units.flatMap((unit) => targets.map((target) => unitBlock(env, reader, unit, target, periods, dueMonth))));
  if (notUnderstood) blocks.push(notUnderstood);
  return { kind: "figures", text: blocks.join("\n\n") };
}

async function regionBlock(env: ReportEnv, reader: Reader, target: Target, periods: PeriodRange[], dueMonth: string): Promise<string> {
  const { locale, t } = reader;
  const readings = await readRegional(env, target.form, periods, dueMonth);
  const lines = [`🔎 <b>${escapeHtml(env.region.names[locale])}</b> · ${escapeHtml(formLabel(target.form, locale))}`];
  for (const reading of readings) {
    lines.push(
      `<b>${escapeHtml(capitalize(periodLabel(reading.range, reading.months, { locale, t }), locale))}</b> — ${t("reports-summary-completeness", {
        month: periodName({ locale, t }, reading.monthShown),
        completeness: completenessText(reader, env.region, reading.completeness),
      })}`,
    );
    if (!reading.current.hasData) {
      lines.push(t("reports-no-data"));
      continue;
    }
    for (const figure of target.figures) {
      const value = figure.unitAggregation === "sum" ? reading.current.values[figure.id] : undefined;
      lines.push(
        `• ${escapeHtml(figureLabel(figure, locale, reading.months.length))}: <b>${valueText(figure, value, locale)}</b>${figureRemarks(reader, figure.id, reading)}`,
      );
    }
    for (const derived of target.derived) lines.push(`• ${escapeHtml(derived.label[locale])}: ${regionShareLine(reader, derived, reading, true)}`);
    lines.push(...comparisonNotes(reader, reading));
  }
  return lines.join("\n");
}

async function unitBlock(env: ReportEnv, reader: Reader, unit: Unit, target: Target, periods: PeriodRange[], dueMonth: string): Promise<string> {
  const { locale, t } = reader;
  const lines = [`🔎 <b>${escapeHtml(unit.names[locale])}</b> · ${escapeHtml(formLabel(target.form, locale))}`];
  const assigned = target.form.units === "all" || target.form.units.includes(unit.id);
  if (!assigned) {
    lines.push(t("reports-question-not-assigned"));
    return lines.join("\n");
  }
  const rows = await Promise.all(
    periods.map(async (period) => {
      const months = monthsShown(period, dueMonth);
      const [row] = await readUnitRows(env, target.form, months, [unit.id]);
      return { period, months, row };
    }),
  );
  for (const { period, months, row } of rows) {
    const marks = `${row?.late ? " ⏰" : ""}${row?.corrected ? " ✏️" : ""}`;
    lines.push(`<b>${escapeHtml(capitalize(periodLabel(period, months, { locale, t }), locale))}</b>${marks}`);
    if (!row || row.monthsReported === 0) {
      lines.push(t("reports-no-report"));
      continue;
    }
    if (months.length > 1 && row.monthsReported < months.length) {
      lines.push(t("reports-months-reported", { count: String(row.monthsReported), of: String(months.length) }));
    }
    for (const figure of target.figures) lines.push(`• ${escapeHtml(figureLabel(figure, locale, months.length))}: <b>${exactValueText(figure, row.values[figure.id], locale)}</b>`);
    // A unit that left a part out has no share: never "100 %" for a channel it did not report.
    for (const share of target.derived) lines.push(`• ${escapeHtml(share.label[locale])}: <b>${shareText(shareOf(target.form, share, row.values, row.gave), locale)}</b>`);
  }
  return lines.join("\n");
}
