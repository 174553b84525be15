// The polling inbox: updates taken from Telegram's long polling whose handling has not finished, kept in Redis so that
// Telegram can be told they are taken (a higher getUpdates offset) while they are still being handled. One hash,
// update id → the update's JSON. The bot writes a batch and deletes the finished ones in one round trip (keep), and
// reads what is left when it starts (pending): what a killed process had taken and not finished. The store knows
// nothing of Telegram's updates: ids and JSON text.
import type { Keys } from "./keys.ts";
import { execPipeline, type RedisClient } from "./redis.ts";

export interface InboxEntry {
  id: number;
  json: string;
}

export function createInbox(redis: RedisClient, keys: Keys) {
  const key = keys.inbox();
  return {
    /** Whether a write can go now (the connection is up): a write while Redis is away would wait for it. */
    ready: (): boolean => redis.status === "ready",
    /** Adds `entries` and removes the ids in `finished`: one round trip (HSET and HDEL), nothing when both are empty. */
    async keep(entries: readonly InboxEntry[], finished: readonly number[]): Promise<void> {
      if (entries.length === 0 && finished.length === 0) return;
      const pipeline = redis.pipeline();
      if (entries.length > 0) pipeline.hset(key, Object.fromEntries(entries.map((entry) => [String(entry.id), entry.json])));
      if (finished.length > 0) pipeline.hdel(key, ...finished.map(String));
      await execPipeline(pipeline);
    },
    /** What is kept, oldest first (one HGETALL). */
    async pending(): Promise<InboxEntry[]> {
      const hash = await redis.hgetall(key);
      return Object.entries(hash)
        .map(([id, json]) => ({ id: Number(id), json }))
        .filter((entry) => Number.isSafeInteger(entry.id))
        .sort((a, b) => a.id - b.id);
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
