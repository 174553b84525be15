// /users (administrators): people per unit with role, language and last activity; a card per person with buttons to
// revoke, change role or unit, and re-issue an invite. Every press re-checks that the presser is an administrator and
// that the person, unit and forms named still exist: the button is never trusted.
import { InlineKeyboard } from "grammy";
import { z } from "zod";
import type { BotContext } from "../context.ts";
import { callbackAction, menuAction, token, type CallbackAction } from "../callbacks.ts";
import { only } from "../access.ts";
import { formName, grantLabel, unitName } from "../names.ts";
import { DEFAULT_LOCALE } from "../i18n.ts";
import { translator } from "../translate.ts";
import type { UserRecord } from "../../store/users.ts";
import { accessFor, AccessError, grantOf, GRANT_ROLES, type Grant, type ListedUser } from "../../access/index.ts";
import { formatDate } from "../../domain/periods.ts";
import { LANGUAGE_NAMES } from "../../domain/locale.ts";
import { ROLES } from "../../domain/people.ts";
import { describeGrant, showCreatedInvite } from "../helpers/invites.ts";
import { refuseButton } from "../helpers/refuse.ts";
import { editMessage } from "../helpers/messages.ts";
import { gridOf } from "../keyboards/grid.ts";
import { FlatComposer } from "../composer.ts";

const button = InlineKeyboard.text;

const PAGE_SIZE = 20;

const userId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const page = z.coerce.number().int().min(0).max(1000);
const mask = z.coerce.number().int().min(0).max(2 ** 30);

const listAction = callbackAction("usl", z.tuple([page]));
const cardAction = callbackAction("usc", z.tuple([userId]));
const revokeAskAction = callbackAction("usrv", z.tuple([userId]));
const revokeAction = callbackAction("usrvy", z.tuple([userId]));
const roleAskAction = callbackAction("usro", z.tuple([userId]));
const roleAction = callbackAction("usrs", z.tuple([userId, z.enum(ROLES)]));
const unitAction = callbackAction("usu", z.tuple([userId, token]));
const formsAction = callbackAction("usf", z.tuple([userId, mask]));
const formsSaveAction = callbackAction("usfy", z.tuple([userId, mask]));
const reissueAction = callbackAction("usi", z.tuple([userId]));

type Ctx = BotContext;

export const usersFeature = new FlatComposer<BotContext>();
const privateChats = usersFeature.chatType("private");

const admins = new FlatComposer<BotContext>();
admins.command("users", (ctx) => showList(ctx, 0, "reply"));
admins.callbackQuery(menuAction.pack("users"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await showList(ctx, 0, "reply");
});
privateChats.use(only(["admin"], admins));
// Reached only by people who are not administrators.
privateChats.command("users", (ctx) => ctx.reply(ctx.t("not-allowed")));
privateChats.callbackQuery(menuAction.pack("users"), (ctx) => refuseButton(ctx, "menu:users", "not-admin"));

/** Registers a button: unpacked and checked (malformed, not an administrator: refused and logged) before `handle`. */
function adminButton<T extends unknown[]>(action: CallbackAction<T>, handle: (ctx: Ctx, ...fields: T) => Promise<void>): void {
  privateChats.callbackQuery(action.filter, async (ctx) => {
    const fields = action.unpack(ctx.callbackQuery.data);
    if (!fields) return refuseButton(ctx, action.name, "malformed");
    if (ctx.viewer.role !== "admin") return refuseButton(ctx, action.name, "not-admin");
    await handle(ctx, ...fields);
  });
}

/** The person a button names, or a refusal when they are gone (a stale button). */
async function personOf(ctx: Ctx, action: string, id: number): Promise<ListedUser | undefined> {
  const person = await accessFor(ctx.deps).getUser(id);
  if (!person) await refuseButton(ctx, action, "stale");
  return person ?? undefined;
}

/** People whose access cannot be changed here: oneself, and the ADMIN_IDS administrators. */
async function untouchable(ctx: Ctx, person: ListedUser): Promise<boolean> {
  if (person.id === ctx.viewer.userId) {
    await ctx.answerCallbackQuery({ text: ctx.t("users-self"), show_alert: true });
    return true;
  }
  if (person.bootstrap) {
    await ctx.answerCallbackQuery({ text: ctx.t("users-bootstrap-admin"), show_alert: true });
    return true;
  }
  return false;
}

