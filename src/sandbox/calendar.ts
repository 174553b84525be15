// The calendar in the sandbox: the scheduler and its BullMQ outbox as main starts them, on the sandbox's Redis. The
// calendar is checked every `tickEveryMs` (a minute) by a timer of the sandbox rather than BullMQ's job scheduler, so
// that a check never runs unseen beside `:clock`: every check is followed by waiting until the outbox is empty, and
// the person's next line is read only then (piped scripts see messages in order).
import type { App } from "../app.ts";
import { createScheduler, type CalendarSettings, type Scheduler } from "../scheduler/index.ts";
import { outboxDrained, runDueAndDrain, type Undelivered } from "../scheduler/settle.ts";

export interface SandboxCalendar {
  readonly scheduler: Scheduler;
  /** Checks the calendar at the clock's now; resolves when everything it (or anything else) queued is sent. */
  check(): Promise<Undelivered[]>;
  /** Resolves when the outbox has nothing left to send. */
  drained(): Promise<Undelivered[]>;
  stop(): Promise<void>;
}

export async function startSandboxCalendar(app: Pick<App, "bot" | "deps" | "translate" | "redis">, settings: Partial<CalendarSettings> = {}): Promise<SandboxCalendar> {
  const scheduler = await createScheduler(app, { settings: { ...settings, tickEveryMs: 0 }, owner: "sandbox" });
  const every = settings.tickEveryMs ?? 60_000;
  // One check at a time: the timer's and `:clock`'s.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const check = () => serially(async () => (await runDueAndDrain(scheduler, app.deps)).undelivered);
  const timer = every > 0 ? setInterval(() => void check().catch((err: unknown) => app.deps.logger.error({ err }, "sandbox calendar check failed")), every) : undefined;
  timer?.unref();
  return {
    scheduler,
    check,
    drained: () => serially(() => outboxDrained(scheduler, app.deps)),
    stop: async () => {
      if (timer) clearInterval(timer);
      await queue;
      await scheduler.stop();
    },
  };
}
