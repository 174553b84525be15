// `/start <code>`: the invite is taken (once, atomically) and the person bound to its role, then greeted in their
// language with what they can do. Wrong codes get a clear message and nothing else, and are slowed down per user.
// Runs before /start's greeting.
import { InlineKeyboard, type MiddlewareFn } from "grammy";
import { z } from "zod";
import type { BotContext } from "../context.ts";
import { accessFor, looksLikeInviteCode } from "../../access/index.ts";
import type { RedeemOutcome } from "../../access/service.ts";
import { callbackAction } from "../callbacks.ts";
import { grantLabel } from "../names.ts";
import { viewerOf } from "../identity.ts";
import { negotiateLocale } from "../i18n.ts";
import { greet } from "../helpers/greeting.ts";
import { FlatComposer } from "../composer.ts";

export const redeemFeature = new FlatComposer<BotContext>();
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

/** The grant a person holds, or an invite gives: role, unit, forms. */
type GrantLike = { role: string; unit?: string | undefined; forms?: readonly string[] | undefined };

const sameGrant = (a: GrantLike, b: GrantLike) =>
  a.role === b.role && (a.unit ?? "") === (b.unit ?? "") && [...(a.forms ?? [])].sort().join(",") === [...(b.forms ?? [])].sort().join(",");

const grantText = (ctx: BotContext, grant: GrantLike) => grantLabel(ctx, (key) => ctx.t(key), grant);

/**
 * A person who already has a role opens an invite that would change it (a district akim and a region invite): the
 * change is asked first, old → new and who created the invite; nothing changes until they confirm.
 */
async function askToChange(ctx: BotContext, code: string): Promise<boolean> {
  const person = ctx.person;
  if (!person || person.revoked || ctx.viewer.role === "unknown") return false;
  const access = accessFor(ctx.deps);
  const invite = await access.peekInvite(code);
  if (!invite || sameGrant(person, invite)) return false;
  await access.holdInvite(ctx.from!.id, invite);
  const names = await ctx.deps.store.invites.getNames([invite.by]);
  const by = names.get(invite.by) ?? ctx.t("redeem-change-by-admin");
  const keyboard = new InlineKeyboard().text(ctx.t("redeem-change-yes"), changeRole.pack("yes")).row().text(ctx.t("redeem-change-no"), changeRole.pack("no"));
  await ctx.reply(ctx.t("redeem-change-ask", { old: grantText(ctx, person), new: grantText(ctx, invite), by }), { reply_markup: keyboard });
  ctx.deps.logger.info({ event: "invite-change-asked", userId: ctx.from!.id, inviteId: invite.id.slice(0, 16), from: person.role, to: invite.role }, "invite would change a role: asked");
  return true;
}

/** Yes or no to a change of role an invite makes (see askToChange); the invite itself was held by id, never by code. */
export const changeRole = callbackAction("rdchg", z.tuple([z.enum(["yes", "no"])]));

privateChats.callbackQuery(changeRole.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [answer] = changeRole.unpack(ctx.callbackQuery.data) ?? [];
  const access = accessFor(ctx.deps);
  if (answer === "no") {
    const dropped = await access.dropHeld(ctx.from.id);
    await ctx.reply(dropped && ctx.person ? ctx.t("redeem-change-kept", { old: grantText(ctx, ctx.person) }) : ctx.t("redeem-change-stale"));
    return;
  }
  if (answer !== "yes") return;
  const outcome = await access.redeemHeld({ id: ctx.from.id, name: ctx.from.first_name });
  if (outcome.status === "unknown") {
    await ctx.reply(ctx.t("redeem-change-stale"));
    return;
  }
  await answerOutcome(ctx, outcome);
});

async function redeem(ctx: BotContext, code: string): Promise<void> {
  const userId = ctx.from!.id;
  if (await askToChange(ctx, code)) return;
  await answerOutcome(ctx, await accessFor(ctx.deps).redeem(code, { id: userId, name: ctx.from?.first_name }));
}

async function answerOutcome(ctx: BotContext, outcome: RedeemOutcome): Promise<void> {
  const userId = ctx.from!.id;
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
