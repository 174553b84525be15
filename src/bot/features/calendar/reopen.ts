// Reopening a locked period. A district user asks with a reason (/reopen); the region's leadership gets the request
// with Approve and Reject; approval reopens that unit's form × period for `reopenHours` (see
// src/domain/calendarSettings.ts), and the requester is told. Every step is recorded (store.calendar) and shown in
// /history. The reason itself is read in reasons.ts.
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../../context.ts";
import { canSeeRegionForm } from "../../access.ts";
import { formUnitIds, formsForUnit, type FormDefinition } from "../../../domain/forms.ts";
import { isLocale, type Locale } from "../../../domain/locale.ts";
import { deadlineOf, formatDate } from "../../../domain/periods.ts";
import type { ReopenRequest } from "../../../store/calendar.ts";
import { reopenDecision, reopenForm, reopenPeriod } from "../../calendar/actions.ts";
import { lockedPeriods, periodOfForm } from "../../../domain/calendar.ts";
import { leadersFor, localeOf } from "../../calendar/recipients.ts";
import { settingsFor } from "../../../domain/calendarSettings.ts";
import { translator } from "../../translate.ts";
import { decisionNote, personName, readerOf, reopenRequestText, when } from "../../calendar/texts.ts";
import { askReason, districtButton, reader, refuse, unitForm, type Ctx, type District } from "./common.ts";
import { periodName } from "../../../reports/format.ts";
import { FlatComposer } from "../../composer.ts";

/** How many locked periods /reopen offers, newest first. */
const LOCKED_PERIODS_OFFERED = 6;

// ── Reopening: the district's request ───────────────────────────────────────

async function startReopen(ctx: Ctx, viewer: District): Promise<void> {
  const forms = formsForUnit(ctx.deps.forms, viewer.unit);
  if (forms.length === 1) return chooseLockedPeriod(ctx, forms[0]!);
  const keyboard = new InlineKeyboard();
  for (const form of forms) keyboard.text(form.names[ctx.locale], reopenForm.pack(form.id)).row();
  await ctx.reply(ctx.t("calendar-reopen-choose-form"), { reply_markup: keyboard });
}

async function chooseLockedPeriod(ctx: Ctx, form: FormDefinition): Promise<void> {
  const locked = lockedPeriods(form, ctx.deps.clock.now(), ctx.deps.timeZone, LOCKED_PERIODS_OFFERED);
  if (locked.length === 0) {
    await ctx.reply(ctx.t("calendar-reopen-none-locked", { form: form.names[ctx.locale] }));
    return;
  }
  const keyboard = new InlineKeyboard();
  locked.forEach((period, i) => {
    keyboard.text(periodName(ctx, period), reopenPeriod.pack(form.id, period));
    if (i % 2 === 1) keyboard.row();
  });
  await ctx.reply(ctx.t("calendar-reopen-choose-period", { form: form.names[ctx.locale] }), { reply_markup: keyboard });
}

async function onLockedPeriod(ctx: Ctx, viewer: District, form: FormDefinition, period: string): Promise<void> {
  const now = ctx.deps.clock.now();
  const vars = { form: form.names[ctx.locale], period: periodName(ctx, period) };
  if (deadlineOf(form, period, ctx.deps.timeZone).lockAt > now) {
    await ctx.reply(ctx.t("calendar-reopen-not-locked", vars));
    return;
  }
  const { calendar } = ctx.deps.store;
  const until = await calendar.reopenedUntil(form.id, viewer.unit, period);
  if (until !== null && until > now.getTime()) {
    await ctx.reply(ctx.t("calendar-reopen-already-open", { ...vars, until: when(reader(ctx), until) }));
    return;
  }
  const request = await calendar.getRequest(form.id, viewer.unit, period);
  if (request?.status === "pending") {
    await ctx.reply(ctx.t("calendar-reopen-pending", { ...vars, at: when(reader(ctx), request.at) }));
    return;
  }
  await askReason(ctx, viewer, { kind: "reopen", form: form.id, period }, ctx.t("calendar-reopen-ask", vars));
}

