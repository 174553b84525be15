// Long polling that confirms an update only once it has been handled, or kept.
//
// grammY's runner confirms an update (getUpdates with a higher offset) when it fetches the next batch, which is
// while the update is still being handled: a SIGKILL in that gap loses it. Here the offset sent to Telegram never
// passes an update that is neither finished nor kept in Redis, so Telegram keeps (and after a restart sends again)
// every update no process finished or kept.
//
// Two places keep an update being handled:
// - Telegram itself, while few are being handled (up to `inboxAfter`, default 10): the offset is the oldest of them.
//   This costs no Redis command and works while Redis is down; its price is that getUpdates returns those updates
//   again with the new ones behind them (at most 100 in one answer, counted from the oldest unfinished one), so
//   under load most of an answer would be updates seen already, and once 100 are being handled nothing new comes.
// - The inbox (a Redis hash, store/inbox.ts), as soon as more are being handled: those updates are written there (one
//   HSET for the batch; the finished ones leave it with the next batch's write, or within FLUSH_MS), and the offset
//   moves past them. A process started after a kill handles what the inbox holds before anything else.
// Updates seen already are skipped; when nothing new came back the fetcher waits until an update finishes or
// RECHECK_MS pass.
import { createConcurrentSink, createRunner, createSource, type RunnerHandle, type UpdateSupplier } from "@grammyjs/runner";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.ts";

/** How long to wait before asking again when only updates already being handled came back. */
const RECHECK_MS = 100;
const LONG_POLL_SEC = 30;
/** Backoff after a failed getUpdates: doubles from the first value up to the second. */
const RETRY_MS = [100, 30_000] as const;
/** Updates being handled that Telegram alone keeps before they go to the inbox. */
const INBOX_AFTER = 10;
/** Finished updates leave the inbox with the next batch's write, or after this long. */
const FLUSH_MS = 100;

/** Where updates being handled are kept (store/inbox.ts): ids and the updates' JSON. */
export interface PollingInbox {
  ready(): boolean;
  keep(entries: readonly { id: number; json: string }[], finished: readonly number[]): Promise<void>;
  pending(): Promise<{ id: number; json: string }[]>;
}

/**
 * The updates fetched and not yet finished: those only Telegram keeps (`loose`, oldest first: the offset stops at the
 * oldest) and those kept in the inbox; the finished ones still in the inbox; the highest id fetched.
 */
export class Unfinished {
  private readonly loose = new Map<number, Update>();
  private readonly kept = new Set<number>();
  /** Ids in the inbox when the process started: Telegram may send them again, and they are handled from the inbox. */
  private readonly known = new Set<number>();
  private finishedKept: number[] = [];
  private highest = 0;
  private waiters: (() => void)[] = [];

  /** What to send as getUpdates' offset: confirms everything below the oldest update that is neither finished nor kept. */
  offset(): number {
    for (const id of this.loose.keys()) return id; // a Map iterates in insertion order, and ids are added in increasing order
    return this.highest === 0 ? 0 : this.highest + 1;
  }

  get size(): number {
    return this.loose.size + this.kept.size;
  }

  /** Updates being handled that only Telegram keeps. */
  get looseCount(): number {
    return this.loose.size;
  }

  /** Takes up to `max` updates not fetched before (Telegram sends unfinished ones again) and marks them unfinished. */
  take(updates: readonly Update[], max: number): Update[] {
    const fresh: Update[] = [];
    for (const update of updates) {
      if (fresh.length >= max) break;
      const id = update.update_id;
      if (id <= this.highest) continue;
      this.highest = id;
      if (this.known.delete(id)) continue; // kept in the inbox by the process before: handled from there
      this.loose.set(id, update);
      fresh.push(update);
    }
    return fresh;
  }

  /** Updates the inbox held at the start: unfinished and kept (they are handled first). */
  restore(ids: readonly number[]): void {
    for (const id of ids) {
      this.kept.add(id);
      this.known.add(id);
    }
  }

  /** The updates only Telegram keeps, oldest first: what the inbox should take. */
  looseUpdates(): Update[] {
    return [...this.loose.values()];
  }

  /** These updates were written to the inbox: the offset may pass them (one finished meanwhile must leave it again). */
  markKept(ids: readonly number[]): void {
    for (const id of ids) {
      if (this.loose.delete(id)) this.kept.add(id);
      else this.finishedKept.push(id);
    }
  }

  /** The finished updates still in the inbox, handed over once (put back with `unflushed` when their deletion fails). */
  takeFinishedKept(): number[] {
    const ids = this.finishedKept;
    this.finishedKept = [];
    return ids;
  }

  unflushed(ids: readonly number[]): void {
    this.finishedKept.push(...ids);
  }

  get finishedKeptCount(): number {
    return this.finishedKept.length;
  }

