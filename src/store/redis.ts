// The Redis connection: one factory for every deployment form, and the Lua scripts registered on it.
import { readFileSync } from "node:fs";
import { Redis, type ChainableCommander, type RedisOptions } from "ioredis";

/**
 * Options for createRedis from a URL: `redis://[user:pass@]host:port[/db]`, `rediss://…` (TLS),
 * a unix socket path `/run/redis.sock[?db=2&password=…]` or `unix:///run/redis.sock[?…]`.
 * Explicit `opts` win over what the URL says.
 */
export function redisOptions(opts: RedisOptions = {}): RedisOptions {
  return {
    lazyConnect: false,
    // Commands issued in the same tick by concurrent updates go out in one write: fewer syscalls, same command count.
    enableAutoPipelining: true,
    // Reconnect for ever, backing off to 2 s, so a Redis restart heals by itself.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000) + Math.floor(Math.random() * 100),
    // A command waits through a few reconnects only: the update then fails, the user is told, Telegram resends.
    maxRetriesPerRequest: 3,
    // After a failover the old primary answers READONLY: reconnect and resend the command.
    reconnectOnError: (error) => (error.message.startsWith("READONLY") ? 2 : false),
    connectionName: "akimat-bot",
    ...opts,
  };
}

export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  const target = url.startsWith("unix://") ? url.slice("unix://".length) : url;
  return new Redis(target, redisOptions(opts));
}

const SUBMIT_REPORT_LUA = readFileSync(new URL("./submit-report.lua", import.meta.url), "utf8");

/** A client with the store's scripts defined (EVALSHA, falling back to EVAL once per connection). */
export type StoreRedis = Redis & {
  submitReport(numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
};

export function defineScripts(redis: Redis): StoreRedis {
  if (!("submitReport" in redis)) redis.defineCommand("submitReport", { lua: SUBMIT_REPORT_LUA });
  return redis as StoreRedis;
}

/** Runs a pipeline (one round trip) and returns its replies, throwing the first error. */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = await pipeline.exec();
  if (!replies) throw new Error("pipeline discarded");
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