adminButton(listAction, async (ctx, pageIndex) => {
  await ctx.answerCallbackQuery();
  await showList(ctx, pageIndex, "edit");
});

adminButton(cardAction, async (ctx, id) => {
  const person = await personOf(ctx, cardAction.name, id);
  if (!person) return;
  await ctx.answerCallbackQuery();
  await showCard(ctx, person);
});

adminButton(revokeAskAction, async (ctx, id) => {
  const person = await personOf(ctx, revokeAskAction.name, id);
  if (!person || (await untouchable(ctx, person))) return;
  if (person.revoked) return refuseButton(ctx, revokeAskAction.name, "stale");
  await ctx.answerCallbackQuery();
  const keyboard = gridOf([button(ctx.t("users-revoke-yes"), revokeAction.pack(id)), button(ctx.t("access-cancel"), cardAction.pack(id))], 2);
  await editMessage(ctx, ctx.t("users-revoke-confirm", { name: nameOf(ctx, person) }), keyboard);
});

adminButton(revokeAction, async (ctx, id) => {
  const person = await personOf(ctx, revokeAction.name, id);
  if (!person || (await untouchable(ctx, person))) return;
  if (person.revoked) return refuseButton(ctx, revokeAction.name, "stale");
  const result = await accessFor(ctx.deps).revokeUser(id);
  if (result !== "ok") return refuseButton(ctx, revokeAction.name, "stale");
  ctx.deps.logger.info({ event: "user-revoked", userId: id, by: ctx.viewer.userId }, "access revoked");
  await ctx.answerCallbackQuery({ text: ctx.t("users-revoked", { name: nameOf(ctx, person) }) });
  await showCard(ctx, { ...person, revoked: true, draft: undefined }, ctx.t("users-revoked", { name: nameOf(ctx, person) }));
});

adminButton(roleAskAction, async (ctx, id) => {
  const person = await personOf(ctx, roleAskAction.name, id);
  if (!person || (await untouchable(ctx, person))) return;
  await ctx.answerCallbackQuery();
  const roles = GRANT_ROLES.map((role) => button(ctx.t(`access-role-${role}`), roleAction.pack(id, role)));
  const keyboard = gridOf(roles, 1, [button(ctx.t("access-cancel"), cardAction.pack(id))]);
  await editMessage(ctx, ctx.t("users-choose-role", { name: nameOf(ctx, person) }), keyboard);
});

adminButton(roleAction, async (ctx, id, role) => {
  const person = await personOf(ctx, roleAction.name, id);
  if (!person || (await untouchable(ctx, person))) return;
  await ctx.answerCallbackQuery();
  if (role === "admin") return saveGrant(ctx, person, { role: "admin" }, roleAction.name);
  if (role === "region") return showForms(ctx, person, 0);
  const units = ctx.deps.region.units.map((unit) => button(unitName(ctx, unit.id), unitAction.pack(id, unit.id)));
  const keyboard = gridOf(units, 2, [button(ctx.t("access-cancel"), cardAction.pack(id))]);
  await editMessage(ctx, ctx.t("users-choose-unit", { name: nameOf(ctx, person) }), keyboard);
});

adminButton(unitAction, async (ctx, id, unit) => {
  if (!ctx.deps.region.units.some((u) => u.id === unit)) return refuseButton(ctx, unitAction.name, "forged");
  const person = await personOf(ctx, unitAction.name, id);
  if (!person || (await untouchable(ctx, person))) return;
  await ctx.answerCallbackQuery();
  await saveGrant(ctx, person, { role: "district", unit }, unitAction.name);
});

adminButton(formsAction, async (ctx, id, chosen) => {
  if (chosen >= 2 ** ctx.deps.forms.length) return refuseButton(ctx, formsAction.name, "forged");
  const person = await personOf(ctx, formsAction.name, id);
  if (!person || (await untouchable(ctx, person))) return;
  await ctx.answerCallbackQuery();
  await showForms(ctx, person, chosen);
});

adminButton(formsSaveAction, async (ctx, id, chosen) => {
  if (chosen >= 2 ** ctx.deps.forms.length) return refuseButton(ctx, formsSaveAction.name, "forged");
  const person = await personOf(ctx, formsSaveAction.name, id);
  if (!person || (await untouchable(ctx, person))) return;
  await ctx.answerCallbackQuery();
  const forms = ctx.deps.forms.filter((_, bit) => chosen & (1 << bit)).map((f) => f.id);
  await saveGrant(ctx, person, { role: "region", forms }, formsSaveAction.name);
});

