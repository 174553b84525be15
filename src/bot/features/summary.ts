// /summary for the region's leadership: a form, a period by buttons (month, quarter, year so far, earlier ones), then
// the regional totals with completeness and one page of the per-unit table, with Chart, Spreadsheet and Per unit.
// Every pressed button is checked again: the form visible to this viewer, the period valid and already ended.
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { z } from "zod";
import type { BotContext } from "../context.ts";
import { callbackAction, int, menuAction, token } from "../callbacks.ts";
import type { CallbackAction } from "../callbacks.ts";
import { canSeeRegionForm, only } from "../access.ts";
import type { FormDefinition } from "../../domain/forms.ts";
import { figureLabel, shortLabelOf } from "../../domain/forms.ts";
import type { PeriodRange } from "../../domain/periods.ts";
import { duePeriod, formatPeriod, monthName } from "../../domain/periods.ts";
import { formLabel } from "../../reports/format.ts";
import {
  isShowable,
  mainPeriodChoices,
  monthParts,
  monthsShown,
  parseReportPeriod,
  periodLabel,
  periodsOfYear,
  reportPeriodId,
} from "../../reports/periods.ts";
import { readSummary, summaryText, UNITS_PER_PAGE } from "../../reports/summaryText.ts";
import { monthlyForms } from "../../reports/totalsText.ts";
import { chartFigures, renderCharts } from "../../reports/charts.ts";
import { buildSpreadsheet } from "../../reports/spreadsheet.ts";
import { unitsInOrder } from "../../reports/units.ts";
import { unitHistoryText } from "../../reports/unitHistory.ts";
import { parseQuestion } from "../../reports/questions.ts";
import { questionVocabulary } from "../questionWords.ts";
import type { Reader, ReportEnv } from "../../reports/types.ts";
import { canRemindMissing, remindMissing, remindResultText } from "./calendar/remind.ts";
import { notesAction } from "./calendar/actions.ts";
import { notesMarker, readNotes, unitNotesText } from "../../reports/notes.ts";
import { webappLink } from "../webappLinks.ts";

const page = z.coerce.number().int().min(0).max(10_000);
const year = z.coerce.number().int().min(1900).max(2999);

const formAction = callbackAction("smf", z.tuple([token]));
const showAction = callbackAction("sms", z.tuple([token, token, page]));
const earlierAction = callbackAction("sme", z.tuple([token, year]));
const chartAction = callbackAction("smc", z.tuple([token, token]));
const chartFigureAction = callbackAction("smcf", z.tuple([token, token, int]));
const sheetAction = callbackAction("smx", z.tuple([token, token]));
const remindAction = callbackAction("smr", z.tuple([token, token]));
/** The last field: 1 to page the list in place, 0 to open it as a new message under the summary. */
const unitsAction = callbackAction("smu", z.tuple([token, token, page, z.enum(["0", "1"])]));
export const unitHistoryAction = callbackAction("smuh", z.tuple([token]));
const noopAction = callbackAction("smn", z.tuple([]));
const formsListAction = callbackAction("smfl", z.tuple([]));

// ---- shared with /totals, inline mode and typed questions ----

export function reportEnv(ctx: BotContext): ReportEnv {
  return { store: ctx.deps.store, region: ctx.deps.region, forms: ctx.deps.forms, timeZone: ctx.deps.timeZone };
}

export function readerOf(ctx: BotContext): Reader {
  return { locale: ctx.locale, t: (key, variables) => ctx.t(key, variables) };
}

/** Monthly forms this viewer may see at the region level. */
export function visibleForms(ctx: BotContext): FormDefinition[] {
  return monthlyForms(ctx.deps.forms).filter((form) => canSeeRegionForm(ctx.viewer, form.id));
}

/** The month whose report is due now: nothing later can be shown. */
export function dueMonthOf(ctx: BotContext, form: FormDefinition): string {
  return duePeriod(form, ctx.deps.clock.now(), ctx.deps.timeZone);
}

/** A refused button: the person is told it is out of date; the log gets a security line. */
export async function refuse(ctx: BotContext, action: string, reason: "malformed" | "forged" | "stale"): Promise<void> {
  ctx.deps.logger.warn({ event: "security", reason, action, userId: ctx.from?.id, chatId: ctx.chat?.id, role: ctx.viewer.role }, "button refused");
  await ctx.answerCallbackQuery({ text: ctx.t(reason === "forged" ? "not-allowed" : "button-expired") });
}