  finish(id: number): void {
    if (this.kept.delete(id)) this.finishedKept.push(id);
    else if (!this.loose.delete(id)) return;
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
  /** Where updates being handled are kept once more than `inboxAfter` are (without one, Telegram keeps them all). */
  inbox?: PollingInbox;
  /** Updates being handled that Telegram alone keeps before they go to the inbox (default 10; 0: every batch). */
  inboxAfter?: number;
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

/** An update as the inbox keeps it (JSON), or undefined when the text is not one. */
function updateOf(json: string): Update | undefined {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === "object" && value !== null && Number.isSafeInteger((value as Update).update_id) ? (value as Update) : undefined;
  } catch {
    return undefined;
  }
}

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

  const inbox = options.inbox;
  const inboxAfter = options.inboxAfter ?? INBOX_AFTER;
  /** Updates the inbox held at the start, handed to the sink before anything Telegram sends. */
  let restored: Update[] | undefined = inbox ? undefined : [];
  /** Whether the inbox failed since it last worked: logged once per outage. */
  let inboxDown = false;

  const inboxFailed = (error: unknown, what: string) => {
    if (!inboxDown) options.logger.warn({ event: "polling-inbox-failed", err: error, what }, "the polling inbox is not reachable: Telegram keeps the updates");
    inboxDown = true;
  };

  /** Reads what a previous process kept and did not finish; retried (Telegram holds every update meanwhile). */
  async function restore(signal: AbortSignal): Promise<Update[]> {
    let retryIn: number = RETRY_MS[0];
    for (;;) {
      try {
        const entries = await inbox!.pending();
        const updates: Update[] = [];
        const unreadable: number[] = [];
        for (const entry of entries) {
          const update = updateOf(entry.json);
          if (update?.update_id === entry.id) updates.push(update);
          else unreadable.push(entry.id);
        }
        // Not an update as this process wrote it (a hand-edited or truncated value): dropped, or it would stop every start.
        if (unreadable.length > 0) {
          options.logger.warn({ event: "polling-inbox-unreadable", ids: unreadable }, "entries of the polling inbox are not updates: dropped");
          await inbox!.keep([], unreadable);
        }
        unfinished.restore(updates.map((update) => update.update_id));
        if (updates.length > 0) options.logger.info({ event: "polling-inbox-restored", updates: updates.length }, "handling the updates a stopped process had taken");
        inboxDown = false;
        return updates;
      } catch (error) {
        if (signal.aborted) throw error;
        inboxFailed(error, "read");
        await sleep(retryIn, signal);
        if (signal.aborted) throw error;
        retryIn = Math.min(retryIn * 2, RETRY_MS[1]);
      }
    }
  }

  /** Writes the updates only Telegram keeps to the inbox, and deletes the finished ones, in one round trip. */
  async function keepLoose(): Promise<void> {
    const updates = unfinished.looseUpdates();
    const finished = unfinished.takeFinishedKept();
    try {
      await inbox!.keep(
        updates.map((update) => ({ id: update.update_id, json: JSON.stringify(update) })),
        finished,
      );
      inboxDown = false;
    } catch (error) {
      unfinished.unflushed(finished);
      inboxFailed(error, "write");
      return;
    }
    unfinished.markKept(updates.map((update) => update.update_id));
  }

  /** Deletes the finished updates from the inbox within FLUSH_MS when no batch's write takes them first. */
  let flushTimer: NodeJS.Timeout | undefined;
  const flushIn = (ms: number) => {
    flushTimer ??= setTimeout(() => void flushFinished(), ms).unref();
  };
  async function flushFinished(): Promise<void> {
    flushTimer = undefined;
    if (unfinished.finishedKeptCount === 0) return;
    if (!inbox!.ready()) return flushIn(FLUSH_MS * 10);
    const finished = unfinished.takeFinishedKept();
    try {
      await inbox!.keep([], finished);
    } catch (error) {
      unfinished.unflushed(finished);
      inboxFailed(error, "delete");
      flushIn(FLUSH_MS * 10);
    }
  }
  const scheduleFlush = () => {
    if (unfinished.finishedKeptCount > 0) flushIn(FLUSH_MS);
  };

  const supplier = {
    async supply(batchSize: number, signal: AbortSignal): Promise<Update[]> {
      await bot.init();
      restored ??= await restore(signal);
      if (restored.length > 0) return restored.splice(0, Math.max(1, batchSize));
      for (;;) {
        const busy = unfinished.size > 0;
        const updates = await getUpdates(unfinished.offset(), busy ? 0 : longPollSec, signal);
        const fresh = unfinished.take(updates, Math.max(1, batchSize));
        // More being handled than Telegram should keep: into the inbox, so that the next offset passes them.
        if (inbox && unfinished.looseCount > inboxAfter && inbox.ready()) await keepLoose();
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
          if (inbox) scheduleFlush();
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
      if (inbox) {
        clearTimeout(flushTimer);
        flushTimer = undefined;
        await flushFinished();
      }
      // Confirms what finished; anything still unfinished is sent again to the next start.
      try {
        await bot.api.getUpdates({ offset: unfinished.offset(), limit: 1, timeout: 0, allowed_updates: allowed });
      } catch (error) {
        options.logger.warn({ event: "polling-confirm-failed", code: errorCode(error) }, "could not confirm the last updates");
      }
    },
  };
}
