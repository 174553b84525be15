// Muting a period's reminders: a district user with nothing to report says why (the button on a reminder or under
// /deadlines); the reason goes to the leadership's digest, and reminders for that period stop until unmuted.
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../context.ts";
import type { FormDefinition } from "../../../domain/forms.ts";
import { muteAction, unmuteAction } from "../../calendar/actions.ts";
import { leadersFor } from "../../calendar/recipients.ts";
import { askReason, districtButton, type Ctx, type District } from "./common.ts";
import { periodName } from "../../../reports/format.ts";
import { FlatComposer } from "../../composer.ts";

async function onMute(ctx: Ctx, viewer: District, form: FormDefinition, period: string): Promise<void> {
  const vars = { form: form.names[ctx.locale], period: periodName(ctx, period) };
  if (await ctx.deps.store.reports.getReport(form.id, viewer.unit, period)) {
    await ctx.reply(ctx.t("calendar-mute-reported", vars));
    return;
  }
  await askReason(ctx, viewer, { kind: "mute", form: form.id, period }, ctx.t("calendar-mute-ask", vars));
}

export async function submitMute(ctx: Ctx, viewer: District, form: FormDefinition, period: string, reason: string): Promise<void> {
  const { calendar } = ctx.deps.store;
  await calendar.mute(form.id, period, { unit: viewer.unit, by: viewer.userId, at: ctx.deps.clock.now().getTime(), reason });
  await calendar.reasonTaken(viewer.userId, ctx.update.update_id);
  // "The leadership sees your reason" only when someone in the leadership may see this form.
  const seen = leadersFor(await ctx.deps.store.users.listUsers(), form.id).length > 0;
  await ctx.reply(ctx.t(seen ? "calendar-mute-done" : "calendar-mute-done-nobody", { form: form.names[ctx.locale], period: periodName(ctx, period), reason }), {
    reply_markup: new InlineKeyboard().text(ctx.t("calendar-unmute"), unmuteAction.pack(form.id, period)),
  });
}

async function onUnmute(ctx: Ctx, viewer: District, form: FormDefinition, period: string): Promise<void> {
  const removed = await ctx.deps.store.calendar.unmute(form.id, period, viewer.unit, viewer.userId, ctx.deps.clock.now().getTime());
  const vars = { form: form.names[ctx.locale], period: periodName(ctx, period) };
  await ctx.reply(ctx.t(removed ? "calendar-unmute-done" : "calendar-unmute-none", vars));
}

export const mutesFeature = new FlatComposer<BotContext>();
const chats = mutesFeature.chatType("private");

chats.use(districtButton(muteAction, onMute));
chats.use(districtButton(unmuteAction, onUnmute));