adminButton(reissueAction, async (ctx, id) => {
  const person = await personOf(ctx, reissueAction.name, id);
  if (!person) return;
  const invite = await accessFor(ctx.deps).reissueInvite(id, ctx.viewer.userId!);
  if (!invite) return refuseButton(ctx, reissueAction.name, "stale");
  ctx.deps.logger.info({ event: "invite-created", inviteId: invite.id.slice(0, 16), by: ctx.viewer.userId, for: id }, "invite re-issued");
  await ctx.answerCallbackQuery();
  await showCreatedInvite(ctx, { code: invite.code, id: invite.id, grant: invite.grant, expires: invite.expires.getTime() });
});

async function saveGrant(ctx: Ctx, person: ListedUser, grant: Grant, action: string): Promise<void> {
  let saved;
  try {
    saved = await accessFor(ctx.deps).changeUser(person.id, grant);
  } catch (error) {
    if (error instanceof AccessError) return refuseButton(ctx, action, "forged");
    throw error;
  }
  if (!saved) return refuseButton(ctx, action, "stale");
  ctx.deps.logger.info({ event: "user-changed", userId: person.id, by: ctx.viewer.userId, role: saved.role }, "access changed");
  await tellChanged(ctx, person, saved);
  const updated = { ...person, ...saved, name: person.name };
  await showCard(ctx, updated, ctx.t("users-changed", { name: nameOf(ctx, person), grant: describeGrant(ctx, grantOf(saved)!) }));
}

async function showForms(ctx: Ctx, person: ListedUser, chosen: number): Promise<void> {
  const all = button(`${chosen === 0 ? "☑️" : "⬜"} ${ctx.t("access-all-forms")}`, formsAction.pack(person.id, 0));
  const forms = ctx.deps.forms.map((form, bit) => {
    const on = (chosen & (1 << bit)) !== 0;
    return button(`${on ? "☑️" : "⬜"} ${formName(ctx, form.id)}`, formsAction.pack(person.id, chosen ^ (1 << bit)));
  });
  const keyboard = gridOf([all, ...forms], 1, [
    button(ctx.t("access-done"), formsSaveAction.pack(person.id, chosen)),
    button(ctx.t("access-cancel"), cardAction.pack(person.id)),
  ]);
  await editMessage(ctx, ctx.t("users-choose-forms", { name: nameOf(ctx, person) }), keyboard);
}

async function showCard(ctx: Ctx, person: ListedUser, notice?: string): Promise<void> {
  const grant = grantOf(person);
  const lines = [
    `👤 ${person.name ?? `${ctx.t("users-unnamed")} (${ctx.t("users-unnamed-note")})`}${person.bootstrap ? " · ADMIN_IDS" : ""}`,
    grant ? describeGrant(ctx, grant) : ctx.t(`access-role-${person.role}`),
    `${ctx.t("users-language")}: ${languageOf(ctx, person)}`,
    `${ctx.t("users-activity")}: ${activityOf(ctx, person)}`,
  ];
  if (person.revoked) lines.push(`🚫 ${ctx.t("users-status-revoked")}`);
  if (notice) lines.unshift(`✅ ${notice}`, "");
  const changes = [];
  if (person.id !== ctx.viewer.userId && !person.bootstrap) {
    if (!person.revoked) changes.push(button(ctx.t("users-revoke"), revokeAskAction.pack(person.id)));
    changes.push(button(ctx.t("users-change"), roleAskAction.pack(person.id)));
  }
  const reissue = grant && !person.bootstrap ? [button(ctx.t("users-reissue"), reissueAction.pack(person.id))] : [];
  const keyboard = gridOf(changes, 2, reissue, [button(ctx.t("users-back"), listAction.pack(0))]);
  await editMessage(ctx, lines.join("\n"), keyboard);
}

/** The people in display order: the region's leadership and administrators, then each unit's people, then the revoked. */
function ordered(ctx: Ctx, people: ListedUser[]): { group: string; people: ListedUser[] }[] {
  const active = people.filter((p) => !p.revoked);
  const groups = [{ group: ctx.t("users-group-region"), people: active.filter((p) => p.role !== "district") }];
  for (const unit of ctx.deps.region.units) {
    groups.push({ group: unitName(ctx, unit.id), people: active.filter((p) => p.role === "district" && p.unit === unit.id) });
  }
  groups.push({ group: ctx.t("users-group-revoked"), people: people.filter((p) => p.revoked) });
  return groups.filter((g) => g.people.length > 0);
}

