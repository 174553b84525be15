// One chat's updates one at a time across bot instances: a lock per chat in Redis, for several instances behind one
// webhook address. `sequentialize` orders a chat's updates inside one process only; Telegram may still hand a chat's
// updates to two instances at once (a message and a button press travel in different delivery queues, an update is
// resent while its first delivery is still being handled, the webhook answered on timeout while work went on).
//
// Cost: two Redis commands per update (SET NX PX, GETDEL), none of them a script. Waiting polls with a growing delay.
// The lock expires after `ttlMs` unless extended, so a crashed instance holds a chat for at most that long; while a
// handler runs the lock is extended every ttlMs / 3 (a compare-and-extend script, only for handlers that long).
// GETDEL releases and tells whose lock it was: when ours had expired and another instance had taken it (the handler
// stalled for longer than the TTL), its token is put back at once and the event is logged.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.ts";

export interface ChatLockOptions {
  /** How long a lock lives unless extended (ms): a crashed instance blocks its chats this long at most. */
  ttlMs: number;
  /** How long to wait for another instance's lock before handling anyway (ms); the wait is logged. */
  maxWaitMs: number;
}

export const defaultChatLockOptions: ChatLockOptions = { ttlMs: 10_000, maxWaitMs: 60_000 };

const FIRST_RETRY_MS = 5;
const LONGEST_RETRY_MS = 100;

/** The chat an update belongs to, as sequentialize keys it; none for inline queries (read-only, answered at once). */
function chatOf(ctx: BotContext): number | undefined {
  if (ctx.inlineQuery || ctx.chosenInlineResult) return undefined;
  return ctx.chat?.id ?? ctx.from?.id;
}

/** Middleware: runs the rest of the chain holding the chat's lock. Install after the deps are on the context. */
export function chatLock(options: ChatLockOptions = defaultChatLockOptions): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chatId = chatOf(ctx);
    if (chatId === undefined) return next();
    const { logger } = ctx.deps;
    const chats = ctx.deps.store.chats;
    const token = randomBytes(9).toString("base64url");
    const log = { chat: chatId, update_id: ctx.update.update_id };

    const waitStarted = performance.now();
    let delay = FIRST_RETRY_MS;
    let held = false;
    while (!held) {
      held = await chats.takeLock(chatId, token, options.ttlMs);
      if (held) break;
      const waited = performance.now() - waitStarted;
      if (waited >= options.maxWaitMs) {
        logger.warn({ ...log, event: "chat-lock-timeout", waitedMs: Math.round(waited) }, "another instance held this chat too long; handling without the lock");
        return next();
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, LONGEST_RETRY_MS);
    }

    const extender = setInterval(() => {
      chats.extendLock(chatId, token, options.ttlMs).then(
        (extended) => {
          if (!extended) logger.warn({ ...log, event: "chat-lock-lost" }, "the chat lock expired while the update was handled");
        },
        (err: unknown) => logger.warn({ ...log, err, event: "chat-lock-extend-failed" }, "could not extend the chat lock"),
      );
    }, Math.max(1, Math.floor(options.ttlMs / 3)));
    try {
      await next();
    } finally {
      clearInterval(extender);
      const released = chats.releaseLock(chatId, token, options.ttlMs).then((own) => {
        // Ours had expired and another instance holds the chat now: its lock was given back.
        if (!own) logger.warn({ ...log, event: "chat-lock-lost" }, "the chat lock had expired before the update was handled");
      });
      await released.catch((err: unknown) =>
        logger.warn({ ...log, err, event: "chat-lock-release-failed" }, "could not release the chat lock; it expires by itself"),
      );
    }
  };
}
