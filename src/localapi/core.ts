// The heart of the server: registered bots, the call pipeline (authorisation, method lookup, faults, the
// method itself, the Telegram-shaped answer, statistics) and the hand-over of updates to bots.
import { EventEmitter } from "node:events";
import { ApiError, errorBody, internalError, notFound, tooManyRequests, unauthorized } from "./errors.ts";
import { EventLog } from "./events.ts";
import { Holds } from "./holds.ts";
import { FaultInjector, RateLimiter, type RateLimitOptions } from "./limits.ts";
import { Described, type MethodHost } from "./method.ts";
import { METHODS } from "./methods/index.ts";
import { argsFromJson, Params } from "./params.ts";
import { StatsRecorder, type CallRecord } from "./stats.ts";
import { BotState } from "./state.ts";
import type { BotRef, BotSpec, TgUser } from "./types.ts";
import type { HandoverStatus } from "./updates.ts";
import { WebhookDelivery, type WebhookTiming } from "./webhook.ts";

export interface CoreOptions {
  firstUpdateId: number;
  webhook: WebhookTiming;
  rateLimits: RateLimitOptions | boolean;
  /** How long answerCallbackQuery is accepted after the press. */
  callbackQueryTtlMs: number;
  inlineQueryTtlMs: number;
  /** Calls kept for stats().calls (oldest dropped first). */
  maxRecordedCalls: number;
  /** Events kept by the event log (oldest dropped first). */
  maxEvents?: number;
  /** Refuse http:// webhook URLs as Telegram does (off: local test servers speak plain HTTP). */
  requireHttpsWebhooks: boolean;
}

export type CallOutcome =
  | { kind: "reply"; status: number; body: Record<string, unknown> }
  | { kind: "drop" }
  | { kind: "drop_after"; status: number; body: Record<string, unknown> };

const TOKEN_FORM = /^\d+:[A-Za-z0-9_-]+$/;
const NOT_AS_WEBHOOK_REPLY = new Set(["deletewebhook", "setwebhook", "close", "logout"]);

/**
 * Emits "call" (CallRecord) after every call, "pollWaiting" ({ botId }) when a getUpdates call starts to
 * wait, and "webhookAttempt" ({ botId, updateId, url, ok, status?, error? }) after every webhook POST.
 */
export class Core extends EventEmitter implements MethodHost {
  readonly bots = new Map<string, BotState>();
  readonly users = new Map<number, TgUser>();
  readonly events: EventLog;
  readonly stats: StatsRecorder;
  readonly limiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly holds = new Holds();
  private readonly webhooks = new Map<BotState, WebhookDelivery>();
  private nextQueryId = 1;

  constructor(readonly options: CoreOptions) {
    super();
    this.events = new EventLog(options.maxEvents);
    this.stats = new StatsRecorder(options.maxRecordedCalls);
    this.limiter = new RateLimiter(options.rateLimits);
  }

  addBot(spec: BotSpec): BotState {
    if (!TOKEN_FORM.test(spec.token)) throw new Error(`addBot: "${spec.token}" is not a bot token (id:secret)`);
    if (this.bots.has(spec.token)) throw new Error(`addBot: a bot with token ${spec.token} is already registered`);
    const bot = new BotState(spec.token, spec, this.options.firstUpdateId);
    bot.updates.onPollWaiting = () => this.emit("pollWaiting", { botId: bot.id });
    this.bots.set(spec.token, bot);
    this.webhooks.set(
      bot,
      new WebhookDelivery(bot.updates, this.options.webhook, {
        onAttempt: (attempt) => {
          this.stats.webhook(attempt.ok);
          this.emit("webhookAttempt", { botId: bot.id, ...attempt });
        },
        onReply: (body) => this.runWebhookReply(bot, body),
      }),
    );
    return bot;
  }

