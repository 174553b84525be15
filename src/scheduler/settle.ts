// For the sandbox and transcripts, which show a check's messages before they read the next line: a check of the
// calendar now, then waiting until the outbox has nothing left to send (its own jobs and any other: "remind the
// missing" queues from a bot feature). Uses only the scheduler's public face and the shared outbox queue.
import type { BotDeps } from "../bot/deps.ts";
import type { Scheduler, TickResult } from "./index.ts";
import type { JobType } from "bullmq";

/** Job states of a message not yet sent (nor failed for good). */
const PENDING: JobType[] = ["waiting", "active", "delayed", "prioritized", "waiting-children"];

export interface Undelivered {
  job: string;
  reason: string;
}

type OutboxDeps = Pick<BotDeps, "outbox">;

/**
 * Resolves once no outbox job waits, runs or is delayed; returns the messages that failed for good meanwhile.
 * Jobs queued while it waits are waited for too.
 */
export async function outboxDrained(scheduler: Scheduler, deps: OutboxDeps, timeoutMs = 60_000): Promise<Undelivered[]> {
  const outbox = deps.outbox.queue();
  const undelivered: Undelivered[] = [];
  const tried = new Set<string>();
  for (;;) {
    const pending = (await outbox.getJobs(PENDING)).filter((job) => job.id !== undefined && !tried.has(job.id));
    if (pending.length === 0) return undelivered;
    await Promise.all(
      pending.map(async (job) => {
        tried.add(job.id!);
        await scheduler.settled([job], timeoutMs).catch((error: unknown) => undelivered.push({ job: job.id!, reason: (error as Error).message }));
      }),
    );
  }
}

/** Checks the calendar at the clock's now (every moment due, missed ones included) and waits until all is sent. */
export async function runDueAndDrain(scheduler: Scheduler, deps: OutboxDeps, timeoutMs?: number): Promise<TickResult & { undelivered: Undelivered[] }> {
  const result = await scheduler.tick();
  const undelivered = await outboxDrained(scheduler, deps, timeoutMs);
  return { ...result, undelivered };
}
