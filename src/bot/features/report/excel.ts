// A form as an Excel file: the template on request (a button beside the period), and the filled file sent back,
// read like typed answers (src/reports/formWorkbook.ts) into the unit's draft, which then goes through the usual
// review, findings and card to the one-tap submit. Nothing is stored as a report before that submit.
import { numberWords } from "../../numberInput.ts";
import { isPeriodOpenFor } from "../../../store/locking.ts";
import { InputFile, type InlineKeyboard } from "grammy";
import { z } from "zod";
import { formsForUnit, type FormDefinition } from "../../../domain/forms.ts";
import { previousPeriod } from "../../../domain/periods.ts";
import { formatFigureValue } from "../../../domain/numbers.ts";
import {
  buildTemplate,
  FILE_LIMITS,
  openTemplate,
  readValues,
  templateKey,
  type CellProblem,
  type FileProblem,
} from "../../../reports/formWorkbook.ts";
import type { Reader, ReportEnv } from "../../../reports/types.ts";
import { callbackAction, token } from "../../callbacks.ts";
import type { BotContext } from "../../context.ts";
import { formName, unitName } from "../../names.ts";
import { limits } from "./render.ts";
import { draftIdOf, openSession, valuesOf } from "./session.ts";
import { evaluateRules } from "../../../domain/rules.ts";
import { showCurrentStep } from "./walk.ts";
import { periodName } from "../../../reports/format.ts";
import { say } from "../../helpers/messages.ts";

/** Ask for the Excel file of a form and period. */
export const excelTemplate = callbackAction("rxls", z.tuple([token, token]));

type District = Extract<BotContext["viewer"], { role: "district" }>;
const district = (ctx: BotContext): District | undefined => (ctx.viewer.role === "district" ? ctx.viewer : undefined);

const reportEnv = (ctx: BotContext): ReportEnv => ({ store: ctx.deps.store, region: ctx.deps.region, forms: ctx.deps.forms, timeZone: ctx.deps.timeZone });
const readerOf = (ctx: BotContext): Reader => ({ locale: ctx.locale, t: (key, variables) => ctx.t(key, variables) });
const keyOf = (ctx: BotContext): Buffer => templateKey(ctx.api.token);

/** Adds "📎 Fill in Excel" under the period buttons: one per period offered. */
export function addExcelButtons(ctx: BotContext, keyboard: InlineKeyboard, formId: string, periods: readonly string[]): void {
  for (const period of periods) {
    const label = periods.length === 1 ? ctx.t("excel-button") : ctx.t("excel-button-period", { period: periodName(ctx, period) });
    keyboard.text(label, excelTemplate.pack(formId, period)).row();
  }
}

/** Open by the calendar, or reopened for the unit. */
const isOpen = (ctx: BotContext, form: FormDefinition, unit: string, period: string) => isPeriodOpenFor(ctx.deps, form, unit, period, ctx.deps.clock.now());

function reportableForm(ctx: BotContext, formId: string): FormDefinition | undefined {
  const viewer = district(ctx);
  return viewer ? formsForUnit(ctx.deps.forms, viewer.unit).find((form) => form.id === formId) : undefined;
}

/** The template for a form and period of the person's unit (button data re-checked). */
export async function sendTemplate(ctx: BotContext, formId: string, period: string): Promise<void> {
  const viewer = district(ctx);
  const form = reportableForm(ctx, formId);
  if (!viewer || !form) {
    ctx.deps.logger.warn({ event: "security", what: "form", value: formId, user: ctx.viewer.userId }, "refused a button");
    await say(ctx, ctx.t("report-form-not-yours"));
    return;
  }
  if (!(await isOpen(ctx, form, viewer.unit, period))) {
    await say(ctx, ctx.t("report-period-not-open"));
    return;
  }
  const bytes = await buildTemplate(reportEnv(ctx), readerOf(ctx), { form, unit: viewer.unit, period }, keyOf(ctx), ctx.deps.clock.now());
  const caption = ctx.t("excel-template-caption", { form: formName(ctx, form.id), unit: unitName(ctx, viewer.unit), period: periodName(ctx, period) });
  await ctx.replyWithDocument(new InputFile(bytes, `${form.id}_${period}_${viewer.unit}.xlsx`), { caption });
}

/** Downloads a document through getFile; undefined when Telegram does not give it. */
async function download(ctx: BotContext, fileId: string): Promise<Buffer | undefined> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) return undefined;
  if (file.file_size !== undefined && file.file_size > FILE_LIMITS.maxFileBytes) return undefined;
  const root = ctx.api.options?.apiRoot ?? "https://api.telegram.org";
  const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) return undefined;
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > FILE_LIMITS.maxFileBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  return bytes.length > FILE_LIMITS.maxFileBytes ? undefined : bytes;
}

const fileProblem = (ctx: BotContext, problem: FileProblem) => say(ctx, ctx.t(`excel-file-${problem}`, { limit: `${FILE_LIMITS.maxFileBytes / 1024 / 1024}` }));

