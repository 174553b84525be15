// What a Bot API method implementation receives and may return.
import type { EventLog } from "./events.ts";
import type { RateLimiter } from "./limits.ts";
import type { Params } from "./params.ts";
import type { BotState } from "./state.ts";
import type { TgUser } from "./types.ts";
import type { WebhookDelivery } from "./webhook.ts";

/** A method's result with the "description" Telegram adds to some answers (setWebhook's "Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

/** What a method may use of the server: Core implements it, and methods never import core.ts (no import cycle). */
export interface MethodHost {
  readonly users: Map<number, TgUser>;
  readonly events: EventLog;
  readonly limiter: RateLimiter;
  readonly options: { requireHttpsWebhooks: boolean; callbackQueryTtlMs: number; inlineQueryTtlMs: number };
  webhookOf(bot: BotState): WebhookDelivery;
}

export interface MethodContext {
  core: MethodHost;
  bot: BotState;
  p: Params;
  /** The method's canonical name ("sendMessage"). */
  method: string;
  /** Aborted when the client goes away (long polls stop waiting). */
  signal: AbortSignal;
}

/** Returns the result (or a Described result); throws ApiError for a failed call. */
export type MethodHandler = (ctx: MethodContext) => unknown;
