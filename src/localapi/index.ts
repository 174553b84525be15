/**
 * A local HTTP server that speaks the Telegram Bot API as Telegram does, for end-to-end tests, the terminal
 * sandbox and benchmarks (Telegram itself is unreachable here).
 *
 * ```ts
 * const api = await LocalBotApi.start();                        // 127.0.0.1, a free port
 * api.addBot({ token: "123:abc", id: 123, username: "akimat_bot", first_name: "Akimat" });
 * const bot = new Bot("123:abc", { client: { apiRoot: api.apiRoot } });   // real grammY
 * bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
 * void bot.start();                                              // or setWebhook to your webhookCallback
 * const user = api.user({ id: 42, first_name: "Aigerim" });      // opens the private chat
 * const { replies } = await user.send("hello");                  // resolves once the bot handled it
 * replies[0]?.text;                                              // "echo: hello"
 * await bot.stop();
 * await api.close();
 * ```
 *
 * Bot side: getUpdates long polling (offset, limit, timeout, allowed_updates) or webhook delivery (secret
 * header, per-chat order, retries), message methods with Telegram's validation and error descriptions,
 * files, commands, callback and inline answers. User side: `user()` / `group()` handles whose actions
 * resolve when the update was handed over and handled. Observation: `events` (every bot action, in order),
 * `waitFor`, `mark`/`eventsSince`, `messages`, `stats()`. Tests can inject faults (`injectFault`), hold a call (`hold`) and switch
 * on Telegram's send rate limits (`setRateLimits`).
 */
import { EventEmitter } from "node:events";
import { Core } from "./core.ts";
import type { BotEvent, EventLog, EventPredicate, WaitOptions } from "./events.ts";
import { HttpFront } from "./http.ts";
import type { FaultSpec, RateLimitOptions } from "./limits.ts";
import type { Hold, HoldSpec } from "./holds.ts";
import type { ApiStats } from "./stats.ts";
import type { BotRef, BotSpec, TgMessage, TgUser } from "./types.ts";
import { GroupHandle, makeUser, privateChat, UserHandle, type GroupSpec, type UserSpec } from "./user.ts";

export interface LocalBotApiOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Telegram's send limits (true: 30/s per bot, 1/s per private chat, 20/min per group); off by default. */
  rateLimits?: RateLimitOptions | boolean;
  /** First webhook retry delay (ms, default 100), doubling per failure up to `webhookRetryMaxMs` (default 2000). */
  webhookRetryMs?: number;
  webhookRetryMaxMs?: number;
  /** How long a webhook POST may take (ms, default 30000). */
  webhookTimeoutMs?: number;
  /** Refuse http:// webhook URLs as Telegram does (default false). */
  requireHttpsWebhooks?: boolean;
  /** How long a user action waits for its hand-over before it rejects (ms, default 10000). */
  handoverTimeoutMs?: number;
  /** How long callback and inline queries can be answered (ms, default 60000). */
  queryTtlMs?: number;
  /** The first update_id (default 1). */
  firstUpdateId?: number;
  /** How many calls stats().calls keeps, newest last (default 10000; 0 keeps none). */
  maxRecordedCalls?: number;
  /** How many bot events `events` keeps at least, the oldest dropped first (default 100000). */
  maxEvents?: number;
}

export class LocalBotApi extends EventEmitter {
  /** For grammY: `new Bot(token, { client: { apiRoot } })`. */
  readonly apiRoot: string;

  private constructor(
    private readonly core: Core,
    private readonly front: HttpFront,
    readonly port: number,
    private readonly handoverTimeoutMs: number,
  ) {
    super();
    this.apiRoot = `http://127.0.0.1:${port}`;
    for (const name of ["call", "pollWaiting", "webhookAttempt"]) core.on(name, (payload: unknown) => this.emit(name, payload));
  }

  /**
   * Starts listening. Emits "call" (a CallRecord, after each call), "pollWaiting" ({ botId }, when a
   * getUpdates call starts to wait) and "webhookAttempt" ({ botId, updateId, url, ok, status?, error? }).
   */
  static async start(options: LocalBotApiOptions = {}): Promise<LocalBotApi> {
    const queryTtl = options.queryTtlMs ?? 60_000;
    const core = new Core({
      firstUpdateId: options.firstUpdateId ?? 1,
      webhook: {
        retryInitialMs: options.webhookRetryMs ?? 100,
        retryMaxMs: options.webhookRetryMaxMs ?? 2000,
        timeoutMs: options.webhookTimeoutMs ?? 30_000,
      },
      rateLimits: options.rateLimits ?? false,
      callbackQueryTtlMs: queryTtl,
      inlineQueryTtlMs: queryTtl,
      maxRecordedCalls: options.maxRecordedCalls ?? 10_000,
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      requireHttpsWebhooks: options.requireHttpsWebhooks ?? false,
    });
    const front = new HttpFront(core);
    const port = await front.listen("127.0.0.1", options.port ?? 0);
    return new LocalBotApi(core, front, port, options.handoverTimeoutMs ?? 10_000);
  }

