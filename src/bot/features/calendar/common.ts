// What the calendar's chat flows share: the reader of the update's own language, the unit's form, a refused button
// (logged as a security event), asking for a reason in the next message, and the district-only button with a form
// and a period (reopening, muting).
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../context.ts";
import { formsForUnit, type FormDefinition } from "../../../domain/forms.ts";
import type { PendingReason } from "../../../store/calendar.ts";
import { periodOfForm } from "../../../domain/calendar.ts";
import { reasonCancel, type muteAction } from "../../calendar/actions.ts";
import type { Reader } from "../../calendar/texts.ts";
import { FlatComposer } from "../../composer.ts";

export type Ctx = BotContext;
export type District = Extract<Ctx["viewer"], { role: "district" }>;

export const reader = (ctx: Ctx): Reader => ({ locale: ctx.locale, t: (key, vars) => ctx.t(key, vars), timeZone: ctx.deps.timeZone });

/** The form, when this district user's unit reports it (button data is never trusted). */
export function unitForm(ctx: Ctx, viewer: District, formId: string): FormDefinition | undefined {
  return formsForUnit(ctx.deps.forms, viewer.unit).find((form) => form.id === formId);
}


export async function refuse(ctx: Ctx, what: string, value: string): Promise<void> {
  ctx.deps.logger.warn({ event: "security", feature: "calendar", what, value, user: ctx.viewer.userId, update_id: ctx.update.update_id }, "refused a calendar button");
  await ctx.reply(ctx.t("calendar-not-yours"));
}


/** Asks for a reason in the next message; an open draft is set aside (kept: /report resumes it) so it does not take the answer. */
export async function askReason(ctx: Ctx, viewer: District, pending: PendingReason, question: string): Promise<void> {
  await ctx.deps.store.calendar.awaitReason(viewer.userId, pending);
  const lines = [question];
  if (ctx.person?.draft) {
    await ctx.deps.store.users.setOpenDraft(viewer.userId, null);
    lines.push("", ctx.t("calendar-draft-kept"));
  }
  await ctx.reply(lines.join("\n"), { reply_markup: new InlineKeyboard().text(ctx.t("calendar-reason-cancel"), reasonCancel.pack("cancel")) });
}

/** A district-only button with a form and period: refused (and logged) unless the form is the unit's and the period real. */
export function districtButton(action: typeof muteAction, handle: (ctx: Ctx, viewer: District, form: FormDefinition, period: string) => Promise<void>): Composer<BotContext> {
  const button = new FlatComposer<BotContext>();
  button.callbackQuery(action.filter, async (ctx) => {
    await ctx.answerCallbackQuery();
    const viewer = ctx.viewer;
    const [formId, periodId] = action.unpack(ctx.callbackQuery.data) ?? [];
    if (viewer.role !== "district" || !formId || !periodId) return refuse(ctx, action.name, ctx.callbackQuery.data);
    const form = unitForm(ctx, viewer, formId);
    const period = form ? periodOfForm(form, periodId, ctx.deps.timeZone) : undefined;
    if (!form || !period) return refuse(ctx, action.name, ctx.callbackQuery.data);
    await handle(ctx, viewer, form, period);
  });
  return button;
}
