// Typed questions from the region's leadership: "Талгар занятость октябрь", "e-gov Q3", "Ұйғыр қызметтер". What could
// not be placed is said, with buttons for the units a misspelt word may mean. Registered late: only text that no
// other feature took reaches it, and a district user's text is never touched (it belongs to their form).
import { InlineKeyboard } from "grammy";
import { z } from "zod";
import type { BotContext } from "../context.ts";
import { callbackAction, token } from "../callbacks.ts";
import { only } from "../access.ts";
import type { PeriodRange } from "../../domain/periods.ts";
import type { ParsedQuestion } from "../../reports/questions.ts";
import { parseQuestion, spanText, understoodText } from "../../reports/questions.ts";
import { questionVocabulary } from "../questionWords.ts";
import { answerQuestion } from "../../reports/answer.ts";
import { parseReportPeriod, reportPeriodId } from "../../reports/periods.ts";
import { monthlyForms } from "../../reports/totalsText.ts";
import { dueMonthOf, readerOf, reportEnv, visibleForms } from "../helpers/reports.ts";
import { refuse } from "../helpers/refuse.ts";
import { FlatComposer } from "../composer.ts";

/** A guessed unit with what else the question named: the period ("-": none) and "f<form>" or "f<form>.<figure>" ("-": all). */
const pickAction = callbackAction("qpick", z.tuple([token, token, z.string().regex(/^(-|f\d{1,3}(\.d?\d{1,3})?)$/)]));

function whatOf(ctx: BotContext, question: ParsedQuestion): string {
  const forms = ctx.deps.forms;
  const named = question.figures[0];
  if (named && question.figures.length === 1) {
    const f = forms.indexOf(named.form);
    const i = named.derived ? named.form.derived.findIndex((d) => d.id === named.id) : named.form.figures.findIndex((g) => g.id === named.id);
    return `f${f}.${named.derived ? "d" : ""}${i}`;
  }
  const form = question.forms[0] ?? named?.form;
  return form ? `f${forms.indexOf(form)}` : "-";
}

/** The question a guess button stands for; undefined when what it names no longer exists. */
function questionOf(ctx: BotContext, unitId: string, periodId: string, what: string): ParsedQuestion | undefined {
  const unit = ctx.deps.region.units.find((u) => u.id === unitId);
  const period: PeriodRange | undefined = periodId === "-" ? undefined : parseReportPeriod(periodId);
  if (!unit || (periodId !== "-" && !period)) return undefined;
  const base: ParsedQuestion = { units: [unit], unitGuesses: [], forms: [], figures: [], unplaced: [], ...(period ? { period } : {}) };
  if (what === "-") return base;
  const match = /^f(\d+)(?:\.(d?)(\d+))?$/.exec(what);
  const form = ctx.deps.forms[Number(match?.[1])];
  if (!match || !form) return undefined;
  if (match[3] === undefined) return { ...base, forms: [form] };
  const derived = match[2] === "d";
  const id = derived ? form.derived[Number(match[3])]?.id : form.figures[Number(match[3])]?.id;
  return id === undefined ? undefined : { ...base, figures: [{ form, id, derived }] };
}

async function reply(ctx: BotContext, question: ParsedQuestion): Promise<void> {
  const forms = visibleForms(ctx);
  const first = forms[0];
  if (!first) return void (await ctx.reply(ctx.t("reports-no-forms")));
  const dueMonth = dueMonthOf(ctx, first);
  if (question.span) return void (await ctx.reply(spanText(readerOf(ctx), question.span), { parse_mode: "HTML" }));
  const found = await answerQuestion(reportEnv(ctx), readerOf(ctx), question, forms, dueMonth);
  // What was understood comes first, so that a misread unit, figure or period is seen before its numbers.
  const answer = found.kind === "unclear" ? found : { ...found, text: `${understoodText(readerOf(ctx), ctx.deps.region, question, dueMonth)}\n\n${found.text}` };
  const guesses = question.unitGuesses.slice(0, 6);
  if (guesses.length === 0) return void (await ctx.reply(answer.text, { parse_mode: "HTML" }));
  const period = question.period ? reportPeriodId(question.period) : "-";
  const what = whatOf(ctx, question);
  const keyboard = InlineKeyboard.from(guesses.map((unit) => [InlineKeyboard.text(unit.names[ctx.locale], pickAction.pack(unit.id, period, what))]));
  const text = answer.kind === "unclear" ? ctx.t("reports-question-guess") : `${answer.text}\n\n${ctx.t("reports-question-guess")}`;
  await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
}

const leadership = new FlatComposer<BotContext>();
leadership.chatType("private").on("message:text", async (ctx, next) => {
  const text = ctx.msg.text.trim();
  if (text.startsWith("/")) return next();
  const forms = visibleForms(ctx);
  const first = forms[0];
  if (!first) return next();
  // Parsed against every form, so a figure of a form this viewer may not see is named and refused, not misread.
  await reply(ctx, parseQuestion(text, ctx.deps.region, monthlyForms(ctx.deps.forms), dueMonthOf(ctx, first), questionVocabulary()));
});
leadership.callbackQuery(pickAction.filter, async (ctx) => {
  const fields = pickAction.unpack(ctx.callbackQuery.data);
  if (!fields) return refuse(ctx, pickAction.name, "malformed");
  const [unitId, periodId, what] = fields;
  const question = questionOf(ctx, unitId, periodId, what);
  if (!question) return refuse(ctx, pickAction.name, "stale");
  const visible = visibleForms(ctx);
  if ([...question.forms, ...question.figures.map((f) => f.form)].some((form) => !visible.includes(form))) {
    return refuse(ctx, pickAction.name, "forged");
  }
  await ctx.answerCallbackQuery();
  await reply(ctx, question);
});

/** Region and admin viewers only; anyone else's text passes on to the features after this one. */
export const questionsFeature = only(["region", "admin"], leadership);