/**
 * Edits the message the button belongs to (a double tap's "message is not modified" is no error), or sends a new one
 * (for a command, or with `asNew`).
 */
export async function show(ctx: BotContext, text: string, keyboard?: InlineKeyboard, asNew = false): Promise<void> {
  const options = { parse_mode: "HTML" as const, ...(keyboard ? { reply_markup: keyboard } : {}) };
  if (ctx.callbackQuery?.message && !asNew) {
    try {
      await ctx.editMessageText(text, options);
      return;
    } catch (error) {
      if ((error as Error).message.includes("message is not modified")) return;
      throw error;
    }
  }
  await ctx.reply(text, options);
}

function gridOf(buttons: InlineKeyboardButton[], columns: number, ...rows: InlineKeyboardButton[][]): InlineKeyboard {
  const grid: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += columns) grid.push(buttons.slice(i, i + columns));
  return InlineKeyboard.from([...grid, ...rows].filter((row) => row.length > 0));
}

const button = InlineKeyboard.text;

/** A button that opens the summary of a form (its period choice). */
export function summaryFormButton(label: string, formId: string): InlineKeyboardButton {
  return button(label, formAction.pack(formId));
}

// ---- checks of what a button names ----

interface Checked {
  form: FormDefinition;
  range: PeriodRange;
  dueMonth: string;
}

function formFor(ctx: BotContext, formId: string): FormDefinition | undefined {
  return visibleForms(ctx).find((form) => form.id === formId);
}

/** The form visible to this viewer and the period valid and ended; else the button is refused. */
async function check(ctx: BotContext, action: string, formId: string, periodId: string): Promise<Checked | undefined> {
  const form = formFor(ctx, formId);
  if (!form) {
    await refuse(ctx, action, ctx.deps.forms.some((f) => f.id === formId) ? "forged" : "stale");
    return undefined;
  }
  const range = parseReportPeriod(periodId);
  const dueMonth = dueMonthOf(ctx, form);
  if (!range) {
    await refuse(ctx, action, "malformed");
    return undefined;
  }
  if (!isShowable(range, dueMonth)) {
    await ctx.answerCallbackQuery({ text: ctx.t("reports-period-invalid") });
    return undefined;
  }
  return { form, range, dueMonth };
}

/** A button handler that gets its fields only when the data unpacks. */
function onButton<T extends unknown[]>(composer: Composer<BotContext>, action: CallbackAction<T>, handle: (ctx: BotContext, ...fields: T) => Promise<void>): void {
  composer.callbackQuery(action.filter, async (ctx) => {
    const fields = action.unpack(ctx.callbackQuery.data);
    if (!fields) return refuse(ctx, action.name, "malformed");
    await handle(ctx, ...fields);
  });
}

// ---- screens ----

async function chooseForm(ctx: BotContext, asNew = false): Promise<void> {
  const forms = visibleForms(ctx);
  if (forms.length === 0) return show(ctx, ctx.t("reports-no-forms"), undefined, asNew);
  if (forms.length === 1) return choosePeriod(ctx, forms[0]!, asNew);
  const keyboard = gridOf(forms.map((form) => button(formLabel(form, ctx.locale, true), formAction.pack(form.id))), 1);
  await show(ctx, ctx.t("reports-choose-form"), keyboard, asNew);
}

async function choosePeriod(ctx: BotContext, form: FormDefinition, asNew = false): Promise<void> {
  const dueMonth = dueMonthOf(ctx, form);
  const choices = mainPeriodChoices(dueMonth).filter((range) => isShowable(range, dueMonth));
  const keyboard = gridOf(
    choices.map((range) => button(periodLabel(range, monthsShown(range, dueMonth), ctx.locale), showAction.pack(form.id, reportPeriodId(range), 0))),
    1,
    [button(ctx.t("reports-button-earlier"), earlierAction.pack(form.id, monthParts(dueMonth).year))],
  );
  await show(ctx, ctx.t("reports-choose-period", { form: escape(formLabel(form, ctx.locale)) }), keyboard, asNew);
}

