// The outbox as the bot and the scheduler hold it (BotDeps.outbox): one queue per app, shared by the scheduler and
// "remind the missing" (a bot feature); jobs wait in Redis until any instance's outbox worker sends them. The queue
// is opened on first use and opened again after close() (a scheduler restarted in the same process).
import type { Job } from "bullmq";
import type { RedisClient } from "../store/redis.ts";
import type { Keys } from "../store/keys.ts";
import type { Logger } from "../logger.ts";
import { createOutboxQueue, enqueue, type OutboxMessage, type OutboxQueue } from "./queue.ts";

export type { OutboxMessage, OutboxQueue } from "./queue.ts";

export interface Outbox {
  /** Adds messages in one round trip; a message whose id is already queued or sent is not added again. */
  enqueue(messages: readonly OutboxMessage[]): Promise<Job<OutboxMessage, string, string>[]>;
  /** The BullMQ queue itself (the scheduler's worker and waits, the sandbox's "sent yet?"). */
  queue(): OutboxQueue;
  /** Closes the queue's connection to Redis events; a later use opens it again. */
  close(): Promise<void>;
}

export function createOutbox(redis: RedisClient, keys: Pick<Keys, "bullPrefix">, logger: Logger): Outbox {
  let queue: OutboxQueue | undefined;
  const open = () => (queue ??= createOutboxQueue(redis, keys.bullPrefix, logger));
  return {
    enqueue: (messages) => enqueue(open(), messages),
    queue: open,
    close: async () => {
      const closing = queue;
      queue = undefined;
      await closing?.close();
    },
  };
}
