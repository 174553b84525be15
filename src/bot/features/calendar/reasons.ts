// The reason a district user types after /reopen or "no report this month": read here (it must not reach the form
// walk or the typed questions), checked for length, and handed to the reopening or the muting; or cancelled.
import type { BotContext } from "../../context.ts";
import { periodOfForm } from "../../../domain/calendar.ts";
import { reasonCancel } from "../../calendar/actions.ts";
import { unitForm, type Ctx, type District } from "./common.ts";
import { submitMute } from "./mutes.ts";
import { submitRequest } from "./reopen.ts";
import { FlatComposer } from "../../composer.ts";

const REASON_MIN = 5;
const REASON_MAX = 500;

async function onReasonText(ctx: Ctx, viewer: District, text: string): Promise<boolean> {
  const { calendar } = ctx.deps.store;
  const state = await calendar.reasonState(viewer.userId);
  if (state.state === "none") return false;
  if (state.state === "done") return state.updateId === ctx.update.update_id; // a resent update: already answered
  const form = unitForm(ctx, viewer, state.pending.form);
  const period = form ? periodOfForm(form, state.pending.period, ctx.deps.timeZone) : undefined;
  if (!form || !period) {
    await calendar.cancelReason(viewer.userId);
    return false;
  }
  const reason = text.trim().replace(/\s+/g, " ");
  if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
    await ctx.reply(ctx.t(reason.length < REASON_MIN ? "calendar-reason-too-short" : "calendar-reason-too-long", { min: REASON_MIN, max: REASON_MAX }));
    return true;
  }
  if (state.pending.kind === "mute") await submitMute(ctx, viewer, form, period, reason);
  else await submitRequest(ctx, viewer, form, period, reason);
  return true;
}

export const reasonsFeature = new FlatComposer<BotContext>();
const chats = reasonsFeature.chatType("private");

chats.callbackQuery(reasonCancel.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (ctx.viewer.userId !== undefined) await ctx.deps.store.calendar.cancelReason(ctx.viewer.userId);
  await ctx.reply(ctx.t("calendar-reason-cancelled"));
});
chats.on("message:text", async (ctx, next) => {
  const viewer = ctx.viewer;
  if (viewer.role !== "district" || ctx.message.text.startsWith("/")) return next();
  if (!(await onReasonText(ctx, viewer, ctx.message.text))) return next();
});
