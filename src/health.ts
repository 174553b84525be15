// GET /healthz: Redis answers a PING within a short time, and Telegram's webhook points where it should.
// The webhook answer is cached (default 60 s), so a probe every few seconds does not ask the Bot API each time.
import type { RedisClient } from "./store/redis.ts";
import type { Api } from "grammy";
import type { Clock } from "./clock.ts";

export interface HealthReport {
  ok: boolean;
  /** "ok", or what is wrong: "unreachable". */
  redis: string;
  /** "ok", or what is wrong: "not set", "points elsewhere", "set (polling needs none)", "unknown (Bot API unreachable)"; absent when not checked. */
  webhook?: string;
}

export type HealthCheck = () => Promise<HealthReport>;

export interface HealthOptions {
  redis: RedisClient;
  /** Asked for getWebhookInfo; without it the webhook is not checked. */
  api?: Pick<Api, "getWebhookInfo">;
  /** The webhook URL this deployment serves; "" in polling mode, where no webhook must be set. */
  webhookUrl?: () => string;
  /** For the cache (the app's clock, so tests can move past it). */
  clock: Clock;
  webhookCacheMs?: number;
  pingTimeoutMs?: number;
  /** The longest wait for getWebhookInfo (auto-retry would otherwise wait out a Telegram outage). */
  webhookTimeoutMs?: number;
}

const FAILED_LOOKUP_CACHE_MS = 10_000;

export function createHealthCheck(options: HealthOptions): HealthCheck {
  const cacheMs = options.webhookCacheMs ?? 60_000;
  let cached: { answer: string; until: number } | undefined;

  async function redisState(): Promise<string> {
    const ok = await withTimeout(options.redis.ping(), options.pingTimeoutMs ?? 1000);
    return ok ? "ok" : "unreachable";
  }

  async function webhookState(api: Pick<Api, "getWebhookInfo">, expected: string): Promise<string> {
    const now = options.clock.now().getTime();
    if (cached && now < cached.until) return cached.answer;
    // grammY types the signal with the abort-controller polyfill; Node's own works the same.
    const signal = AbortSignal.timeout(options.webhookTimeoutMs ?? 3000) as unknown as Parameters<Api["getWebhookInfo"]>[0];
    const answer = await api.getWebhookInfo(signal).then(
      (info) => webhookAnswer(info.url ?? "", expected),
      () => "unknown (Bot API unreachable)",
    );
    cached = { answer, until: now + (answer.startsWith("unknown") ? Math.min(cacheMs, FAILED_LOOKUP_CACHE_MS) : cacheMs) };
    return answer;
  }

  return async () => {
    const api = options.api;
    const expected = options.webhookUrl?.();
    const [redis, webhook] = await Promise.all([
      redisState(),
      api && expected !== undefined ? webhookState(api, expected) : Promise.resolve(undefined),
    ]);
    return { ok: redis === "ok" && (webhook === undefined || webhook === "ok"), redis, ...(webhook === undefined ? {} : { webhook }) };
  };
}

function webhookAnswer(actual: string, expected: string): string {
  if (actual === expected) return "ok";
  if (expected === "") return "set (polling needs none)";
  return actual === "" ? "not set" : "points elsewhere";
}

/** true when the promise fulfils within `ms`; false when it rejects or takes longer (it is then left to settle). */
function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}
