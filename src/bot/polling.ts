// Long polling that confirms an update only once it has been handled.
//
// grammY's runner confirms an update (getUpdates with a higher offset) when it fetches the next batch, which is
// while the update is still being handled: a SIGKILL in that gap loses it. Here the offset sent to Telegram is the
// id of the oldest update not yet finished, so Telegram keeps (and after a restart sends again) every update no
// process finished. Telegram itself is the inbox: it keeps unconfirmed updates for 24 hours, which costs no Redis
// command per update and works while Redis is down.
//
// The price: while updates are being handled, getUpdates returns them again with the new ones behind them (at most
// 100 in one answer, counted from the oldest unfinished one). Updates seen already are skipped; when nothing new
// came back the fetcher waits until an update finishes (the offset moves) or RECHECK_MS pass.
import { createConcurrentSink, createRunner, createSource, type RunnerHandle, type UpdateSupplier } from "@grammyjs/runner";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.ts";

/** How long to wait before asking again when only updates already being handled came back. */
const RECHECK_MS = 100;
const LONG_POLL_SEC = 30;
/** Backoff after a failed getUpdates: doubles from the first value up to the second. */
const RETRY_MS = [100, 30_000] as const;

/** The updates fetched and not yet finished, oldest first, and the highest id fetched. */
export class Unfinished {
  private readonly ids = new Set<number>();
  private highest = 0;
  private waiters: (() => void)[] = [];

  /** What to send as getUpdates' offset: confirms everything below the oldest unfinished update. */
  offset(): number {
    for (const id of this.ids) return id; // a Set iterates in insertion order, and ids are added in increasing order
    return this.highest === 0 ? 0 : this.highest + 1;
  }

  get size(): number {
    return this.ids.size;
  }

  /** Takes up to `max` updates not fetched before (Telegram sends unfinished ones again) and marks them unfinished. */
  take(updates: readonly Update[], max: number): Update[] {
    const fresh: Update[] = [];
    for (const update of updates) {
      if (fresh.length >= max) break;
      if (update.update_id <= this.highest) continue;
      this.highest = update.update_id;
      this.ids.add(update.update_id);
      fresh.push(update);
    }
    return fresh;
  }

  finish(id: number): void {
    if (!this.ids.delete(id)) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when an update finishes next. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export interface PollingOptions {
  allowedUpdates: readonly string[];
  logger: Logger;
  /** Updates handled at once (the runner's default: 500). */
  concurrency?: number;
  /** Seconds a getUpdates waits when nothing is being handled (default 30). */
  longPollSec?: number;
}

export interface Polling {
  /** Stops fetching, lets the updates in flight finish (up to `graceMs`) and confirms them to Telegram. */
  stop(graceMs?: number): Promise<void>;
  isRunning(): boolean;
  /** The runner's handle (task(), size()). */
  runner: RunnerHandle;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

function errorCode(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "error_code" in error ? Number(error.error_code) : undefined;
}

function retryAfterSec(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("parameters" in error)) return undefined;
  const parameters = error.parameters as { retry_after?: unknown } | undefined;
  return typeof parameters?.retry_after === "number" ? parameters.retry_after : undefined;
}

/** Starts long polling `bot` with grammY's runner (concurrent sink) and an offset that confirms only finished updates. */
export function startPolling<C extends Context>(bot: Bot<C>, options: PollingOptions): Polling {
  const unfinished = new Unfinished();
  const longPollSec = options.longPollSec ?? LONG_POLL_SEC;
  const allowed = [...options.allowedUpdates] as NonNullable<Parameters<Bot<C>["api"]["getUpdates"]>[0]>["allowed_updates"];

  async function getUpdates(offset: number, timeout: number, signal: AbortSignal): Promise<Update[]> {
    let retryIn: number = RETRY_MS[0];
    for (;;) {
      try {
        return await bot.api.getUpdates({ offset, limit: 100, timeout, allowed_updates: allowed }, signal as never);
      } catch (error) {
        if (signal.aborted) throw error;
        const code = errorCode(error);
        if (code === 401 || code === 409) throw error;
        options.logger.warn({ event: "polling-failed", code, retryInMs: retryIn }, "getUpdates failed: trying again");
        await sleep(code === 429 ? (retryAfterSec(error) ?? 1) * 1000 : retryIn, signal);
        if (signal.aborted) throw error;
        retryIn = Math.min(retryIn * 2, RETRY_MS[1]);
      }
    }
  }

  const supplier = {
    async supply(batchSize: number, signal: AbortSignal): Promise<Update[]> {
      await bot.init();
      for (;;) {
        const busy = unfinished.size > 0;
        const updates = await getUpdates(unfinished.offset(), busy ? 0 : longPollSec, signal);
        const fresh = unfinished.take(updates, Math.max(1, batchSize));
        if (fresh.length > 0) return fresh;
        // Only updates being handled came back (or a long poll ended empty): ask again when the offset can move.
        if (unfinished.size > 0) await Promise.race([unfinished.changed(), sleep(RECHECK_MS, signal)]);
        if (signal.aborted) throw new Error("polling stopped");
      }
    },
  };

  const sink = createConcurrentSink<Update>(
    {
      consume: async (update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          unfinished.finish(update.update_id);
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error as Parameters<Bot<C>["errorHandler"]>[0]);
      } catch (inner) {
        options.logger.error({ err: inner }, "the error handler failed");
      }
    },
    { concurrency: options.concurrency ?? 500 },
  );
  const runner = createRunner(createSource(supplier as unknown as UpdateSupplier<Update>), sink);
  runner.start();

  return {
    runner,
    isRunning: () => runner.isRunning(),
    async stop(graceMs = 30_000) {
      await runner.stop();
      const until = Date.now() + graceMs;
      while (unfinished.size > 0 && Date.now() < until) await Promise.race([unfinished.changed(), sleep(until - Date.now())]);
      // Confirms what finished; anything still unfinished is sent again to the next start.
      try {
        await bot.api.getUpdates({ offset: unfinished.offset(), limit: 1, timeout: 0, allowed_updates: allowed });
      } catch (error) {
        options.logger.warn({ event: "polling-confirm-failed", code: errorCode(error) }, "could not confirm the last updates");
      }
    },
  };
}
