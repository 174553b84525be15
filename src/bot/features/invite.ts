// /invite (administrators): opens the invite wizard (conversations/invite.ts); revokes a created invite by button
// (the invite itself is shown by helpers/invites.ts).
import type { BotContext } from "../context.ts";
import { menuAction } from "../callbacks.ts";
import { only } from "../access.ts";
import { accessFor } from "../../access/index.ts";
import { inviteRevokeAction } from "../helpers/invites.ts";
import { refuseButton } from "../helpers/refuse.ts";
import { editMessage } from "../helpers/messages.ts";
import { FlatComposer } from "../composer.ts";

const admins = new FlatComposer<BotContext>();
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

export const inviteFeature = new FlatComposer<BotContext>();
const privateChats = inviteFeature.chatType("private");
privateChats.use(only(["admin"], admins));
// Reached only by people who are not administrators.
privateChats.command("invite", (ctx) => ctx.reply(ctx.t("not-allowed")));
privateChats.callbackQuery(menuAction.pack("invite"), (ctx) => refuseButton(ctx, "menu:invite", "not-admin"));
privateChats.callbackQuery(inviteRevokeAction.filter, (ctx) => refuseButton(ctx, inviteRevokeAction.name, "not-admin"));
