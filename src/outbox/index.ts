// One outbox queue object per Redis client, shared by the scheduler and "remind the missing" (called from a bot
// feature): jobs wait in Redis until any instance's outbox worker sends them.
import type { RedisClient } from "../store/redis.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../store/index.ts";
import { createOutboxQueue, type OutboxQueue } from "./queue.ts";

const queues = new WeakMap<RedisClient, OutboxQueue>();

export function outboxFor(deps: { redis: RedisClient; store: Pick<Store, "calendar">; logger: Logger }): OutboxQueue {
  let queue = queues.get(deps.redis);
  if (!queue) {
    queue = createOutboxQueue(deps.redis, deps.store.calendar.keys.bullPrefix, deps.logger);
    queues.set(deps.redis, queue);
  }
  return queue;
}

export async function closeOutboxFor(redis: RedisClient): Promise<void> {
  const queue = queues.get(redis);
  queues.delete(redis);
  await queue?.close();
}
