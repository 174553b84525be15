// /history: every version of one unit's report for a form and period — who, when, what changed (old → new) and
// why — with the calendar's steps in between (reminders, muting, reopening asked and decided, corrections shown to
// the leadership). District users see their own unit's; region users every unit's, for the forms they may see;
// administrators all. Every button is re-checked against the viewer: data naming another unit is refused and logged.
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../context.ts";
import { canSeeRegionForm } from "../../access.ts";
import { menuAction } from "../../callbacks.ts";
import { formName, unitName } from "../../names.ts";
import { formsForUnit, type FormDefinition } from "../../../domain/forms.ts";
import { deadlineOf, duePeriod, previousPeriod } from "../../../domain/periods.ts";
import { findUnits } from "../../../domain/unitNames.ts";
import type { StoredReport } from "../../../store/reports.ts";
import type { CalendarStep } from "../../../store/calendar.ts";
import { historyForm, historyPeriod, historyUnit } from "../../calendar/actions.ts";
import { periodOfForm } from "../../../domain/calendar.ts";
import { changeLines } from "../../../domain/changes.ts";
import { correctedAfterLockLine, personName, when, type Reader } from "../../calendar/texts.ts";
import { periodName } from "../../../reports/format.ts";
import { FlatComposer } from "../../composer.ts";

/** How many periods back the period buttons look. */
const HISTORY_PERIODS = 12;
/** A unit named in `/history <words>` must match at least this well. */
const CONFIDENT_UNIT = 0.85;

type Ctx = BotContext;

const readerOfCtx = (ctx: Ctx): Reader => ({ locale: ctx.locale, t: (key, vars) => ctx.t(key, vars), timeZone: ctx.deps.timeZone });

/** The forms of a unit whose history this viewer may read (none for another unit's district user). */
export function historyForms(ctx: Pick<Ctx, "viewer" | "deps">, unitId: string): FormDefinition[] {
  const { viewer } = ctx;
  if (!ctx.deps.region.units.some((unit) => unit.id === unitId)) return [];
  const forms = formsForUnit(ctx.deps.forms, unitId);
  if (viewer.role === "district") return viewer.unit === unitId ? forms : [];
  if (viewer.role === "region" || viewer.role === "admin") return forms.filter((form) => canSeeRegionForm(viewer, form.id));
  return [];
}

async function refuse(ctx: Ctx, what: string, value: string): Promise<void> {
  ctx.deps.logger.warn({ event: "security", feature: "history", what, value, user: ctx.viewer.userId, update_id: ctx.update.update_id }, "refused history");
  await ctx.reply(ctx.t("calendar-history-not-yours"));
}

/** `/history [unit words]`; from the menu without words. */
async function startHistory(ctx: Ctx, words: string): Promise<void> {
  const viewer = ctx.viewer;
  const named = words ? findUnits(words, ctx.deps.region)[0] : undefined;
  if (viewer.role === "district") {
    if (named && named.unit.id !== viewer.unit) return refuse(ctx, "unit", named.unit.id);
    return chooseForm(ctx, viewer.unit);
  }
  if (viewer.role !== "region" && viewer.role !== "admin") return;
  if (words) {
    if (!named || named.score < CONFIDENT_UNIT) {
      await ctx.reply(ctx.t("calendar-history-unknown-unit", { text: words.slice(0, 40) }));
      return chooseUnit(ctx);
    }
    return chooseForm(ctx, named.unit.id);
  }
  return chooseUnit(ctx);
}

async function chooseUnit(ctx: Ctx): Promise<void> {
  const units = [...ctx.deps.region.units].sort((a, b) => a.names[ctx.locale].localeCompare(b.names[ctx.locale], ctx.locale));
  const keyboard = new InlineKeyboard();
  units.forEach((unit, i) => {
    keyboard.text(unit.names[ctx.locale], historyUnit.pack(unit.id));
    if (i % 2 === 1) keyboard.row();
  });
  await ctx.reply(ctx.t("calendar-history-choose-unit"), { reply_markup: keyboard });
}

async function chooseForm(ctx: Ctx, unitId: string): Promise<void> {
  const forms = historyForms(ctx, unitId);
  if (forms.length === 0) return refuse(ctx, "unit", unitId);
  if (forms.length === 1) return choosePeriod(ctx, unitId, forms[0]!);
  const keyboard = new InlineKeyboard();
  for (const form of forms) keyboard.text(form.names[ctx.locale], historyForm.pack(unitId, form.id)).row();
  await ctx.reply(ctx.t("calendar-history-choose-form", { unit: unitName(ctx, unitId) }), { reply_markup: keyboard });
}

/** Periods of the last year with a report, each with its current version. */
async function choosePeriod(ctx: Ctx, unitId: string, form: FormDefinition): Promise<void> {
  const periods = [duePeriod(form, ctx.deps.clock.now(), ctx.deps.timeZone)];
  while (periods.length < HISTORY_PERIODS) periods.push(previousPeriod(periods.at(-1)!));
  const reports = await ctx.deps.store.reports.getUnitHistory(form.id, unitId, periods);
  const vars = { unit: unitName(ctx, unitId), form: formName(ctx, form.id), count: HISTORY_PERIODS };
  if (reports.size === 0) {
    await ctx.reply(ctx.t("calendar-history-no-reports", vars));
    return;
  }
  const keyboard = new InlineKeyboard();
  periods
    .filter((period) => reports.has(period))
    .forEach((period, i) => {
      const label = ctx.t("calendar-history-period-button", { period: periodName(ctx, period), version: reports.get(period)!.version });
      keyboard.text(label, historyPeriod.pack(unitId, form.id, period));
      if (i % 2 === 1) keyboard.row();
    });
  await ctx.reply(ctx.t("calendar-history-choose-period", vars), { reply_markup: keyboard });
}