export async function submitRequest(ctx: Ctx, viewer: District, form: FormDefinition, period: string, reason: string): Promise<void> {
  const { store } = ctx.deps;
  const now = ctx.deps.clock.now();
  const vars = { form: form.names[ctx.locale], period: periodName(ctx, period) };
  const outcome = await store.calendar.requestReopen({ form: form.id, unit: viewer.unit, period, by: viewer.userId, at: now.getTime(), reason, updateId: ctx.update.update_id });
  if (outcome.status === "duplicate") return;
  await store.calendar.reasonTaken(viewer.userId, ctx.update.update_id);
  if (outcome.status === "open") {
    await ctx.reply(ctx.t("calendar-reopen-already-open", { ...vars, until: when(reader(ctx), outcome.until) }));
    return;
  }
  if (outcome.status === "pending") {
    await ctx.reply(ctx.t("calendar-reopen-pending", { ...vars, at: when(reader(ctx), outcome.request.at) }));
    return;
  }
  const request = await store.calendar.getRequest(form.id, viewer.unit, period);
  if (!request) throw new Error("a reopening request just created is missing");
  const leaders = leadersFor(await store.users.listUsers(), form.id);
  const notices: ReopenRequest["notices"] = [];
  for (const leader of leaders) {
    const locale = localeOf(leader);
    try {
      const sent = await ctx.api.sendMessage(leader.id, await requestMessage(ctx, locale, form, request), {
        reply_markup: decisionKeyboard(ctx, locale, request),
      });
      notices.push({ chat: leader.id, message: sent.message_id, lang: locale });
    } catch (err) {
      ctx.deps.logger.warn({ err, event: "reopen-notice-failed", leader: leader.id }, "could not send a reopening request to a leader");
    }
  }
  await store.calendar.setNotices(form.id, viewer.unit, period, request.n, notices);
  await ctx.reply(notices.length > 0 ? ctx.t("calendar-reopen-sent", { ...vars, count: notices.length }) : ctx.t("calendar-reopen-nobody", vars));
}

async function requestMessage(ctx: Ctx, locale: Locale, form: FormDefinition, request: ReopenRequest, decision?: string): Promise<string> {
  const { store } = ctx.deps;
  const [names, current] = await Promise.all([store.invites.getNames([request.by]), store.reports.getReport(form.id, request.unit, request.period)]);
  const text = readerOf(translator(), locale, ctx.deps.timeZone);
  return reopenRequestText(text, ctx.deps.region, {
    form,
    request,
    requesterName: personName(text, request.by, names),
    now: ctx.deps.clock.now(),
    ...(current ? { current } : {}),
    ...(decision ? { decision } : {}),
  });
}

function decisionKeyboard(ctx: Ctx, locale: Locale, request: ReopenRequest): InlineKeyboard {
  const t = translator();
  const hours = settingsFor(ctx.deps).reopenHours;
  return new InlineKeyboard()
    .text(t(locale, "calendar-approve", { hours }), reopenDecision.pack("a", request.form, request.unit, request.period, request.n))
    .text(t(locale, "calendar-reject"), reopenDecision.pack("r", request.form, request.unit, request.period, request.n));
}

// ── Reopening: the leadership's decision ────────────────────────────────────

async function onDecision(ctx: Ctx, choice: "a" | "r", formId: string, unit: string, period: string, n: number): Promise<void> {
  const viewer = ctx.viewer;
  const form = ctx.deps.forms.find((f) => f.id === formId);
  const allowed =
    (viewer.role === "region" || viewer.role === "admin") &&
    form !== undefined &&
    canSeeRegionForm(viewer, form.id) &&
    formUnitIds(form, ctx.deps.region).includes(unit) &&
    periodOfForm(form, period, ctx.deps.timeZone) !== undefined;
  if (!allowed || !form) {
    await ctx.answerCallbackQuery();
    return refuse(ctx, "decision", `${formId}/${unit}/${period}`);
  }
  const { store } = ctx.deps;
  const now = ctx.deps.clock.now();
  const until = now.getTime() + settingsFor(ctx.deps).reopenHours * 3_600_000;
  const outcome = await store.calendar.decideReopen({
    form: form.id,
    unit,
    period,
    n,
    decision: choice === "a" ? "approved" : "rejected",
    by: viewer.userId,
    at: now.getTime(),
    until,
  });
  const request = outcome.request;
  if (outcome.status === "stale" || !request) {
    const names = request?.decidedBy ? await store.invites.getNames([request.decidedBy]) : new Map<number, string>();
    const note = request && request.n === n && request.decidedBy ? decisionNote(reader(ctx), request, personName(reader(ctx), request.decidedBy, names)) : ctx.t("calendar-reopen-stale");
    await ctx.answerCallbackQuery({ text: note.slice(0, 200), show_alert: true });
    await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
    return;
  }
  await ctx.answerCallbackQuery();
  ctx.deps.logger.info({ event: "reopen-decided", form: form.id, unit, period, n, status: request.status, by: viewer.userId }, "reopening decided");
  await updateNotices(ctx, form, request);
  await tellRequester(ctx, form, request);
}

