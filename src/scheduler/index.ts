// The calendar's engine: BullMQ's job scheduler checks the calendar every `tickEveryMs` (one job per interval for all
// instances; a missed interval after downtime runs once on start), each check claims the due moments in Redis and
// queues their messages; the outbox worker sends them within Telegram's limits. Start it from main:
//
//   const stopScheduler = await startScheduler(app);   // after createApp
//   await stopScheduler();                              // in shutdown, before app.close()
import { quietErrorLog } from "../outbox/errorLog.ts";
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { Api } from "grammy";
import { Queue, QueueEvents, Worker, type Job } from "bullmq";
import type { App } from "../app.ts";
import { splitLongMessages } from "../bot/api.ts";
import { countApiFailures } from "../metrics.ts";
import { duplicateRedis } from "../store/redis.ts";
import { createOutboxWorker, type OutboxMessage } from "../outbox/queue.ts";
import { tick, type CalendarEnv, type TickResult } from "./reminders.ts";
import { calendarSettings, setCalendarSettings, type CalendarSettings } from "../domain/calendarSettings.ts";

export type { TickResult } from "./reminders.ts";
export type { CalendarSettings } from "../domain/calendarSettings.ts";

const CALENDAR_QUEUE = "calendar";
const TICK_SCHEDULER = "calendar-tick";

export interface SchedulerOptions {
  settings?: Partial<CalendarSettings>;
  /** This instance's name in leases and logs (default: random). */
  owner?: string;
  /** How long stop() waits for a check or a send in progress before it cuts the connections (default 10 s). */
  stopGraceMs?: number;
}

