// The benchmark's own redis-server (never the shared one) and what it tells about commands and memory.
import type { Redis } from "ioredis";
import { startRedisServer, type RedisServer } from "../../src/devtools/redisServer.ts";
import { createRedis } from "../../src/store/redis.ts";

/** Commands the benchmark itself sends while measuring: never counted as the bot's. */
const OWN_COMMANDS = new Set(["info", "config", "memory", "scan", "dbsize", "flushall", "ping", "client", "select", "hello"]);

export interface BenchRedis {
  /** The unix socket: REDIS_URL for the bot and the store. */
  url: string;
  /** A client for setup, statistics and memory questions. */
  admin: Redis;
  stop(): Promise<void>;
}

export async function startBenchRedis(): Promise<BenchRedis> {
  const server: RedisServer = await startRedisServer();
  const admin = createRedis(server.socket, { connectionName: "bench-admin" });
  await admin.ping();
  return {
    url: server.socket,
    admin,
    stop: async () => {
      admin.disconnect();
      await server.stop();
    },
  };
}

/** Calls per command since the last CONFIG RESETSTAT (commands inside Lua scripts included), without our own. */
export async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const text = await redis.info("commandstats");
  const calls: Record<string, number> = {};
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const name = match[1]!.toLowerCase();
    // Subcommands read "config|resetstat", "client|setname": the command is the part before the bar.
    if (!OWN_COMMANDS.has(name.split("|")[0]!)) calls[name] = Number(match[2]);
  }
  return calls;
}

export function totalCalls(calls: Record<string, number>): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0);
}

/**
 * Empties the benchmark's Redis between scenarios. ASYNC: the keys are freed in a background thread, so a database
 * of 168,000 reports does not hold the server (and our 5 s command timeout) while it goes.
 */
export async function flushBench(redis: Redis): Promise<void> {
  await redis.flushall("ASYNC");
}

export async function resetCommandStats(redis: Redis): Promise<void> {
  await redis.config("RESETSTAT");
}

export async function usedMemory(redis: Redis): Promise<number> {
  const text = await redis.info("memory");
  return Number(/^used_memory:(\d+)/m.exec(text)?.[1] ?? 0);
}

/** MEMORY USAGE of each key (all of a nested value's elements counted), in one round trip. */
export async function memoryUsage(redis: Redis, keys: readonly string[]): Promise<number[]> {
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.call("MEMORY", "USAGE", key, "SAMPLES", "0");
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, bytes]) => {
    if (error) throw error;
    return Number(bytes ?? 0);
  });
}

/** Every key matching a pattern (SCAN, for setup and memory questions only). */
export async function keysMatching(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

/**
 * Counts what a client writes to its socket: each write is one batch of commands sent together (a pipeline, an
 * auto-pipelined tick, or a single command), i.e. one round trip the caller waits for.
 */
export function countWrites(redis: Redis): { readonly writes: number; reset(): void } {
  const stream = (redis as unknown as { stream?: { write: (...args: unknown[]) => boolean } }).stream;
  if (stream === undefined) throw new Error("countWrites: the client is not connected yet");
  let writes = 0;
  const original = stream.write.bind(stream);
  stream.write = (...args: unknown[]) => {
    writes++;
    return original(...args);
  };
  return {
    get writes() {
      return writes;
    },
    reset() {
      writes = 0;
    },
  };
}

/** CPU seconds the redis-server process has used (user + system), from INFO cpu. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const text = await redis.info("cpu");
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(text)?.[1] ?? 0);
  return read("used_cpu_user") + read("used_cpu_sys");
}
