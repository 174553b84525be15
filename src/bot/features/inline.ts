// Inline mode: a region user typing @bot in any chat gets cards with the current totals of each form (and, when the
// query reads as a question, its answer) to post there; anyone else gets an empty answer.
import type { InlineQueryResult } from "grammy/types";
import type { BotContext } from "../context.ts";
import { formLabel, keyFigures, valueText, periodName } from "../../reports/format.ts";
import { formBlock, MESSAGE_LIMIT, monthlyForms, readFormTotals } from "../../reports/totalsText.ts";
import { parseQuestion } from "../../reports/questions.ts";
import { questionVocabulary } from "../questionWords.ts";
import { answerQuestion } from "../../reports/answer.ts";
import { formatDate } from "../../domain/periods.ts";
import { dueMonthOf, readerOf, reportEnv, visibleForms } from "../helpers/reports.ts";
import { FlatComposer } from "../composer.ts";

const NOTHING = { cache_time: 0, is_personal: true } as const;

function article(id: string, title: string, description: string, text: string): InlineQueryResult {
  const body = text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT - 1)}…` : text;
  return { type: "article", id, title, description, input_message_content: { message_text: body, parse_mode: "HTML" } };
}

async function resultsFor(ctx: BotContext, query: string): Promise<InlineQueryResult[]> {
  const env = reportEnv(ctx);
  const reader = readerOf(ctx);
  const now = ctx.deps.clock.now();
  const forms = visibleForms(ctx);
  const results: InlineQueryResult[] = [];
  const first = forms[0];
  if (query !== "" && first) {
    const question = parseQuestion(query, env.region, monthlyForms(ctx.deps.forms), dueMonthOf(ctx, first), questionVocabulary());
    const answer = await answerQuestion(env, reader, question, forms, dueMonthOf(ctx, first));
    if (answer.kind !== "unclear") results.push(article("question", ctx.t("reports-inline-answer"), query, answer.text));
  }
  const totals = await readFormTotals(env, forms, now);
  const date = formatDate(now, ctx.locale, ctx.deps.timeZone);
  for (const item of totals) {
    const title = `${formLabel(item.form, ctx.locale)} — ${periodName(ctx, item.yearToDate.range)}`;
    const description = keyFigures(item.form)
      .slice(0, 3)
      .map((figure) => valueText(figure, item.yearToDate.current.hasData ? item.yearToDate.current.values[figure.id] : undefined, ctx.locale))
      .join(" · ");
    const text = `${ctx.t("reports-inline-heading", { date })}\n\n${formBlock(env, reader, item)}`;
    results.push(article(`totals-${item.form.id}`, title, description, text));
  }
  return results;
}

export const inlineFeature = new FlatComposer<BotContext>();
inlineFeature.on("inline_query", async (ctx) => {
  const leadership = ctx.viewer.role === "region" || ctx.viewer.role === "admin";
  if (!leadership) return ctx.answerInlineQuery([], NOTHING);
  await ctx.answerInlineQuery(await resultsFor(ctx, ctx.inlineQuery.query.trim()), NOTHING);
});
