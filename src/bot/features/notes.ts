// The units' notes for the leadership, one tap under a summary: explanations given with reports, "nothing to report"
// reasons and reasons for corrections of locked reports (src/reports/notes.ts reads and words them). The button is
// checked again: the form visible to this viewer, the period valid and already begun.
import type { BotContext } from "../context.ts";
import { canSeeRegionForm, only } from "../access.ts";
import { duePeriod } from "../../domain/periods.ts";
import { formLabel } from "../../reports/format.ts";
import { notesMessage, readNotes } from "../../reports/notes.ts";
import { isShowable, monthsShown, parseReportPeriod, periodLabel } from "../../reports/periods.ts";
import { monthlyForms } from "../../reports/totalsText.ts";
import { notesAction } from "../calendar/actions.ts";
import { FlatComposer } from "../composer.ts";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function refuse(ctx: BotContext, reason: string, value: string): Promise<void> {
  ctx.deps.logger.warn({ event: "security", feature: "notes", reason, value, user: ctx.viewer.userId }, "button refused");
  await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
}

const leadership = new FlatComposer<BotContext>();

leadership.callbackQuery(notesAction.filter, async (ctx) => {
  const [formId, periodId] = notesAction.unpack(ctx.callbackQuery.data) ?? [];
  if (!formId || !periodId) return refuse(ctx, "malformed", ctx.callbackQuery.data);
  const form = monthlyForms(ctx.deps.forms).find((f) => f.id === formId && canSeeRegionForm(ctx.viewer, f.id));
  if (!form) return refuse(ctx, "form", formId);
  const range = parseReportPeriod(periodId);
  const dueMonth = duePeriod(form, ctx.deps.clock.now(), ctx.deps.timeZone);
  if (!range || !isShowable(range, dueMonth)) return refuse(ctx, "period", periodId);
  await ctx.answerCallbackQuery();
  const months = monthsShown(range, dueMonth);
  const env = { store: ctx.deps.store, region: ctx.deps.region, forms: ctx.deps.forms, timeZone: ctx.deps.timeZone };
  const notes = (await readNotes(env, form, months)) ?? [];
  const reader = { locale: ctx.locale, t: (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars) };
  const title = { form: formLabel(form, ctx.locale), period: periodLabel(range, months, ctx) };
  const text = notesMessage(reader, ctx.deps.region, title, notes, escapeHtml);
  // Long notes of many units: split at line ends under Telegram's 4,096 characters.
  for (const part of splitMessage(text, 4000)) await ctx.reply(part, { parse_mode: "HTML" });
});

function splitMessage(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const piece = line.length > max ? `${line.slice(0, max - 1)}…` : line;
    if (current && current.length + piece.length + 1 > max) {
      parts.push(current);
      current = "";
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
}

/** Region and admin viewers only. */
export const notesFeature = only(["region", "admin"], leadership);