async function earlierPeriods(ctx: BotContext, form: FormDefinition, shownYear: number): Promise<void> {
  const dueMonth = dueMonthOf(ctx, form);
  const dueYear = monthParts(dueMonth).year;
  const yearShown = Math.min(shownYear, dueYear);
  const { months, quarters, whole } = periodsOfYear(yearShown, dueMonth);
  const pack = (range: PeriodRange) => showAction.pack(form.id, reportPeriodId(range), 0);
  const monthButtons = months.map((range) => button(range.kind === "month" ? monthName(range.month, ctx.locale) : "", pack(range)));
  const quarterButtons = quarters.map((range) =>
    button(range.kind === "quarter" ? ctx.t("reports-quarter-short", { number: String(range.quarter), roman: ROMAN[range.quarter - 1] ?? "" }) : "", pack(range)),
  );
  const wholeButtons = whole.map((range) => button(formatPeriod(range, ctx.locale), pack(range)));
  const navigation = [
    button(`◀ ${yearShown - 1}`, earlierAction.pack(form.id, yearShown - 1)),
    ...(yearShown < dueYear ? [button(`${yearShown + 1} ▶`, earlierAction.pack(form.id, yearShown + 1))] : []),
  ];
  const grid: InlineKeyboardButton[][] = [];
  for (let i = 0; i < monthButtons.length; i += 3) grid.push(monthButtons.slice(i, i + 3));
  grid.push(quarterButtons, wholeButtons, navigation, [button(ctx.t("reports-button-back"), formAction.pack(form.id))]);
  await show(ctx, ctx.t("reports-earlier-title", { form: escape(formLabel(form, ctx.locale)), year: String(yearShown) }), InlineKeyboard.from(grid.filter((row) => row.length > 0)));
}

const ROMAN = ["I", "II", "III", "IV"];

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The summary message: totals, completeness, the table page; buttons only where they can be pressed (not in groups). */
export async function showSummary(ctx: BotContext, form: FormDefinition, range: PeriodRange, dueMonth: string, pageNumber: number, withButtons = true): Promise<void> {
  const summary = await readSummary(reportEnv(ctx), readerOf(ctx), form, range, dueMonth, pageNumber);
  const notes = await readNotes(reportEnv(ctx), form, summary.reading.months);
  const marker = notesMarker(readerOf(ctx), notes);
  const text = `${summaryText(reportEnv(ctx), readerOf(ctx), summary)}${marker ? `\n\n${marker}` : ""}`;
  if (!withButtons) return show(ctx, text);
  const periodId = reportPeriodId(range);
  const rows: InlineKeyboardButton[][] = [];
  if (summary.pages > 1) {
    const at = (p: number) => showAction.pack(form.id, periodId, p);
    rows.push([
      button("◀", at(Math.max(0, summary.page - 1))),
      button(`${summary.page + 1}/${summary.pages}`, noopAction.pack()),
      button("▶", at(Math.min(summary.pages - 1, summary.page + 1))),
    ]);
  }
  rows.push([button(ctx.t("reports-button-chart"), chartAction.pack(form.id, periodId)), button(ctx.t("reports-button-spreadsheet"), sheetAction.pack(form.id, periodId))]);
  rows.push([button(ctx.t("reports-button-per-unit"), unitsAction.pack(form.id, periodId, 0, "0")), button(ctx.t("reports-button-other-period"), formAction.pack(form.id))]);
  if (notes && notes.length > 0) rows.push([button(ctx.t("calendar-notes-button", { count: notes.length }), notesAction.pack(form.id, periodId))]);
  if (range.kind === "month" && (await canRemindMissing(ctx.deps, form, periodId, summary.reading.completeness.missing))) {
    rows.push([button(ctx.t("reports-button-remind"), remindAction.pack(form.id, periodId))]);
  }
  if (visibleForms(ctx).length > 1) rows.push([button(ctx.t("reports-button-other-form"), formsListAction.pack())]);
  if (ctx.deps.webappUrl) rows.push([InlineKeyboard.webApp(ctx.t("webapp-button-open"), webappLink(ctx.deps.webappUrl, form.id, periodId))]);
  await show(ctx, text, InlineKeyboard.from(rows));
}