/** "C7: больше 1 000 000" for each cell that cannot be taken as it stands. */
function problemLine(ctx: BotContext, problem: CellProblem): string {
  const shown = limits(ctx, problem.figure);
  const max = problem.code === "too_long" && problem.figure.type !== "text" ? 40 : shown.max!;
  const text = ctx.t(`excel-cell-${problem.code}`, { ...shown, max, input: problem.input });
  return `${problem.address}: ${text}`;
}

/** A document sent by a district user in a private chat: read when it is one of our templates, else told why not. */
export async function onDocument(ctx: BotContext): Promise<void> {
  const viewer = district(ctx);
  const document = ctx.message?.document;
  if (!viewer || !document) return;
  if (await ctx.deps.store.chats.fileSeen(ctx.update.update_id)) {
    // Long polling sends an update again only when its reply was never sent: show where the file led.
    const session = ctx.deps.redeliveryIsUnanswered ? await openSession(ctx) : undefined;
    if (session) await showCurrentStep(ctx, session);
    return;
  }
  if (document.file_size !== undefined && document.file_size > FILE_LIMITS.maxFileBytes) return void (await fileProblem(ctx, "too-large"));
  const bytes = await download(ctx, document.file_id);
  if (!bytes) return void (await fileProblem(ctx, "too-large"));
  const opened = await openTemplate(bytes, ctx.deps.forms, keyOf(ctx));
  if ("problem" in opened) {
    ctx.deps.logger.info({ event: "xlsx-refused", problem: opened.problem, user: viewer.userId, update_id: ctx.update.update_id }, "a spreadsheet was refused");
    return void (await fileProblem(ctx, opened.problem));
  }
  const { form, unit, period } = opened.identity;
  const about = { form: formName(ctx, form.id), unit: unitName(ctx, unit), period: periodName(ctx, period) };
  if (unit !== viewer.unit || !reportableForm(ctx, form.id)) return void (await say(ctx, ctx.t("excel-file-other-unit", about)));
  if (!(await isOpen(ctx, form, unit, period))) return void (await say(ctx, ctx.t("excel-file-period-closed", about)));

  const { reports, drafts, chats } = ctx.deps.store;
  const [previous, stored] = await Promise.all([reports.getReport(form.id, unit, previousPeriod(period)), reports.getReport(form.id, unit, period)]);
  const refs: Record<string, string> = {};
  for (const [figure, value] of Object.entries(previous?.values ?? {})) refs[figure] = String(value);
  const read = readValues(opened, numberWords(), refs);
  if (read.problems.length > 0) {
    const lines = [ctx.t("excel-problems", { ...about, count: read.problems.length }), "", ...read.problems.map((problem) => problemLine(ctx, problem)), "", ctx.t("excel-problems-after")];
    await say(ctx, lines.join("\n"));
    await chats.rememberFile(ctx.update.update_id);
    return;
  }
  const id = draftIdOf(form.id, unit, period);
  // One below this update's id: the review that follows may still write the stage (the file itself is guarded by
  // rememberFile, so a redelivery never gets here).
  const draft = await drafts.startDraft(id, {
    by: viewer.userId,
    base: stored?.version ?? 0,
    started: ctx.deps.clock.now().getTime(),
    updateId: ctx.update.update_id - 1,
    cursor: form.figures.length,
    stage: "card",
    values: read.values,
    refs,
  });
  await chats.rememberFile(ctx.update.update_id);
  const lines = [ctx.t("excel-read", { ...about, count: Object.keys(read.values).length })];
  for (const reading of read.readings) {
    lines.push(`${reading.address}: ${ctx.t("excel-cell-read-as", { input: reading.input, value: formatFigureValue(reading.value, reading.figure, ctx.locale) })}`);
  }
  // A rule broken by the file's values names its cells; the review below offers to change them.
  for (const violation of evaluateRules(form, valuesOf(form, read.values))) {
    const cells = [...violation.rule.left, ...violation.rule.right].map((figure) => opened.cells.get(figure)?.address).filter((cell) => cell !== undefined);
    const byRow = [...new Set(cells)].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    lines.push(`${byRow.join(", ")}: ${violation.rule.message[ctx.locale]}`);
  }
  await say(ctx, lines.join("\n"));
  if (ctx.person) ctx.person.draft = id;
  await showCurrentStep(ctx, { form, unit, period, draft });
}

/** A filled file is read even in the middle of a draft: it replaces the draft's values for its own period. */
export function isSpreadsheetUpload(ctx: BotContext): boolean {
  return ctx.viewer.role === "district" && ctx.chat?.type === "private" && ctx.message?.document !== undefined;
}

/** The "📎" button: the template of that form and period. */
export async function onTemplateButton(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery();
  const [form, period] = excelTemplate.unpack(ctx.callbackQuery?.data) ?? [];
  if (form && period) await sendTemplate(ctx, form, period);
}