/** Every leader's copy of the request shows the decision, without buttons. */
async function updateNotices(ctx: Ctx, form: FormDefinition, request: ReopenRequest): Promise<void> {
  const names = await ctx.deps.store.invites.getNames([request.decidedBy ?? 0]);
  const pressed = ctx.callbackQuery?.message;
  const notices = [...request.notices];
  if (pressed && !notices.some((notice) => notice.chat === pressed.chat.id && notice.message === pressed.message_id)) {
    notices.push({ chat: pressed.chat.id, message: pressed.message_id, lang: ctx.locale });
  }
  for (const notice of notices) {
    const locale = isLocale(notice.lang) ? notice.lang : ctx.locale;
    const noteReader = readerOf(translator(), locale, ctx.deps.timeZone);
    const decision = decisionNote(noteReader, request, personName(noteReader, request.decidedBy ?? 0, names));
    const text = await requestMessage(ctx, locale, form, request, decision);
    await ctx.api.editMessageText(notice.chat, notice.message, text, { reply_markup: new InlineKeyboard() }).catch((err: unknown) => {
      ctx.deps.logger.warn({ err, event: "reopen-notice-edit-failed", chat: notice.chat }, "could not update a leader's copy of a request");
    });
  }
}

async function tellRequester(ctx: Ctx, form: FormDefinition, request: ReopenRequest): Promise<void> {
  const person = await ctx.deps.store.users.getUser(request.by);
  const locale = person ? localeOf(person) : ctx.locale;
  const t = translator();
  const vars = {
    form: form.names[locale],
    period: periodName({ locale, t: (key, vars) => t(locale, key, vars) }, request.period),
    until: request.until === undefined ? "" : formatDate(new Date(request.until), locale, ctx.deps.timeZone, { time: true }),
  };
  const key = request.status === "approved" ? "calendar-reopen-approved" : "calendar-reopen-rejected";
  await ctx.api.sendMessage(request.by, t(locale, key, vars)).catch((err: unknown) => {
    ctx.deps.logger.warn({ err, event: "reopen-answer-failed", user: request.by }, "could not tell the requester the decision");
  });
}

// ── Wiring ──────────────────────────────────────────────────────────────────

export const reopenFeature = new FlatComposer<BotContext>();
const chats = reopenFeature.chatType("private");

chats.command("reopen", async (ctx) => {
  if (ctx.viewer.role === "district") return startReopen(ctx, ctx.viewer);
  if (ctx.viewer.role !== "unknown") await ctx.reply(ctx.t("calendar-reopen-district-only"));
});
chats.callbackQuery(reopenForm.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const viewer = ctx.viewer;
  const [formId] = reopenForm.unpack(ctx.callbackQuery.data) ?? [];
  const form = viewer.role === "district" && formId ? unitForm(ctx, viewer, formId) : undefined;
  if (!form) return refuse(ctx, "reopen-form", ctx.callbackQuery.data);
  await chooseLockedPeriod(ctx, form);
});
chats.use(districtButton(reopenPeriod, onLockedPeriod));
chats.callbackQuery(reopenDecision.filter, async (ctx) => {
  const fields = reopenDecision.unpack(ctx.callbackQuery.data);
  if (!fields) {
    await ctx.answerCallbackQuery();
    return refuse(ctx, "decision", ctx.callbackQuery.data);
  }
  const [choice, formId, unit, period, n] = fields;
  await onDecision(ctx, choice, formId, unit, period, n);
});
