// The error boundary: a person never sees a stack trace; the log gets the detail (without the token).
//
// The update is then answered (HTTP 200 in webhook mode), never left for Telegram to resend: the person was told
// what happened and resends the answer when Redis is back, and a resend hours later would arrive out of context.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.ts";
import type { Locale } from "../domain/locale.ts";
import { createI18n, negotiateLocale } from "./i18n.ts";

export const errorBoundary: MiddlewareFn<BotContext> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const unavailable = isStorageUnavailable(error);
    ctx.deps?.logger.error(
      { err: error, update_id: ctx.update.update_id, ...(unavailable ? { event: "storage-unavailable" } : {}) },
      "update failed",
    );
    await apologise(ctx, unavailable ? "error-storage-unavailable" : "error-generic").catch((replyError: unknown) =>
      ctx.deps?.logger.warn({ err: replyError, update_id: ctx.update.update_id }, "could not tell the user about an error"),
    );
  } finally {
    if (ctx.from && ctx.locale) languages.remember(ctx.from.id, ctx.locale);
  }
};

/**
 * Redis could not be reached or did not answer in time (ioredis: retries per request used up, command timeout,
 * connection closed or refused), or answered that it cannot serve now (loading its data, failover under way), or
 * too few replicas confirmed a submission in time (REDIS_WAIT_REPLICAS).
 */
export function isStorageUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === "MaxRetriesPerRequestError" || e.name === "ReplicationTimeoutError") return true;
    if (/^(Command timed out|Connection is closed|Stream isn't writeable|LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN)/.test(e.message)) return true;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && CONNECTION_ERRORS.has(code)) return true;
  }
  return false;
}

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * The language each recent person was last answered in: when Redis is down their saved choice cannot be read, and
 * they should still be told in their own language (Telegram's language is the last resort). Bounded, oldest out.
 */
class RecentLanguages {
  private readonly byUser = new Map<number, Locale>();
  constructor(private readonly limit: number) {}

  remember(userId: number, locale: Locale): void {
    if (this.byUser.get(userId) === locale) return;
    this.byUser.delete(userId);
    this.byUser.set(userId, locale);
    if (this.byUser.size > this.limit) this.byUser.delete(this.byUser.keys().next().value!);
  }

  get(userId: number | undefined): Locale | undefined {
    return userId === undefined ? undefined : this.byUser.get(userId);
  }
}

const languages = new RecentLanguages(50_000);

// For errors before the i18n middleware ran (e.g. Redis unreachable while reading who the person is).
let fallbackI18n: ReturnType<typeof createI18n<BotContext>> | undefined;

async function apologise(ctx: BotContext, key: string): Promise<void> {
  if (!ctx.chat || ctx.chat.type !== "private") return;
  fallbackI18n ??= createI18n<BotContext>();
  const locale = ctx.locale ?? languages.get(ctx.from?.id) ?? negotiateLocale(undefined, ctx.from?.language_code);
  const text = typeof ctx.t === "function" ? ctx.t(key) : fallbackI18n.t(locale, key);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(text);
}
