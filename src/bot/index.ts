// createBot: the middleware order, top to bottom. No bot exists at import time.
import { Bot, type BotConfig, type MiddlewareFn } from "grammy";
import { conversations, createConversation } from "@grammyjs/conversations";
import type { UserFromGetMe } from "grammy/types";
import type { BotContext, InnerContext } from "./context.ts";
import type { BotDeps } from "./deps.ts";
import { createI18n } from "./i18n.ts";
import { botApiFetch, installApiTransformers, type ApiPolicy, defaultApiPolicy } from "./api.ts";
import { identify } from "./identity.ts";
import { errorBoundary } from "./errors.ts";
import { gate } from "./gate.ts";
import { webappMenuFeature } from "./features/webappMenu.ts";
import { features } from "./features/index.ts";
import { reportAnswers } from "./features/report/index.ts";
import { recordActivity } from "./features/redeem.ts";
import { fallbackFeature } from "./features/fallback.ts";
import { conversationList } from "./conversations/index.ts";
import { conversationStorage } from "./conversations/storage.ts";
import { sequentialize } from "@grammyjs/runner";
import { countUpdates } from "../metrics.ts";
import { FlatComposer } from "./composer.ts";
import { chatLock, defaultChatLockOptions, type ChatLockOptions } from "./chatLock.ts";

/** Raise when a conversation's code changes, or stored replays break (GRAMMY-NOTES). */
export const CONVERSATIONS_VERSION = 2;

export interface CreateBotOptions {
  token: string;
  deps: BotDeps;
  apiRoot?: string;
  botInfo?: UserFromGetMe;
  apiPolicy?: ApiPolicy;
  /** A per-chat lock in Redis across instances (several webhook instances); off: in-process sequencing only. */
  chatLock?: boolean | ChatLockOptions;
}

export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { deps } = options;
  const config: BotConfig<BotContext> = { client: { apiRoot: options.apiRoot, fetch: botApiFetch as never }, botInfo: options.botInfo };
  const bot = new Bot<BotContext>(options.token, config);
  const policy = options.apiPolicy ?? defaultApiPolicy;
  const client = { token: options.token, apiRoot: options.apiRoot };
  installApiTransformers(bot.api, policy, deps.metrics, client);
  const i18n = createI18n<BotContext>();
  const innerI18n = createI18n<InnerContext>();

  // Every handler in one flat composer (./composer.ts): grammY's own chain costs more per update.
  const handlers = new FlatComposer<BotContext>();
  bot.use(handlers);
  // One chat's updates one at a time (in this process), before anything reads or writes its state.
  handlers.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.catch((error) => deps.logger.error({ err: error.error, update_id: error.ctx?.update.update_id }, "unhandled error"));
  handlers.use(errorBoundary);
  handlers.use(countUpdates(deps.metrics));
  handlers.use(((ctx, next) => {
    ctx.deps = deps;
    return next();
  }) satisfies MiddlewareFn<BotContext>);
  if (options.chatLock) handlers.use(chatLock(options.chatLock === true ? defaultChatLockOptions : options.chatLock));
  handlers.use(identify());
  handlers.use(i18n);
  // Before the gate: a revoked person's menu button goes on their next message.
  handlers.use(webappMenuFeature);
  handlers.use(gate);
  handlers.use(recordActivity);
  handlers.use(reportAnswers);

  handlers.use(
    conversations<BotContext, InnerContext>({
      storage: { type: "context", version: CONVERSATIONS_VERSION, adapter: conversationStorage() },
      // The inside context has none of the outside plugins: bring deps, identity, language and API transformers in.
      plugins: async (conversation) => {
        const outside = await conversation.external((ctx) => ({ viewer: ctx.viewer, locale: ctx.locale, person: ctx.person }));
        return [
          ((ctx, next) => {
            Object.assign(ctx, outside, { deps });
            // Not the direct caller here: the plugin's own transformer records each call for replay and must be the
            // innermost one, so calls inside a conversation go through grammY's client.
            installApiTransformers(ctx.api, policy, deps.metrics);
            return next();
          }) satisfies MiddlewareFn<InnerContext>,
          innerI18n,
        ];
      },
    }),
  );
  for (const { id, builder } of conversationList) handlers.use(createConversation<BotContext, InnerContext>(builder, id));

  for (const feature of features) handlers.use(feature);
  handlers.use(fallbackFeature);
  return bot;
}
