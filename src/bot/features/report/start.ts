// /report: which form, which period, then a new draft, the unfinished one, or a correction of a submitted report.
import { InlineKeyboard } from "grammy";
import { formsForUnit, isNumericFigure, numericFigures, type FormDefinition } from "../../../domain/forms.ts";
import { deadlineOf, duePeriod, formatDate, previousPeriod } from "../../../domain/periods.ts";
import { isPeriodOpenFor, periodsOpenFor } from "../../../store/locking.ts";
import type { BotContext } from "../../context.ts";
import { formName } from "../../names.ts";
import { correctChoice, draftChoice, earlierPeriods, formChoice, periodChoice } from "./actions.ts";
import { discardMessage, send } from "./render.ts";
import { draftIdOf, openSession, usualField, type FormSession } from "./session.ts";
import { showCurrentStep } from "./walk.ts";
import { addExcelButtons } from "./excel.ts";
import { periodName } from "../../../reports/format.ts";
import { say } from "../../helpers/messages.ts";

type District = Extract<BotContext["viewer"], { role: "district" }>;
const district = (ctx: BotContext): District | undefined => (ctx.viewer.role === "district" ? ctx.viewer : undefined);

/** /report and the menu button. */
export async function startReport(ctx: BotContext): Promise<void> {
  const session = await openSession(ctx);
  if (session) return offerDraft(ctx, session);
  return chooseForm(ctx);
}

/** Shows the question (or read-back, card …) of the person's open draft again, if there is one; nothing otherwise. */
export async function showOpenStep(ctx: BotContext): Promise<void> {
  if (!ctx.person?.draft || ctx.chat?.type !== "private") return;
  const session = await openSession(ctx);
  if (session) await showCurrentStep(ctx, session);
}

async function offerDraft(ctx: BotContext, session: FormSession): Promise<void> {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("report-draft-continue"), draftChoice.pack("continue"))
    .row()
    .text(ctx.t("report-draft-restart"), draftChoice.pack("restart"))
    .text(ctx.t("report-draft-other"), draftChoice.pack("other"));
  const total = session.form.figures.length;
  await say(
    ctx,
    ctx.t("report-draft-open", {
      form: formName(ctx, session.form.id),
      period: periodName(ctx, session.period),
      index: Math.min(session.draft.cursor + 1, total),
      total,
    }),
    { reply_markup: keyboard },
  );
}

async function chooseForm(ctx: BotContext): Promise<void> {
  const viewer = district(ctx)!;
  const forms = formsForUnit(ctx.deps.forms, viewer.unit);
  if (forms.length === 0) {
    await say(ctx, ctx.t("report-no-forms"));
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const form of forms) keyboard.text(form.names[ctx.locale], formChoice.pack(form.id)).row();
  await say(ctx, ctx.t("report-choose-form"), { reply_markup: keyboard });
}

/** The form, if this person's unit reports it (button data is never trusted). */
function reportableForm(ctx: BotContext, formId: string): FormDefinition | undefined {
  const viewer = district(ctx);
  return viewer ? formsForUnit(ctx.deps.forms, viewer.unit).find((form) => form.id === formId) : undefined;
}

export async function onFormChosen(ctx: BotContext, formId: string, earlier: boolean): Promise<void> {
  const form = reportableForm(ctx, formId);
  if (!form) return refuse(ctx, "form", formId);
  const now = ctx.deps.clock.now();
  const due = duePeriod(form, now, ctx.deps.timeZone);
  const open = await periodsOpenFor(ctx.deps, form, district(ctx)!.unit, now);
  if (open.length === 0) {
    await say(ctx, ctx.t("report-no-open-periods"));
    return;
  }
  const shown = earlier ? open.filter((period) => period !== due) : open.filter((period) => period === due).slice(0, 1);
  const keyboard = new InlineKeyboard();
  for (const period of shown.length ? shown : open.slice(0, 1)) {
    const deadline = formatDate(deadlineOf(form, period, ctx.deps.timeZone).dueAt, ctx.locale, ctx.deps.timeZone);
    keyboard.text(ctx.t("report-period-button", { period: periodName(ctx, period), deadline }), periodChoice.pack(form.id, period)).row();
  }
  addExcelButtons(ctx, keyboard, form.id, shown.length ? shown : open.slice(0, 1));
  if (!earlier && open.some((period) => period !== due)) keyboard.text(ctx.t("report-period-earlier"), earlierPeriods.pack(form.id));
  await say(ctx, ctx.t(earlier ? "report-choose-earlier" : "report-choose-period", { form: form.names[ctx.locale] }), {
    reply_markup: keyboard,
  });
}