export interface Scheduler {
  readonly settings: CalendarSettings;
  readonly owner: string;
  /** Emits "tick" (TickResult) after every check, automatic or by hand. */
  readonly events: EventEmitter;
  /** Checks the calendar now (what the BullMQ job does every interval). */
  tick(): Promise<TickResult>;
  /** Resolves once these outbox jobs are sent; rejects if one failed for good. */
  settled(jobs: readonly Job<OutboxMessage, string, string>[] | readonly string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

type SchedulerApp = Pick<App, "bot" | "deps" | "translate" | "redis">;

export async function createScheduler(app: SchedulerApp, options: SchedulerOptions = {}): Promise<Scheduler> {
  const { deps, redis } = app;
  const settings = calendarSettings(options.settings);
  setCalendarSettings(deps, settings);
  const owner = options.owner ?? `${process.pid}-${randomBytes(3).toString("hex")}`;
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  const keys = deps.store.keys;
  const outbox = deps.outbox.queue();
  const events = new EventEmitter();
  // BullMQ workers block on their connection: one of their own, never retried per request (BullMQ's requirement),
  // and without the command timeout (a blocking wait is not a stuck command).
  const workerConnection = duplicateRedis(redis, { maxRetriesPerRequest: null, enableAutoPipelining: false, commandTimeout: undefined });
  // The outbox's own Api: 429s must reach the outbox (it pauses the queue), not be waited out by auto-retry.
  const api = new Api(app.bot.api.token, app.bot.api.options);
  api.config.use(countApiFailures(deps.metrics), splitLongMessages);
  const env: CalendarEnv = { deps, translate: app.translate, settings, outbox, owner };

  const runTick = async (): Promise<TickResult> => {
    const result = await tick(env);
    events.emit("tick", result);
    return result;
  };

  const outboxWorker = createOutboxWorker({
    connection: workerConnection,
    redis,
    keys,
    queue: outbox,
    api,
    logger: deps.logger,
    sendPerSecond: settings.sendPerSecond,
    perChatGapMs: settings.perChatGapMs,
    metrics: deps.metrics,
  });

  let calendarQueue: Queue | undefined;
  let calendarWorker: Worker | undefined;
  if (settings.tickEveryMs > 0) {
    calendarQueue = new Queue(CALENDAR_QUEUE, { connection: redis, prefix: keys.bullPrefix });
    calendarQueue.on("error", quietErrorLog(deps.logger, "calendar-error", "calendar queue error"));
    calendarWorker = new Worker(
      CALENDAR_QUEUE,
      async () => {
        const result = await runTick();
        return { fired: result.fired.length, jobs: result.jobs.length };
      },
      { connection: workerConnection, prefix: keys.bullPrefix, concurrency: 1 },
    );
    calendarWorker.on("error", quietErrorLog(deps.logger, "calendar-error", "calendar worker error"));
    calendarWorker.on("failed", (job, err) => deps.logger.error({ err, event: "calendar-tick-failed", job: job?.id }, "a calendar check failed"));
    // Idempotent across instances: the same scheduler id is one scheduler.
    await calendarQueue.upsertJobScheduler(TICK_SCHEDULER, { every: settings.tickEveryMs }, { name: "tick", opts: { removeOnComplete: 50, removeOnFail: 50 } });
    // Catch up now rather than at the next interval: whatever was missed while stopped goes out (late) at once.
    await calendarQueue.add("tick", { reason: "start" }, { removeOnComplete: 50, removeOnFail: 50 });
  }

  let queueEvents: QueueEvents | undefined;
  // One listener however many settled() calls start at once (two first calls used to open two, one never closed).
  let eventsReady: Promise<QueueEvents> | undefined;
  const openEvents = async (): Promise<QueueEvents> => {
    // Read on from the stream's newest event as it is now, not from "$" whenever the first XREAD happens to run:
    // a job finishing in between is then still seen (and one finished before is found by waitUntilFinished's check).
    const [newest] = await redis.xrevrange(keys.bullEvents(outbox.name), "+", "-", "COUNT", 1);
    queueEvents = new QueueEvents(outbox.name, { connection: workerConnection, prefix: keys.bullPrefix, lastEventId: newest?.[0] ?? "0-0" });
    queueEvents.on("error", quietErrorLog(deps.logger, "outbox-error", "outbox events error"));
    await queueEvents.waitUntilReady();
    return queueEvents;
  };
  const listen = (): Promise<QueueEvents> =>
    (eventsReady ??= openEvents().catch(async (error: unknown) => {
      // Redis was away: the next call tries again instead of keeping the failure.
      await queueEvents?.close().catch(() => undefined);
      queueEvents = undefined;
      eventsReady = undefined;
      throw error;
    }));

  deps.logger.info({ event: "scheduler-started", owner, tickEveryMs: settings.tickEveryMs }, "calendar scheduler started");
  return {
    settings,
    owner,
    events,
    tick: runTick,
    settled: async (jobs, timeoutMs = 15_000) => {
      const listening = await listen();
      await Promise.all(
        jobs.map(async (job) => {
          const found = typeof job === "string" ? await outbox.getJob(job) : job;
          if (!found) throw new Error(`no outbox job ${String(job)}`);
          await found.waitUntilFinished(listening, timeoutMs);
        }),
      );
    },
    stop: async () => {
      // With Redis answering, a check or a send in progress finishes first. With Redis away nothing can finish, and
      // BullMQ's graceful close would wait for ever on a QUIT that no one answers: the connections are cut at once.
      // Either way the stop is bounded: whatever still waits after the grace period is disconnected (a SIGTERM must
      // end the process, not leave it to the supervisor's SIGKILL).
      const force = redis.status !== "ready" || workerConnection.status !== "ready";
      const graceful = (async () => {
        await calendarWorker?.close(force);
        await outboxWorker.close(force);
        await queueEvents?.close();
        await calendarQueue?.close();
        await deps.outbox.close();
      })();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), stopGraceMs)));
      const cut = await Promise.race([graceful.then(() => false as const), late]).finally(() => clearTimeout(timer));
      if (cut) {
        graceful.catch(() => undefined);
        deps.logger.warn({ event: "scheduler-stop-cut", owner, graceMs: stopGraceMs }, "calendar scheduler did not stop in time: connections cut");
        // The workers and the events own their connections (the queues share the app's, closed by app.close()). Not
        // awaited: a socket to a frozen Redis ends only when the peer answers, and that is what did not happen.
        for (const part of [calendarWorker, outboxWorker, queueEvents]) part?.disconnect().catch(() => undefined);
      }
      workerConnection.disconnect();
      deps.logger.info({ event: "scheduler-stopped", owner, forced: force || cut }, "calendar scheduler stopped");
    },
  };
}

/** Starts reminders, digests and the outbox for a running bot; returns the function that stops them. */
export async function startScheduler(app: SchedulerApp, options: SchedulerOptions = {}): Promise<() => Promise<void>> {
  const scheduler = await createScheduler(app, options);
  return () => scheduler.stop();
}
