// `/start <code>`: the invite is taken (once, atomically) and the person bound to its role, then greeted in their
// language with what they can do. Wrong codes get a clear message and nothing else, and are slowed down per user.
// Runs before /start's greeting.
import { Composer, type MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";
import { accessFor, looksLikeInviteCode } from "../../access/index.ts";
import { viewerOf } from "../identity.ts";
import { negotiateLocale } from "../i18n.ts";
import { greet } from "./start.ts";

export const redeemFeature = new Composer<BotContext>();
const privateChats = redeemFeature.chatType("private");

/** Notes each known person's last activity (shown in /users): at most one write a minute per person. */
export const recordActivity: MiddlewareFn<BotContext> = async (ctx, next) => {
  const person = ctx.person as (typeof ctx.person & { lastSeen?: number }) | undefined;
  if (person && ctx.viewer.role !== "unknown" && ctx.chat?.type === "private") {
    await accessFor(ctx.deps).noteActivity(person, ctx.from?.first_name);
  }
  await next();
};

privateChats.command("start", async (ctx, next) => {
  const code = ctx.match.trim();
  if (!code) return next();
  // A known person's other deep links are not invites; an unknown person's payload can only be one.
  if (ctx.viewer.role !== "unknown" && !looksLikeInviteCode(code)) return next();
  await redeem(ctx, code);
});

async function redeem(ctx: BotContext, code: string): Promise<void> {
  const userId = ctx.from!.id;
  const outcome = await accessFor(ctx.deps).redeem(code, { id: userId, name: ctx.from?.first_name });
  const log = ctx.deps.logger;
  switch (outcome.status) {
    case "ok": {
      log.info({ event: "invite-redeemed", userId, inviteId: outcome.invite.id.slice(0, 16), by: outcome.invite.by, role: outcome.grant.role }, "invite redeemed");
      ctx.person = await ctx.deps.people.get(userId);
      ctx.viewer = viewerOf(ctx.person, userId, ctx.deps.adminIds);
      ctx.locale = negotiateLocale(ctx.person?.lang, ctx.from?.language_code);
      await ctx.i18n.renegotiateLocale();
      await ctx.reply(ctx.t("redeem-welcome"));
      await greet(ctx);
      return;
    }
    case "throttled":
      log.warn({ event: "security", reason: "wrong-codes-throttled", userId }, "invite code refused: too many wrong codes");
      await ctx.reply(ctx.t("redeem-throttled", { minutes: minutesOf(outcome.retryInMs) }));
      return;
    default: {
      log.info({ event: "invite-refused", userId, outcome: outcome.status }, "invite code refused");
      const blocked = outcome.blockedForMs === undefined ? "" : `\n\n${ctx.t("redeem-throttled", { minutes: minutesOf(outcome.blockedForMs) })}`;
      await ctx.reply(ctx.t(`redeem-${outcome.status}`) + blocked);
    }
  }
}

const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
