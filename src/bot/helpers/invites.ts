// An invite as the administrator sees it (/invite's wizard, /users' re-issue) and a grant in words.
import { InlineKeyboard } from "grammy";
import { z } from "zod";
import type { InnerContext } from "../context.ts";
import { callbackAction } from "../callbacks.ts";
import { formName, unitName } from "../names.ts";
import { inviteLink, type Grant } from "../../access/index.ts";
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
