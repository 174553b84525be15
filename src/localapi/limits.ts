// Production limits that can be switched on (Telegram's send rates) and faults injected on purpose.
import { tooManyRequests } from "./errors.ts";

/** At most `limit` sends within any `windowMs`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/** `false` switches a rule off; an omitted rule takes Telegram's default. */
export interface RateLimitOptions {
  /** All sends of one bot: about 30 a second. */
  global?: RateRule | false;
  /** One private chat: about 1 a second. */
  perChat?: RateRule | false;
  /** One group: about 20 a minute. */
  perGroup?: RateRule | false;
}

export const TELEGRAM_RATE_LIMITS: Required<RateLimitOptions> = {
  global: { limit: 30, windowMs: 1000 },
  perChat: { limit: 1, windowMs: 1000 },
  perGroup: { limit: 20, windowMs: 60_000 },
};

/** Sliding windows per bot and per chat; a refused send does not count. */
export class RateLimiter {
  private rules: Required<RateLimitOptions> | undefined;
  private readonly windows = new Map<string, number[]>();

  constructor(options: RateLimitOptions | boolean | undefined, private readonly now: () => number = Date.now) {
    this.configure(options);
  }

  configure(options: RateLimitOptions | boolean | undefined): void {
    this.windows.clear();
    if (options === undefined || options === false) this.rules = undefined;
    else this.rules = { ...TELEGRAM_RATE_LIMITS, ...(options === true ? {} : options) };
  }

  get enabled(): boolean {
    return this.rules !== undefined;
  }

  /** Throws a 429 with retry_after when one more send from `botId` into `chatId` would break a rule. */
  check(botId: number, chatId: number): void {
    const rules = this.rules;
    if (rules === undefined) return;
    const now = this.now();
    const chatRule = chatId < 0 ? rules.perGroup : rules.perChat;
    const keys: [string, RateRule | false][] = [
      [`${botId}`, rules.global],
      [`${botId}:${chatId}`, chatRule],
    ];
    let wait = 0;
    for (const [key, rule] of keys) {
      if (rule === false) continue;
      const recent = (this.windows.get(key) ?? []).filter((t) => t > now - rule.windowMs);
      this.windows.set(key, recent);
      if (recent.length >= rule.limit) wait = Math.max(wait, recent[recent.length - rule.limit]! + rule.windowMs - now);
    }
    if (wait > 0) throw tooManyRequests(wait / 1000);
    for (const [key, rule] of keys) if (rule !== false) this.windows.get(key)!.push(now);
  }
}

export interface FaultSpec {
  /** Only calls of this method (case-insensitive); any method, getUpdates included, when omitted. */
  method?: string;
  /** Only calls of the bot with this token. */
  token?: string;
  /** "429": Too Many Requests with retry_after; "500": Internal Server Error; "drop": the connection is
   * destroyed before the call runs; "drop_after": the call runs, then the connection is destroyed. */
  kind: "429" | "500" | "drop" | "drop_after";
  /** Seconds for a 429 (integer ≥ 1; default 1). */
  retryAfter?: number;
  /** How many matching calls get the fault (default 1). */
  times?: number;
}

/** Faults waiting for matching calls, first injected first used. */
export class FaultInjector {
  private readonly pending: { spec: FaultSpec; left: number }[] = [];

  inject(spec: FaultSpec): void {
    this.pending.push({ spec, left: spec.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** The fault for this call, if any (consumed). */
  take(method: string, token: string): FaultSpec | undefined {
    const index = this.pending.findIndex(
      ({ spec }) =>
        (spec.method === undefined || spec.method.toLowerCase() === method.toLowerCase()) &&
        (spec.token === undefined || spec.token === token),
    );
    if (index < 0) return undefined;
    const entry = this.pending[index]!;
    if (--entry.left <= 0) this.pending.splice(index, 1);
    return entry.spec;
  }
}
