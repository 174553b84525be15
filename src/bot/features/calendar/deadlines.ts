// /deadlines: when each report is due, when it counts as late and when it locks, said plainly, with where the unit
// (or the region) stands; a district with nothing to report may mute the period's reminders from here.
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../context.ts";
import { canSeeRegionForm } from "../../access.ts";
import { formUnitIds, formsForUnit, type FormDefinition } from "../../../domain/forms.ts";
import { deadlineOf, duePeriod } from "../../../domain/periods.ts";
import { muteAction } from "../../calendar/actions.ts";
import { deadlineLines, when } from "../../calendar/texts.ts";
import { reader, type Ctx } from "./common.ts";
import { periodName } from "../../../reports/format.ts";
import { FlatComposer } from "../../composer.ts";

async function deadlines(ctx: Ctx): Promise<void> {
  const viewer = ctx.viewer;
  const now = ctx.deps.clock.now();
  const forms =
    viewer.role === "district"
      ? formsForUnit(ctx.deps.forms, viewer.unit)
      : ctx.deps.forms.filter((form) => viewer.role !== "unknown" && (viewer.role === "admin" || canSeeRegionForm(viewer, form.id)));
  const lines = [ctx.t("calendar-deadlines-title")];
  const keyboard = new InlineKeyboard();
  for (const form of forms) {
    const period = duePeriod(form, now, ctx.deps.timeZone);
    lines.push("", ctx.t("calendar-deadlines-form", { form: form.names[ctx.locale], period: periodName(ctx, period) }));
    lines.push(...deadlineLines(reader(ctx), deadlineOf(form, period, ctx.deps.timeZone), now));
    const status = await deadlineStatus(ctx, form, period);
    lines.push(status.text);
    // A district with nothing to report this period says so here as on a reminder.
    if (status.missing) keyboard.text(ctx.t("calendar-deadlines-mute", { form: form.shortNames?.[ctx.locale] ?? form.names[ctx.locale] }), muteAction.pack(form.id, period)).row();
  }
  await ctx.reply(lines.join("\n"), keyboard.inline_keyboard.length > 0 ? { reply_markup: keyboard } : {});
}

async function deadlineStatus(ctx: Ctx, form: FormDefinition, period: string): Promise<{ text: string; missing: boolean }> {
  const { store } = ctx.deps;
  const viewer = ctx.viewer;
  if (viewer.role === "district") {
    const report = await store.reports.getReport(form.id, viewer.unit, period);
    if (report) return { text: ctx.t("calendar-deadlines-reported", { version: report.version, at: when(reader(ctx), report.at) }), missing: false };
    const mute = (await store.calendar.mutes(form.id, period)).get(viewer.unit);
    if (mute) return { text: ctx.t("calendar-deadlines-muted", { reason: mute.reason }), missing: false };
    return { text: ctx.t("calendar-deadlines-missing"), missing: true };
  }
  const expected = formUnitIds(form, ctx.deps.region);
  const reports = await store.reports.getReportsForUnits(form.id, period, expected);
  return { text: ctx.t("calendar-deadlines-region", { reported: reports.size, expected: expected.length }), missing: false };
}

export const deadlinesFeature = new FlatComposer<BotContext>();

deadlinesFeature.chatType("private").command("deadlines", (ctx) => (ctx.viewer.role === "unknown" ? undefined : deadlines(ctx)));