export async function onPeriodChosen(ctx: BotContext, formId: string, period: string): Promise<void> {
  const form = reportableForm(ctx, formId);
  if (!form) return refuse(ctx, "form", formId);
  if (!(await isPeriodOpenFor(ctx.deps, form, district(ctx)!.unit, period, ctx.deps.clock.now()))) return refuse(ctx, "period", period);
  const viewer = district(ctx)!;
  const id = draftIdOf(form.id, viewer.unit, period);
  const { drafts, reports, users } = ctx.deps.store;
  const draft = await drafts.loadDraft(id);
  if (draft) {
    await users.setOpenDraft(viewer.userId, id);
    return showCurrentStep(ctx, { form, unit: viewer.unit, period, draft });
  }
  // One HMGET of the unit's history hash: whether the period has a report, and last period's numbers. Only a
  // report there is read whole (the prompt names its version and time).
  const previous = previousPeriod(period);
  const numbers = await reports.getUnitNumbers(form.id, viewer.unit, [period, previous]);
  const stored = numbers.has(period) ? await reports.getReport(form.id, viewer.unit, period) : null;
  if (stored) {
    const keyboard = new InlineKeyboard()
      .text(ctx.t("report-correct"), correctChoice.pack(form.id, period, "correct"))
      .text(ctx.t("report-leave"), correctChoice.pack(form.id, period, "leave"));
    await say(
      ctx,
      ctx.t("report-already", {
        form: form.names[ctx.locale],
        period: periodName(ctx, period),
        version: stored.version,
        at: formatDate(new Date(stored.at), ctx.locale, ctx.deps.timeZone, { time: true }),
      }),
      { reply_markup: keyboard },
    );
    return;
  }
  return beginDraft(ctx, form, period, undefined, true, numbers.get(previous) ?? null);
}

export async function onCorrectChosen(ctx: BotContext, formId: string, period: string, choice: "correct" | "leave"): Promise<void> {
  if (choice === "leave") {
    await say(ctx, ctx.t("report-left-as-is"));
    return;
  }
  const form = reportableForm(ctx, formId);
  if (!form) return refuse(ctx, "form", formId);
  if (!(await isPeriodOpenFor(ctx.deps, form, district(ctx)!.unit, period, ctx.deps.clock.now()))) return refuse(ctx, "period", period);
  const stored = await ctx.deps.store.reports.getReport(form.id, district(ctx)!.unit, period);
  if (!stored) return onPeriodChosen(ctx, formId, period);
  return beginDraft(ctx, form, period, stored);
}

/** A new draft (or a correction of `stored`), with last period's values kept for reference. */
async function beginDraft(
  ctx: BotContext,
  form: FormDefinition,
  period: string,
  stored: { version: number; values: Record<string, number | string> } | undefined,
  /** no draft of this form and period was there a moment ago (see drafts.startDraft) */
  fresh = false,
  /** last period's numbers when the caller has read them (null: no report then) */
  previousNumbers?: Record<string, number> | null,
): Promise<void> {
  const viewer = district(ctx)!;
  const refs = await lastPeriodRefs(ctx, form, viewer.unit, period, previousNumbers);
  const values: Record<string, string> = {};
  for (const [figure, value] of Object.entries(stored?.values ?? {})) values[figure] = String(value);
  const flags = await regionalUsual(ctx, form, period, refs);
  const draft = await ctx.deps.store.drafts.startDraft(draftIdOf(form.id, viewer.unit, period), {
    by: viewer.userId,
    base: stored?.version ?? 0,
    started: ctx.deps.clock.now().getTime(),
    updateId: ctx.update.update_id,
    cursor: stored ? form.figures.length : 0,
    stage: stored ? "card" : "ask",
    values,
    refs,
    flags,
    fresh,
  });
  return showCurrentStep(ctx, { form, unit: viewer.unit, period, draft });
}

