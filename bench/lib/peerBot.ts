// The peer baseline of benchmark 1 (issue 16): the straightforward way to write this bot with grammY. One
// @grammyjs/conversations v2 function walks the form (the same form, read from the same config folder as data):
// which form, which period, then each figure with `conversation.waitFor`, a card, Submit, a receipt. State in Redis
// through the RedisAdapter, @grammyjs/runner with sequentialize, as the grammY documentation shows it. It speaks the
// same buttons (callback data) as the project's bot, so the same simulated akims drive both; it does the same work
// at the end (the report written, the regional totals moved, in one MULTI) and checks numbers with the project's
// parser, but keeps no drafts of its own, no history, no rules, no translations.
import { Bot, InlineKeyboard, type Context } from "grammy";
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import { conversations, createConversation, type Conversation, type ConversationFlavor } from "@grammyjs/conversations";
import { RedisAdapter } from "@grammyjs/storage-redis";
import { autoRetry } from "@grammyjs/auto-retry";
import { Redis } from "ioredis";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { formsForUnit, isNumericFigure, type FormDefinition } from "../../src/domain/forms.ts";
import { parseFigureInput } from "../../src/bot/numberInput.ts";
import { cardAction, formChoice, periodChoice, questionNav } from "../../src/bot/features/report/actions.ts";

type PeerContext = ConversationFlavor<Context>;

/** Every key the peer writes starts with this. */
export const PEER_PREFIX = "peer:";
type Inner = Context;

export interface PeerOptions {
  token: string;
  apiRoot: string;
  botInfo: never;
  redisUrl: string;
  prefix: string;
  configDir: string;
  /** The period the form is filled for (the bot's clock is not needed: one open period). */
  period: string;
  onError: (line: string) => void;
}

export function startPeerBot(options: PeerOptions): { runner: RunnerHandle; close(): Promise<void> } {
  const domain = loadDomainConfig(options.configDir);
  const redis = new Redis(options.redisUrl, { lazyConnect: false });
  // Its own keys outside the benchmark's prefix (the bot's reports are counted by that prefix).
  const prefix = PEER_PREFIX;
  const region = `{${domain.region.id}}`;

  async function unitOf(userId: number): Promise<string | undefined> {
    // The project's user records (written by the benchmark) say which unit a person reports for.
    return (await redis.hget(`${options.prefix}${region}:user:${userId}`, "unit")) ?? undefined;
  }

  async function report(conversation: Conversation<PeerContext, Inner>, ctx: Inner): Promise<void> {
    const userId = ctx.from!.id;
    const unit = await conversation.external(() => unitOf(userId));
    if (unit === undefined) {
      await ctx.reply("Вы не зарегистрированы.");
      return;
    }
    const forms = formsForUnit(domain.forms, unit);
    const formKeyboard = new InlineKeyboard();
    for (const form of forms) formKeyboard.text(form.names.ru, formChoice.pack(form.id)).row();
    await ctx.reply("Какой отчёт вы сдаёте?", { reply_markup: formKeyboard });
    const chosen = await conversation.waitForCallbackQuery(formChoice.filter);
    await chosen.answerCallbackQuery();
    const form: FormDefinition = forms.find((f) => f.id === formChoice.unpack(chosen.callbackQuery.data)?.[0]) ?? forms[0]!;
    await ctx.reply(`${form.names.ru}: за какой период?`, {
      reply_markup: new InlineKeyboard().text("Октябрь 2016", periodChoice.pack(form.id, options.period)),
    });
    const periodPressed = await conversation.waitForCallbackQuery(periodChoice.filter);
    await periodPressed.answerCallbackQuery();
    const period = options.period;

    const values: Record<string, number> = {};
    for (const [index, figure] of form.figures.entries()) {
      const cancel = new InlineKeyboard().text("Отмена", questionNav.pack("cancel", index));
      await ctx.reply(`Вопрос ${index + 1} из ${form.figures.length}. ${figure.label.ru}`, { reply_markup: cancel });
      for (;;) {
        const answer = await conversation.waitFor("message:text");
        const parsed = isNumericFigure(figure) ? parseFigureInput(answer.message.text, figure, "ru") : undefined;
        if (parsed?.ok) {
          values[figure.id] = Number(parsed.value);
          break;
        }
        await ctx.reply("Введите число.", { reply_markup: cancel });
      }
    }
    const lines = form.figures.map((figure) => `${figure.label.ru}: ${values[figure.id] ?? "—"}`);
    await ctx.reply(`Проверьте и отправьте отчёт.\n\n${lines.join("\n")}`, {
      reply_markup: new InlineKeyboard().text("Отправить", cardAction.pack("submit")),
    });
    const submitted = await conversation.waitForCallbackQuery(cardAction.filter);
    await submitted.answerCallbackQuery();
    const version = await conversation.external(async () => {
      const key = `${prefix}${region}:report:${form.id}:${period}:${unit}`;
      const multi = redis.multi().hincrby(key, "version", 1).hset(key, values);
      for (const [figure, value] of Object.entries(values)) multi.hincrby(`${prefix}${region}:totals:${form.id}:${period}`, figure, value);
      const replies = await multi.exec();
      return Number(replies?.[0]?.[1] ?? 1);
    });
    await ctx.reply(`✅ Отчёт принят: ${form.id}, ${unit}, ${period}, версия ${version}`);
  }

  const bot = new Bot<PeerContext>(options.token, { client: { apiRoot: options.apiRoot }, botInfo: options.botInfo });
  bot.api.config.use(autoRetry());
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(
    conversations<PeerContext, Inner>({
      storage: { type: "key", version: 1, prefix: `${prefix}conv:`, adapter: new RedisAdapter({ instance: redis }) },
      // Calls inside a conversation go through a new Api: retries after a lost connection or a 429 are installed there.
      plugins: [
        (ctx, next) => {
          ctx.api.config.use(autoRetry());
          return next();
        },
      ],
    }),
  );
  bot.use(createConversation(report, "report"));
  bot.command("report", (ctx) => ctx.conversation.enter("report"));
  bot.catch((error) => options.onError(String(error.error)));
  const runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "edited_message", "callback_query", "inline_query"] } } });
  return {
    runner,
    close: async () => {
      await redis.quit();
    },
  };
}
