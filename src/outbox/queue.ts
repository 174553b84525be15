// The outbox: every message the calendar sends (reminders, digests, briefs, "remind the missing", corrections shown
// to the leadership) goes through one BullMQ queue in Redis, shared by all bot instances.
//   - exactly one job per message: job ids are derived from what the message is (moment, person), so the same
//     message queued twice (two instances, a retried tick) is one job; sent jobs are kept 8 days for that;
//   - about `sendPerSecond` messages a second in all, evenly spaced: BullMQ's limiter is global across workers and instances;
//   - one message a second per chat: a gate key per chat (SET NX PX); a job meeting a closed gate is delayed;
//   - a 429 pauses the whole queue for retry_after (queue.rateLimit) and puts the job back, not counting a try;
//     other failures retry with backoff; a blocked bot or an unknown chat fails the job at once (logged);
//   - a job run again after a crash mid-send finds the "sent" mark and does not send twice.
import { quietErrorLog } from "./errorLog.ts";
import type { RedisClient } from "../store/redis.ts";
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { GrammyError, type Api } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { Logger } from "../logger.ts";
import type { Keys } from "../store/keys.ts";
import type { Metrics } from "../metrics.ts";

export const OUTBOX_QUEUE = "outbox";
const SENT_TTL_SECONDS = 8 * 86_400;

export interface OutboxMessage {
  /** Job id, derived from what the message is (e.g. "reminder/public-services/2016-10/d0t1000/5001"). */
  id: string;
  chatId: number;
  text: string;
  keyboard?: InlineKeyboardButton[][];
  /** For the log: reminder, digest, brief, remind, correction. */
  kind: string;
  /** Sent after its time because the bot was stopped then. */
  late?: boolean;
}

export const OUTBOX_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: "exponential", delay: 2000 },
  // Kept after sending so that the same job id added again is recognised and not sent twice.
  removeOnComplete: { age: SENT_TTL_SECONDS },
  removeOnFail: { age: 30 * 86_400 },
} as const;

export type OutboxQueue = Queue<OutboxMessage, string, string>;

export function createOutboxQueue(connection: RedisClient, prefix: string, logger: Logger): OutboxQueue {
  const queue = new Queue<OutboxMessage, string, string>(OUTBOX_QUEUE, { connection, prefix });
  queue.on("error", quietErrorLog(logger, "outbox-error", "outbox queue error"));
  return queue;
}

/** Adds messages in one round trip; a message whose id is already queued or sent is not added again. */
export async function enqueue(queue: OutboxQueue, messages: readonly OutboxMessage[]): Promise<Job<OutboxMessage, string, string>[]> {
  if (messages.length === 0) return [];
  return queue.addBulk(messages.map((message) => ({ name: message.kind, data: message, opts: { ...OUTBOX_JOB_OPTIONS, jobId: message.id } })));
}

// KEYS: 1 the chat's gate. ARGV: 1 gap (ms). 0 when the gate was open (and is now closed for the gap), else ms to wait.
const GATE_LUA = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 1 then return 1 end
return ttl
`;

type GateRedis = RedisClient & { calGate(key: string, gapMs: string): Promise<number> };

export interface OutboxWorkerOptions {
  /** A connection of the worker's own (maxRetriesPerRequest: null, as BullMQ requires). */
  connection: RedisClient;
  /** For the gates and sent marks. */
  redis: RedisClient;
  keys: Pick<Keys, "outboxSent" | "outboxGate" | "bullPrefix">;
  queue: OutboxQueue;
  api: Api;
  logger: Logger;
  sendPerSecond: number;
  perChatGapMs: number;
  metrics?: Metrics;
}

export function createOutboxWorker(options: OutboxWorkerOptions): Worker<OutboxMessage, string, string> {
  const { redis, keys, queue, api, logger } = options;
  if (!("calGate" in redis)) redis.defineCommand("calGate", { numberOfKeys: 1, lua: GATE_LUA });
  const gated = redis as GateRedis;

  async function send(job: Job<OutboxMessage, string, string>, token?: string): Promise<string> {
    const message = job.data;
    const sentKey = keys.outboxSent(job.id ?? message.id);
    if ((await redis.exists(sentKey)) === 1) return "sent before";
    if (options.perChatGapMs > 0) {
      const wait = await gated.calGate(keys.outboxGate(message.chatId), String(options.perChatGapMs));
      if (wait > 0) {
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
    }
    try {
      await api.sendMessage(message.chatId, message.text, message.keyboard ? { reply_markup: { inline_keyboard: message.keyboard } } : {});
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 429) {
        const seconds = error.parameters.retry_after ?? 1;
        logger.warn({ event: "outbox-429", job: job.id, retryAfter: seconds }, "Telegram asked to slow down: the outbox waits");
        await queue.rateLimit(seconds * 1000);
        throw Worker.RateLimitError();
      }
      if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400)) {
        logger.warn({ event: "outbox-undeliverable", job: job.id, chat: message.chatId, description: error.description }, "message cannot be delivered");
        throw new UnrecoverableError(error.description);
      }
      throw error;
    }
    await redis.set(sentKey, "1", "EX", SENT_TTL_SECONDS);
    options.metrics?.outboxSent.inc({ kind: message.kind });
    logger.info({ event: "outbox-sent", kind: message.kind, job: job.id, chat: message.chatId, late: message.late === true }, "sent");
    return "sent";
  }

  const worker = new Worker<OutboxMessage, string, string>(OUTBOX_QUEUE, send, {
    connection: options.connection,
    prefix: keys.bullPrefix,
    concurrency: options.sendPerSecond,
    // One send per 1000/rate ms: a fixed one-second window would let two windows' bursts meet within one sliding
    // second, which Telegram answers with 429.
    limiter: { max: 1, duration: Math.ceil(1000 / options.sendPerSecond) },
  });
  worker.on("error", quietErrorLog(logger, "outbox-error", "outbox worker error"));
  worker.on("failed", (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) options.metrics?.outboxFailed.inc({ kind: job.data.kind });
    if (final) logger.warn({ event: "outbox-failed", job: job.id, kind: job.data.kind, err }, "a message was not delivered");
  });
  return worker;
}