async function sendCharts(ctx: BotContext, checked: Checked, figureIndex: number): Promise<void> {
  const figures = chartFigures(checked.form);
  const figure = figures[figureIndex];
  if (!figure) return refuse(ctx, chartFigureAction.name, "stale");
  await ctx.answerCallbackQuery();
  await ctx.replyWithChatAction("upload_photo");
  const images = await renderCharts(reportEnv(ctx), readerOf(ctx), checked.form, figure, checked.range, checked.dueMonth);
  const months = monthsShown(checked.range, checked.dueMonth);
  const period = periodLabel(checked.range, months, ctx.locale);
  const name = `${checked.form.id}_${reportPeriodId(checked.range)}`;
  await ctx.replyWithPhoto(new InputFile(images.bars, `${name}_units.png`), { caption: ctx.t("reports-chart-bars-caption", { figure: figureLabel(figure, ctx.locale, months.length), period }) });
  await ctx.replyWithPhoto(new InputFile(images.line, `${name}_months.png`), { caption: ctx.t("reports-chart-line-caption", { figure: figureLabel(figure, ctx.locale, 12) }) });
}

async function chooseUnit(ctx: BotContext, checked: Checked, pageNumber: number, inPlace: boolean): Promise<void> {
  const order = unitsInOrder(checked.form, ctx.deps.region, ctx.locale);
  const pages = Math.max(1, Math.ceil(order.length / UNITS_PER_PAGE));
  const shown = Math.min(Math.max(0, pageNumber), pages - 1);
  const units = order.slice(shown * UNITS_PER_PAGE, (shown + 1) * UNITS_PER_PAGE);
  const name = (id: string) => ctx.deps.region.units.find((unit) => unit.id === id)?.names[ctx.locale] ?? id;
  const periodId = reportPeriodId(checked.range);
  const paging =
    pages > 1
      ? [
          button("◀", unitsAction.pack(checked.form.id, periodId, Math.max(0, shown - 1), "1")),
          button(`${shown + 1}/${pages}`, noopAction.pack()),
          button("▶", unitsAction.pack(checked.form.id, periodId, Math.min(pages - 1, shown + 1), "1")),
        ]
      : [];
  const keyboard = gridOf(units.map((id) => button(name(id), unitHistoryAction.pack(id))), 2, paging);
  const text = ctx.t("reports-choose-unit", {
    form: escape(formLabel(checked.form, ctx.locale)),
    from: String(shown * UNITS_PER_PAGE + 1),
    to: String(shown * UNITS_PER_PAGE + units.length),
    total: String(order.length),
  });
  await show(ctx, text, keyboard, !inPlace);
}

/** One unit's last 12 months, for the forms this viewer may see. */
export async function sendUnitHistory(ctx: BotContext, unitId: string): Promise<void> {
  const forms = visibleForms(ctx);
  const form = forms[0];
  if (!form) return void (await ctx.reply(ctx.t("reports-no-forms")));
  const text = await unitHistoryText(reportEnv(ctx), readerOf(ctx), unitId, forms, dueMonthOf(ctx, form));
  const notes = await unitNotesText(reportEnv(ctx), readerOf(ctx), unitId, forms, dueMonthOf(ctx, form), escape);
  await ctx.reply(`${text}${notes}`, { parse_mode: "HTML" });
}

// ---- wiring ----

const leadership = new Composer<BotContext>();

leadership.command("summary", async (ctx) => {
  const isPrivate = ctx.chat.type === "private";
  const forms = visibleForms(ctx);
  const args = ctx.match.trim();
  if (args === "" && isPrivate) return chooseForm(ctx);
  // "/summary занятость Q3": the form and period named as in a typed question; in groups, no buttons (they cannot be pressed there).
  const first = forms[0];
  if (!first) return void (await ctx.reply(ctx.t("reports-no-forms")));
  const dueMonth = dueMonthOf(ctx, first);
  const asked = args === "" ? undefined : parseQuestion(args, ctx.deps.region, forms, dueMonth, questionVocabulary());
  const named = [...new Set([...(asked?.forms ?? []), ...(asked?.figures.map((f) => f.form) ?? [])])];
  const range: PeriodRange = asked?.period ?? { kind: "ytd", ...monthParts(dueMonth) };
  if (!isShowable(range, dueMonth)) return void (await ctx.reply(ctx.t("reports-period-invalid")));
  for (const form of named.length > 0 ? named : forms) await showSummary(ctx, form, range, dueMonthOf(ctx, form), 0, isPrivate);
});

leadership.callbackQuery(menuAction.pack("summary"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await chooseForm(ctx, true);
});