/** The history text of one report: status, then versions and steps in time order. */
export async function historyText(ctx: Ctx, unitId: string, form: FormDefinition, period: string): Promise<string> {
  const { store } = ctx.deps;
  const reader = readerOfCtx(ctx);
  const now = ctx.deps.clock.now();
  const [versions, steps, until] = await Promise.all([
    store.reports.getReportVersions(form.id, unitId, period),
    store.calendar.steps(form.id, unitId, period),
    store.calendar.reopenedUntil(form.id, unitId, period),
  ]);
  const people = [...new Set([...versions.map((v) => v.by), ...steps.map((s) => s.by)].filter((id) => id !== 0))];
  const names = await store.invites.getNames(people);
  const lines = [
    ctx.t("calendar-history-title", { unit: unitName(ctx, unitId), form: formName(ctx, form.id), period: periodName(ctx, period) }),
    statusLine(ctx, form, period, now, until),
  ];
  const items: { at: number; order: number; lines: string[] }[] = [];
  const lockAt = deadlineOf(form, period, ctx.deps.timeZone).lockAt.getTime();
  versions.forEach((version, i) =>
    items.push({ at: version.at, order: 0, lines: versionLines(reader, form, version, versions[i - 1], names, correctedAfterLockLine(reader, version, lockAt, steps, names)) }),
  );
  steps.forEach((step) => items.push({ at: step.at, order: 1, lines: [stepLine(reader, step, names)] }));
  items.sort((a, b) => a.at - b.at || a.order - b.order);
  if (versions.length === 0) lines.push("", ctx.t("calendar-history-none"));
  for (const item of items) lines.push("", ...item.lines);
  return lines.join("\n");
}

function statusLine(ctx: Ctx, form: FormDefinition, period: string, now: Date, until: number | null): string {
  const lockAt = deadlineOf(form, period, ctx.deps.timeZone).lockAt;
  const reader = readerOfCtx(ctx);
  if (now < lockAt) return ctx.t("calendar-history-status-open", { lock: when(reader, lockAt) });
  if (until !== null && until > now.getTime()) return ctx.t("calendar-history-status-reopened", { until: when(reader, until) });
  return ctx.t("calendar-history-status-locked", { lock: when(reader, lockAt) });
}

function versionLines(reader: Reader, form: FormDefinition, version: StoredReport, before: StoredReport | undefined, names: ReadonlyMap<number, string>, note?: string): string[] {
  const head = reader.t("calendar-history-version", { version: version.version, at: when(reader, version.at), name: personName(reader, version.by, names) });
  // Lateness belongs to the first version; a correction keeps it, so only the first says it.
  const lines = [version.late && version.version === 1 ? `${head} · ${reader.t("calendar-history-late")}` : head];
  if (note) lines.push(note);
  if (version.reason) lines.push(reader.t("calendar-history-reason", { reason: version.reason }));
  const changes = changeLines(form, before?.values, version.values, reader.locale);
  lines.push(...(changes.length > 0 ? changes : [reader.t("calendar-history-no-change")]));
  return lines;
}

function stepLine(reader: Reader, step: CalendarStep, names: ReadonlyMap<number, string>): string {
  const vars = {
    at: when(reader, step.at),
    name: personName(reader, step.by, names),
    reason: step.reason ?? "",
    until: step.until === undefined ? "" : when(reader, step.until),
    count: step.recipients ?? 0,
    version: step.n ?? 0,
  };
  if (step.kind === "reminder" && step.late) return reader.t("calendar-history-step-reminder-late", vars);
  return reader.t(`calendar-history-step-${step.kind}`, vars);
}

async function showHistory(ctx: Ctx, unitId: string, formId: string, period: string): Promise<void> {
  const form = historyForms(ctx, unitId).find((f) => f.id === formId);
  if (!form) return refuse(ctx, "report", `${formId}/${unitId}`);
  if (!periodOfForm(form, period, ctx.deps.timeZone)) return refuse(ctx, "period", period);
  await ctx.reply(await historyText(ctx, unitId, form, period));
}

export const historyFeature = new FlatComposer<BotContext>();
const known = historyFeature.chatType("private").filter((ctx) => ctx.viewer.role !== "unknown");
known.command("history", (ctx) => startHistory(ctx, ctx.match.trim()));
known.callbackQuery(menuAction.pack("history"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await startHistory(ctx, "");
});
known.callbackQuery(historyUnit.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [unit] = historyUnit.unpack(ctx.callbackQuery.data) ?? [];
  if (unit) await chooseForm(ctx, unit);
});
known.callbackQuery(historyForm.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [unit, formId] = historyForm.unpack(ctx.callbackQuery.data) ?? [];
  if (!unit || !formId) return;
  const form = historyForms(ctx, unit).find((f) => f.id === formId);
  if (!form) return refuse(ctx, "report", `${formId}/${unit}`);
  await choosePeriod(ctx, unit, form);
});
known.callbackQuery(historyPeriod.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [unit, formId, period] = historyPeriod.unpack(ctx.callbackQuery.data) ?? [];
  if (unit && formId && period) await showHistory(ctx, unit, formId, period);
});
