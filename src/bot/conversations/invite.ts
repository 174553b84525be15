// /invite as a conversation: role → unit (district) or forms (region) → the invite's deep link and code.
// The invite is created in the update that ends the conversation, so its code never enters the stored replay state.
import { InlineKeyboard } from "grammy";
import { z } from "zod";
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, InnerContext } from "../context.ts";
import { callbackAction, token } from "../callbacks.ts";
import { formName, unitName } from "../names.ts";
import { accessFor, GRANT_ROLES, type Grant } from "../../access/index.ts";
import { showCreatedInvite, type ShownInvite } from "../helpers/invites.ts";
import type { SecurityReason } from "../helpers/refuse.ts";
import { editMessage } from "../helpers/messages.ts";
import { gridOf } from "../keyboards/grid.ts";

const STEPS = ["role", "unit", "form", "all", "done", "cancel"] as const;
type Step = (typeof STEPS)[number];

/** A wizard button: the step it answers and the value chosen (a role, unit or form id; "-" for none). */
export const inviteWizardAction = callbackAction("invw", z.tuple([z.enum(STEPS), token]));

type InviteConversation = Conversation<BotContext, InnerContext>;

interface Press {
  ctx: InnerContext;
  step: Step;
  value: string;
}

export async function inviteWizard(conversation: InviteConversation, ctx: InnerContext): Promise<void> {
  await ctx.reply(ctx.t("invite-choose-role"), { reply_markup: roleKeyboard(ctx) });
  const role = await waitPress(conversation, ["role", "cancel"]);
  if (role.step === "cancel") return cancel(role.ctx);
  if (!(GRANT_ROLES as readonly string[]).includes(role.value)) return refuse(conversation, role.ctx, "forged");
  await role.ctx.answerCallbackQuery();

  let grant: Grant;
  if (role.value === "district") {
    await editMessage(role.ctx, ctx.t("invite-choose-unit"), unitKeyboard(ctx));
    const unit = await waitPress(conversation, ["unit", "cancel"]);
    if (unit.step === "cancel") return cancel(unit.ctx);
    if (!ctx.deps.region.units.some((u) => u.id === unit.value)) return refuse(conversation, unit.ctx, "forged");
    await unit.ctx.answerCallbackQuery();
    grant = { role: "district", unit: unit.value };
  } else if (role.value === "region") {
    const chosen = await chooseForms(conversation, role.ctx);
    if (!chosen) return;
    grant = chosen.length === 0 ? { role: "region" } : { role: "region", forms: chosen };
  } else {
    grant = { role: "admin" };
  }

  // Whoever presses now must still be an administrator (the role may have changed since /invite).
  const created = await conversation.external(async (outside): Promise<ShownInvite | null> => {
    if (outside.viewer.role !== "admin") return null;
    const invite = await accessFor(outside.deps).createInvite(grant, outside.viewer.userId);
    outside.deps.logger.info({ event: "invite-created", inviteId: invite.id.slice(0, 16), by: outside.viewer.userId, role: grant.role }, "invite created");
    return { code: invite.code, id: invite.id, grant: invite.grant, expires: invite.expires.getTime() };
  });
  if (!created) {
    await ctx.reply(ctx.t("not-allowed"));
    return;
  }
  await showCreatedInvite(ctx, created);
}

/** Ticks forms on and off until Done; [] means every form. Undefined when cancelled or refused. */
async function chooseForms(conversation: InviteConversation, ctx: InnerContext): Promise<string[] | undefined> {
  const chosen = new Set<string>();
  await editMessage(ctx, ctx.t("invite-choose-forms"), formsKeyboard(ctx, chosen));
  for (;;) {
    const press = await waitPress(conversation, ["form", "all", "done", "cancel"]);
    if (press.step === "cancel") {
      await cancel(press.ctx);
      return undefined;
    }
    await press.ctx.answerCallbackQuery();
    if (press.step === "done") return ctx.deps.forms.map((f) => f.id).filter((id) => chosen.has(id));
    if (press.step === "all") chosen.clear();
    else if (!ctx.deps.forms.some((f) => f.id === press.value)) {
      await refuse(conversation, press.ctx, "forged");
      return undefined;
    } else if (chosen.has(press.value)) chosen.delete(press.value);
    else chosen.add(press.value);
    await editMessage(press.ctx, ctx.t("invite-choose-forms"), formsKeyboard(ctx, chosen));
  }
}

/** The next wizard button of one of `steps`; a button of another step (an older message) is told it is out of date.
 * Anything else ends the wizard and is handled as usual (/cancel, another command). */
async function waitPress(conversation: InviteConversation, steps: readonly Step[]): Promise<Press> {
  for (;;) {
    const ctx = await conversation.waitForCallbackQuery(inviteWizardAction.filter, {
      otherwise: () => conversation.halt({ next: true }),
    });
    const fields = inviteWizardAction.unpack(ctx.callbackQuery.data);
    if (fields && steps.includes(fields[0])) return { ctx, step: fields[0], value: fields[1] };
    await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
  }
}

async function cancel(ctx: InnerContext): Promise<void> {
  await ctx.answerCallbackQuery();
  await editMessage(ctx, ctx.t("invite-cancelled"));
}

/** A button naming a unit, form or role that does not exist: refused, logged once (not again on replays), wizard over. */
async function refuse(conversation: InviteConversation, ctx: InnerContext, reason: SecurityReason): Promise<void> {
  await conversation.external((outside) =>
    outside.deps.logger.warn(
      { event: "security", reason, action: inviteWizardAction.name, userId: outside.from?.id, chatId: outside.chat?.id },
      "button refused",
    ),
  );
  await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
}

const button = InlineKeyboard.text;

function roleKeyboard(ctx: InnerContext): InlineKeyboard {
  const roles = GRANT_ROLES.map((role) => button(ctx.t(`access-role-${role}`), inviteWizardAction.pack("role", role)));
  return gridOf(roles, 1, [cancelButton(ctx)]);
}

function unitKeyboard(ctx: InnerContext): InlineKeyboard {
  const units = ctx.deps.region.units.map((unit) => button(unitName(ctx, unit.id), inviteWizardAction.pack("unit", unit.id)));
  return gridOf(units, 2, [cancelButton(ctx)]);
}

function formsKeyboard(ctx: InnerContext, chosen: ReadonlySet<string>): InlineKeyboard {
  const all = button(`${chosen.size === 0 ? "☑️" : "⬜"} ${ctx.t("access-all-forms")}`, inviteWizardAction.pack("all", "-"));
  const forms = ctx.deps.forms.map((form) =>
    button(`${chosen.has(form.id) ? "☑️" : "⬜"} ${formName(ctx, form.id)}`, inviteWizardAction.pack("form", form.id)),
  );
  return gridOf([all, ...forms], 1, [button(ctx.t("access-done"), inviteWizardAction.pack("done", "-")), cancelButton(ctx)]);
}

function cancelButton(ctx: InnerContext) {
  return button(ctx.t("access-cancel"), inviteWizardAction.pack("cancel", "-"));
}
