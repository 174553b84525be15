// /invite (administrators): opens the invite wizard (conversations/invite.ts); shows a created invite with its link
// and code, once; revokes it by button. Also the shared refusal of buttons, logged as a security event.
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { z } from "zod";
import type { BotContext, InnerContext } from "../context.ts";
import { callbackAction, menuAction } from "../callbacks.ts";
import { only } from "../access.ts";
import { formName, unitName } from "../names.ts";
import { accessFor, inviteLink, type Grant } from "../../access/index.ts";
import { formatDate } from "../../domain/periods.ts";

/** Revokes an open invite: the first 16 hex digits of its id (the SHA-256 of the code, never the code). */
export const inviteRevokeAction = callbackAction("invrv", z.tuple([z.string().regex(/^[0-9a-f]{16}$/)]));

/** What the wizard and a re-issue hand over to be shown: plain data, as conversations store what external() returns. */
export interface ShownInvite {
  code: string;
  id: string;
  grant: Grant;
  /** ms */
  expires: number;
}

/** "Unit representative — Karatal District", "Region leadership — Public services", "Administrator". */
export function describeGrant(ctx: Pick<InnerContext, "t" | "deps" | "locale">, grant: Grant): string {
  const role = ctx.t(`access-role-${grant.role}`);
  if (grant.role === "district") return `${role} — ${unitName(ctx, grant.unit)}`;
  if (grant.role === "region") {
    const forms = grant.forms?.length ? grant.forms.map((id) => formName(ctx, id)).join(", ") : ctx.t("access-all-forms");
    return `${role} — ${forms}`;
  }
  return role;
}

/** The invite as the administrator sees it, the only time its code is ever shown. */
export async function showCreatedInvite(ctx: InnerContext, invite: ShownInvite): Promise<void> {
  const until = formatDate(new Date(invite.expires), ctx.locale, ctx.deps.timeZone, { time: true });
  const link = ctx.me.username ? inviteLink(ctx.me.username, invite.code) : `/start ${invite.code}`;
  const text = ctx.t("invite-created", { grant: describeGrant(ctx, invite.grant), until, link, code: invite.code });
  const keyboard = new InlineKeyboard().text(ctx.t("invite-revoke-button"), inviteRevokeAction.pack(invite.id.slice(0, 16)));
  await ctx.reply(text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
}

export type SecurityReason = "not-admin" | "malformed" | "forged" | "stale";

/**
 * Refuses a button press and logs it as a security event (the action's name and who pressed it; never its data,
 * which could carry anything). Stale and forged buttons are told the button is out of date.
 */
export async function refuseButton(ctx: BotContext | InnerContext, action: string, reason: SecurityReason): Promise<void> {
  ctx.deps.logger.warn({ event: "security", reason, action, userId: ctx.from?.id, chatId: ctx.chat?.id, role: ctx.viewer.role }, "button refused");
  const text = reason === "not-admin" ? ctx.t("not-allowed") : ctx.t("button-expired");
  await ctx.answerCallbackQuery({ text });
}

/** Buttons laid out `columns` to a row, then any further rows (never an empty row: Telegram shows them as gaps). */
export function gridOf(buttons: InlineKeyboardButton[], columns: number, ...rows: InlineKeyboardButton[][]): InlineKeyboard {
  const grid: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += columns) grid.push(buttons.slice(i, i + columns));
  return InlineKeyboard.from([...grid, ...rows].filter((row) => row.length > 0));
}

/** editMessageText that shrugs at "message is not modified" (a double tap). */
export async function editMessage(ctx: BotContext | InnerContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  try {
    await ctx.editMessageText(text, { reply_markup: keyboard ?? new InlineKeyboard(), link_preview_options: { is_disabled: true } });
  } catch (error) {
    if (error instanceof GrammyError && error.description.includes("message is not modified")) return;
    throw error;
  }
}

const admins = new Composer<BotContext>();
admins.command("invite", (ctx) => ctx.conversation.enter("invite"));
admins.callbackQuery(menuAction.pack("invite"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter("invite");
});
admins.callbackQuery(inviteRevokeAction.filter, async (ctx) => {
  const [prefix] = inviteRevokeAction.unpack(ctx.callbackQuery.data) ?? [];
  if (!prefix) return refuseButton(ctx, inviteRevokeAction.name, "malformed");
  const result = await accessFor(ctx.deps).revokeInvite(prefix);
  if (result !== "ok") {
    await ctx.answerCallbackQuery({ text: ctx.t("invite-not-open") });
    return;
  }
  ctx.deps.logger.info({ event: "invite-revoked", inviteId: prefix, by: ctx.viewer.userId }, "invite revoked");
  await ctx.answerCallbackQuery();
  // The code leaves the chat with the revocation.
  await editMessage(ctx, ctx.t("invite-revoked"));
});

export const inviteFeature = new Composer<BotContext>();
const privateChats = inviteFeature.chatType("private");
privateChats.use(only(["admin"], admins));
// Reached only by people who are not administrators.
privateChats.command("invite", (ctx) => ctx.reply(ctx.t("not-allowed")));
privateChats.callbackQuery(menuAction.pack("invite"), (ctx) => refuseButton(ctx, "menu:invite", "not-admin"));
privateChats.callbackQuery(inviteRevokeAction.filter, (ctx) => refuseButton(ctx, inviteRevokeAction.name, "not-admin"));