async function showList(ctx: Ctx, pageIndex: number, how: "reply" | "edit"): Promise<void> {
  const people = await accessFor(ctx.deps).listUsers();
  const groups = ordered(ctx, people);
  const flat = groups.flatMap((g) => g.people.map((person) => ({ group: g.group, person })));
  const pages = Math.max(1, Math.ceil(flat.length / PAGE_SIZE));
  const current = Math.min(pageIndex, pages - 1);
  const shown = flat.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);

  const lines = [ctx.t("users-title", { count: people.length }) + (pages > 1 ? ` (${current + 1}/${pages})` : "")];
  let lastGroup = "";
  for (const { group, person } of shown) {
    if (group !== lastGroup) lines.push("", `${group}:`);
    lastGroup = group;
    lines.push(`• ${lineOf(ctx, person)}`);
  }
  const unstaffed = ctx.deps.region.units.filter((u) => !people.some((p) => !p.revoked && p.role === "district" && p.unit === u.id));
  if (current === pages - 1 && unstaffed.length > 0) {
    lines.push("", ctx.t("users-unstaffed", { units: unstaffed.map((u) => unitName(ctx, u.id)).join(", ") }));
  }
  lines.push("", ctx.t("users-pick"));

  // Two people without a name differ by their group (unit, leadership, revoked) on the button.
  const names = shown.map(({ group, person }) =>
    button(`${person.revoked ? "🚫 " : ""}${person.name ?? `${nameOf(ctx, person)} · ${group}`}`, cardAction.pack(person.id)),
  );
  const turns = [];
  if (current > 0) turns.push(button("◀", listAction.pack(current - 1)));
  if (current < pages - 1) turns.push(button("▶", listAction.pack(current + 1)));
  const keyboard = gridOf(names, 2, turns);
  if (how === "edit") await editMessage(ctx, lines.join("\n"), keyboard);
  else await ctx.reply(lines.join("\n"), { reply_markup: keyboard });
}

function lineOf(ctx: Ctx, person: ListedUser): string {
  const grant = grantOf(person);
  const role =
    person.role === "district" && !person.revoked ? ctx.t("access-role-district") : grant ? describeGrant(ctx, grant) : person.role;
  const who = person.name ?? `${ctx.t("users-unnamed")} (${ctx.t("users-unnamed-note")})`;
  return `${who} — ${role} · ${languageOf(ctx, person)} · ${activityOf(ctx, person)}`;
}

/** The name Telegram gave, never the Telegram id (the shell's `npm run admin -- user list` shows ids). */
function nameOf(ctx: Ctx, person: ListedUser): string {
  return person.name ?? ctx.t("users-unnamed");
}

function languageOf(ctx: Ctx, person: ListedUser): string {
  return person.lang ? LANGUAGE_NAMES[person.lang] : ctx.t("users-language-none");
}

function activityOf(ctx: Ctx, person: ListedUser): string {
  if (person.lastSeen === undefined) return ctx.t("users-never-seen");
  return formatDate(new Date(person.lastSeen), ctx.locale, ctx.deps.timeZone, { time: true });
}

/** The person whose access an administrator changed is told, in their language: who changed it, old → new. */
async function tellChanged(ctx: Ctx, before: ListedUser, after: UserRecord): Promise<void> {
  if (after.revoked || before.id === ctx.from?.id || sameAccess(before, after)) return;
  const locale = after.lang ?? DEFAULT_LOCALE;
  const t = (key: string, vars?: Record<string, string | number>) => translator()(locale, key, vars);
  const words = { deps: ctx.deps, locale };
  const text = t("users-changed-notice", { by: ctx.from?.first_name ?? t("redeem-change-by-admin"), old: grantLabel(words, t, before), new: grantLabel(words, t, after) });
  try {
    await ctx.api.sendMessage(after.id, text);
  } catch (err) {
    ctx.deps.logger.warn({ err, event: "user-changed-notice-failed", userId: after.id }, "could not tell a person their access changed");
  }
}

const sameAccess = (a: Pick<UserRecord, "role" | "unit" | "forms">, b: Pick<UserRecord, "role" | "unit" | "forms">) =>
  a.role === b.role && (a.unit ?? "") === (b.unit ?? "") && [...(a.forms ?? [])].sort().join(",") === [...(b.forms ?? [])].sort().join(",");