/**
 * Last period's values, shown for reference beside each question (an answer reads only its own figures'): the numbers
 * from the unit's history hash (one HMGET, none when the caller read them), and a form with text questions also
 * reads last period's report for those.
 */
async function lastPeriodRefs(
  ctx: BotContext,
  form: FormDefinition,
  unit: string,
  period: string,
  previousNumbers: Record<string, number> | null | undefined,
): Promise<Record<string, string>> {
  const { reports } = ctx.deps.store;
  const previous = previousPeriod(period);
  const numbers = previousNumbers === undefined ? (await reports.getUnitNumbers(form.id, unit, [previous])).get(previous) : previousNumbers;
  const refs: Record<string, string> = {};
  for (const [figure, value] of Object.entries(numbers ?? {})) refs[figure] = String(value);
  if (numbers && form.figures.some((figure) => !isNumericFigure(figure))) {
    const report = await reports.getReport(form.id, unit, previous);
    for (const [figure, value] of Object.entries(report?.values ?? {})) if (typeof value === "string") refs[figure] = value;
  }
  return refs;
}

/**
 * The region's usual value of each summed figure the unit has no value of its own for last period (a new unit, an
 * optional figure left out): the regional total of the previous month divided by the number of units that reported
 * it. A typed value is checked against it for a scale left out (domain/scale.ts). Read only when needed: two
 * commands in one round trip. Regional totals are kept per month, so other period types go without it.
 */
async function regionalUsual(ctx: BotContext, form: FormDefinition, period: string, refs: Record<string, string>): Promise<Record<string, string>> {
  const figures = numericFigures(form).filter((f) => f.type !== "percentage" && f.unitAggregation === "sum" && !(Number(refs[f.id]) > 0));
  if (form.periodType !== "monthly" || figures.length === 0) return {};
  const [month] = await ctx.deps.store.totals.readTotals({ id: form.id, figures: numericFigures(form) }, [previousPeriod(period)], { listUnitsFor: [] });
  const flags: Record<string, string> = {};
  if (!month || month.reportedCount === 0) return flags;
  for (const figure of figures) {
    const usual = Math.round((month.values[figure.id] ?? 0) / month.reportedCount);
    if (usual > 0) flags[usualField(figure.id)] = String(usual);
  }
  return flags;
}

export async function onDraftChoice(ctx: BotContext, choice: "continue" | "restart" | "other"): Promise<void> {
  const session = await openSession(ctx);
  if (!session) return chooseForm(ctx);
  if (choice === "continue") return showCurrentStep(ctx, session);
  if (choice === "other") {
    await ctx.deps.store.users.setOpenDraft(ctx.viewer.userId!, null);
    return chooseForm(ctx);
  }
  await ctx.deps.store.drafts.discardDraft(session.draft.id, ctx.viewer.userId!);
  return onPeriodChosen(ctx, session.form.id, session.period);
}

/** A button naming a form or period this person may not touch: refused and logged as a security event. */
async function refuse(ctx: BotContext, what: "form" | "period", value: string): Promise<void> {
  ctx.deps.logger.warn({ event: "security", what, value, user: ctx.viewer.userId, update_id: ctx.update.update_id }, "refused a button");
  await say(ctx, ctx.t(what === "form" ? "report-form-not-yours" : "report-period-not-open"));
}

export async function cancelCommand(ctx: BotContext): Promise<void> {
  const session = await openSession(ctx);
  if (!session) {
    await say(ctx, ctx.t("report-nothing-to-cancel"));
    return;
  }
  return send(ctx, discardMessage(ctx));
}