  /** Registers a bot; calls with an unknown token get 401 Unauthorized. Returns what getMe answers. */
  addBot(spec: BotSpec): TgUser {
    return { ...this.core.addBot(spec).user };
  }

  /** A person with their private chat with the bot (the first bot unless `bot` says which). */
  user(spec: UserSpec, bot?: BotRef): UserHandle {
    const state = this.core.bot(bot);
    const user = makeUser(spec);
    this.core.users.set(user.id, user);
    const record = state.openChat(privateChat(user));
    return new UserHandle(this.core, state, record, user, this.handoverTimeoutMs);
  }

  /** A group the bot is a member of; users join it with `user.in(group)`. */
  group(spec: GroupSpec, bot?: BotRef): GroupHandle {
    if (spec.id >= 0) throw new Error(`group: chat ids of groups are negative (got ${spec.id})`);
    const state = this.core.bot(bot);
    const record = state.openChat({
      id: spec.id,
      type: spec.type ?? "group",
      title: spec.title,
      ...(spec.username === undefined ? {} : { username: spec.username }),
    });
    record.members.set(state.id, state.user);
    if (spec.botIsAdmin === true) record.admins.add(state.id);
    return new GroupHandle(this.core, state, record);
  }

  /** Every bot action, in order; emits "event" (BotEvent). */
  get events(): EventLog {
    return this.core.events;
  }

  /** The seq of the newest event, for eventsSince(). */
  mark(): number {
    return this.core.events.mark();
  }

  /** Events after a mark, optionally in one chat. */
  eventsSince(mark: number, chatId?: number): BotEvent[] {
    return this.core.events.since(mark, chatId);
  }

  /**
   * Resolves with the next bot event in `chatId` (any chat: undefined) that matches; `since` also accepts
   * events recorded after that mark. Rejects after `timeoutMs` (default 5000).
   */
  waitFor(chatId: number | undefined, predicate?: EventPredicate, options: number | WaitOptions = {}): Promise<BotEvent> {
    return this.core.events.waitFor(chatId, predicate, typeof options === "number" ? { timeoutMs: options } : options);
  }

  /** A chat's current messages (edits applied, deletions gone), oldest first. */
  messages(chatId: number, bot?: BotRef): TgMessage[] {
    const record = this.core.bot(bot).chats.get(chatId);
    return record === undefined ? [] : [...record.messages.values()].map((m) => structuredClone(m));
  }

  /** Updates waiting for the bot (not yet confirmed or delivered). */
  pendingUpdates(bot?: BotRef): number {
    return this.core.bot(bot).updates.size;
  }

  /** The next matching call(s) get a 429, a 500, or a dropped connection. */
  injectFault(spec: FaultSpec): void {
    this.core.faults.inject(spec);
  }

  /**
   * Holds the next matching call (default: any method but getUpdates) before it runs, until `release()`; if the
   * bot's connection closes meanwhile (the bot was killed) the call never runs. For tests of the moment between
   * an update being received and the bot's reply.
   */
  hold(spec: HoldSpec = {}): Hold {
    return this.core.holds.add(spec);
  }

  clearFaults(): void {
    this.core.faults.clear();
  }

  /** Switches Telegram's send limits on (true, or rules) or off (false). */
  setRateLimits(limits: RateLimitOptions | boolean): void {
    this.core.limiter.configure(limits);
  }

  /** Requests, per method and per status, 429s, faults, webhook deliveries and the received calls. */
  stats(): ApiStats {
    return this.core.stats.snapshot();
  }

  resetStats(): void {
    this.core.stats.reset();
  }

  /** Stops webhook delivery, answers waiting polls with no updates, settles pending user actions as
   * "closed", fails pending waitFor calls and closes every connection. */
  async close(): Promise<void> {
    this.core.close();
    // Let the released polls write their empty answers before the connections go.
    await new Promise((resolve) => setImmediate(resolve));
    await this.front.close();
  }
}

export { GroupHandle, UserHandle };
export type { BotEvent, BotEventKind, EventPredicate, WaitOptions } from "./events.ts";
export type { FaultSpec, RateLimitOptions, RateRule } from "./limits.ts";
export type { Hold, HeldCall, HoldSpec } from "./holds.ts";
export type { ApiStats, CallRecord } from "./stats.ts";
export type { CallbackAnswer, InlineAnswer } from "./state.ts";
export type { BotRef, BotSpec, TgChat, TgMessage, TgUpdate, TgUser } from "./types.ts";
export type { HandoverStatus } from "./updates.ts";
export type { Delivered, GroupSpec, InlineResult, Pressed, SentMessage, UserAction, UserSpec } from "./user.ts";
export type { WebhookAttempt } from "./webhook.ts";
export { LIGHT_THEME, signInitData, webAppLaunchUrl, type InitDataOptions } from "./webapp.ts";