  /** A bot by token or id; the first registered one when `ref` is omitted. */
  bot(ref?: BotRef): BotState {
    if (ref === undefined) {
      const first = this.bots.values().next();
      if (first.done === true) throw new Error("No bot registered: call addBot() first");
      return first.value;
    }
    for (const bot of this.bots.values()) if (bot.token === ref || bot.id === ref) return bot;
    throw new Error(`No bot ${String(ref)} registered`);
  }

  webhookOf(bot: BotState): WebhookDelivery {
    return this.webhooks.get(bot)!;
  }

  /** A fresh id for callback and inline queries (numeric strings, as Telegram's are). */
  queryId(): string {
    return String(4_611_686_018_427_000_000n + BigInt(this.nextQueryId++));
  }

  /** Queues an update for a bot unless its allowed_updates exclude the type. */
  enqueue(bot: BotState, type: string, key: string, payload: Record<string, unknown>): { id: number; done: Promise<HandoverStatus> } {
    if (!bot.allows(type)) return { id: bot.updates.skipId(), done: Promise.resolve("filtered") };
    return bot.updates.push(type, key, structuredClone(payload));
  }

  async call(token: string, methodName: string, params: Params, signal: AbortSignal): Promise<CallOutcome> {
    const started = performance.now();
    const bot = this.bots.get(token);
    const entry = METHODS.get(methodName.toLowerCase());
    const method = entry?.name ?? methodName;
    let outcome: CallOutcome;
    let fault: string | undefined;
    try {
      if (bot === undefined) throw TOKEN_FORM.test(token) ? unauthorized() : notFound();
      if (entry === undefined) throw notFound();
      const injected = this.faults.take(method, token);
      fault = injected?.kind;
      if (injected !== undefined) this.stats.fault();
      if (injected?.kind === "429") throw tooManyRequests(injected.retryAfter ?? 1);
      if (injected?.kind === "500") throw internalError();
      const chatId = params.has("chat_id") ? Number(params.str("chat_id")) : undefined;
      if (injected?.kind === "drop" || (await this.holds.wait(method, token, chatId, signal)) === "gone") {
        outcome = { kind: "drop" };
      } else {
        const value = await entry.handler({ core: this, bot, p: params, method, signal });
        const body: Record<string, unknown> =
          value instanceof Described
            ? { ok: true, result: value.result, description: value.description }
            : { ok: true, result: value };
        outcome = injected?.kind === "drop_after" ? { kind: "drop_after", status: 200, body } : { kind: "reply", status: 200, body };
      }
    } catch (error) {
      const apiError = error instanceof ApiError ? error : internalError();
      if (!(error instanceof ApiError)) console.error("local Bot API: %s failed:", method, error);
      const body = errorBody(apiError) as unknown as Record<string, unknown>;
      outcome = fault === "drop_after" ? { kind: "drop_after", status: apiError.code, body } : { kind: "reply", status: apiError.code, body };
    }
    const record: Omit<CallRecord, "seq"> = {
      at: Date.now(),
      botId: bot?.id ?? 0,
      method,
      params: params.summary(),
      status: outcome.kind === "drop" ? 0 : outcome.status,
      durationMs: performance.now() - started,
    };
    if (outcome.kind !== "drop" && outcome.body.ok === false) record.description = String(outcome.body.description);
    this.stats.call(record);
    this.emit("call", record);
    return outcome;
  }

  /** A webhook answered 2xx with a method call in its body: run it like the Bot API server does. */
  private async runWebhookReply(bot: BotState, body: Record<string, unknown>): Promise<void> {
    const method = String(body.method);
    const lower = method.toLowerCase();
    if (NOT_AS_WEBHOOK_REPLY.has(lower) || lower.startsWith("get")) return;
    const rest = { ...body };
    delete rest.method;
    await this.call(bot.token, method, new Params(argsFromJson(rest)), new AbortController().signal);
  }

  close(): void {
    this.holds.releaseAll();
    for (const bot of this.bots.values()) {
      this.webhookOf(bot).close();
      bot.updates.releasePoll();
      bot.updates.clear("closed");
    }
    this.events.cancelWaits();
  }
}