leadership.callbackQuery(formsListAction.pack(), async (ctx) => {
  await ctx.answerCallbackQuery();
  await chooseForm(ctx, true);
});

leadership.callbackQuery(noopAction.pack(), async (ctx) => {
  await ctx.answerCallbackQuery();
});

onButton(leadership, formAction, async (ctx, formId) => {
  const form = formFor(ctx, formId);
  if (!form) return refuse(ctx, formAction.name, ctx.deps.forms.some((f) => f.id === formId) ? "forged" : "stale");
  await ctx.answerCallbackQuery();
  await choosePeriod(ctx, form);
});

onButton(leadership, earlierAction, async (ctx, formId, shownYear) => {
  const form = formFor(ctx, formId);
  if (!form) return refuse(ctx, earlierAction.name, ctx.deps.forms.some((f) => f.id === formId) ? "forged" : "stale");
  await ctx.answerCallbackQuery();
  await earlierPeriods(ctx, form, shownYear);
});

onButton(leadership, showAction, async (ctx, formId, periodId, pageNumber) => {
  const checked = await check(ctx, showAction.name, formId, periodId);
  if (!checked) return;
  await ctx.answerCallbackQuery();
  await showSummary(ctx, checked.form, checked.range, checked.dueMonth, pageNumber);
});

onButton(leadership, chartAction, async (ctx, formId, periodId) => {
  const checked = await check(ctx, chartAction.name, formId, periodId);
  if (!checked) return;
  const figures = chartFigures(checked.form);
  if (figures.length === 1) return sendCharts(ctx, checked, 0);
  await ctx.answerCallbackQuery();
  const keyboard = gridOf(
    figures.map((figure, i) => button(shortLabelOf(figure, ctx.locale), chartFigureAction.pack(formId, periodId, i))),
    1,
  );
  await ctx.reply(ctx.t("reports-choose-figure"), { reply_markup: keyboard });
});

onButton(leadership, chartFigureAction, async (ctx, formId, periodId, index) => {
  const checked = await check(ctx, chartFigureAction.name, formId, periodId);
  if (!checked) return;
  await sendCharts(ctx, checked, index);
});

onButton(leadership, sheetAction, async (ctx, formId, periodId) => {
  const checked = await check(ctx, sheetAction.name, formId, periodId);
  if (!checked) return;
  await ctx.answerCallbackQuery();
  await ctx.replyWithChatAction("upload_document");
  const files = await buildSpreadsheet(reportEnv(ctx), readerOf(ctx), checked.form, checked.range, checked.dueMonth, ctx.deps.clock.now());
  const caption = `📊 ${formLabel(checked.form, ctx.locale)}, ${periodLabel(checked.range, monthsShown(checked.range, checked.dueMonth), ctx.locale)}`;
  await ctx.replyWithDocument(new InputFile(files.xlsx, `${files.baseName}.xlsx`), { caption });
  await ctx.replyWithDocument(new InputFile(files.csv, `${files.baseName}.csv`));
});

onButton(leadership, remindAction, async (ctx, formId, periodId) => {
  const checked = await check(ctx, remindAction.name, formId, periodId);
  if (!checked) return;
  if (checked.range.kind !== "month") return refuse(ctx, remindAction.name, "malformed");
  await ctx.answerCallbackQuery();
  // Reminds the units still missing now (at most once an hour each) and records who asked.
  const result = await remindMissing(ctx.deps, { form: checked.form.id, period: periodId, askedBy: ctx.viewer.userId! });
  await ctx.reply(remindResultText(ctx.t, ctx.deps, ctx.locale, result));
});

onButton(leadership, unitsAction, async (ctx, formId, periodId, pageNumber, inPlace) => {
  const checked = await check(ctx, unitsAction.name, formId, periodId);
  if (!checked) return;
  await ctx.answerCallbackQuery();
  await chooseUnit(ctx, checked, pageNumber, inPlace === "1");
});

onButton(leadership, unitHistoryAction, async (ctx, unitId) => {
  const unit = ctx.deps.region.units.find((u) => u.id === unitId);
  if (!unit) return refuse(ctx, unitHistoryAction.name, "stale");
  await ctx.answerCallbackQuery();
  await sendUnitHistory(ctx, unit.id);
});

/** Region and admin viewers only; anyone else's updates pass on untouched. */
export const summaryFeature = only(["region", "admin"], leadership);
