// One bot's pending updates and getUpdates long polling, with Telegram's offset rules.
import { ApiError } from "./errors.ts";
import type { TgUpdate } from "./types.ts";

/** How an update left the queue: confirmed by the bot, dropped (drop_pending_updates, negative offset),
 * never queued (not in allowed_updates), or still pending when the server closed. */
export type HandoverStatus = "handled" | "dropped" | "filtered" | "closed";

export interface QueuedUpdate {
  readonly id: number;
  /** "message", "callback_query"… */
  readonly type: string;
  /** Updates with one key reach a webhook strictly one after another (a chat, a user's callback queries…). */
  readonly key: string;
  readonly update: TgUpdate;
}

interface Entry extends QueuedUpdate {
  settle(status: HandoverStatus): void;
}

interface Poll {
  /** Answers with what is there now. */
  answer(): void;
  resolve(updates: TgUpdate[]): void;
  reject(error: ApiError): void;
  timer: NodeJS.Timeout;
  wake?: NodeJS.Immediate;
}

export const TERMINATED_BY_OTHER_POLL =
  "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

export class UpdateQueue {
  private items: Entry[] = [];
  private nextId: number;
  private poll: Poll | undefined;
  /** Called after an update was added (webhook delivery hooks in here). */
  onAdded: (() => void) | undefined;
  /** Called when a getUpdates call starts to wait. */
  onPollWaiting: (() => void) | undefined;

  constructor(firstId: number) {
    this.nextId = firstId;
  }

  push(type: string, key: string, payload: Record<string, unknown>): { id: number; done: Promise<HandoverStatus> } {
    const id = this.nextId++;
    let settle!: (status: HandoverStatus) => void;
    const done = new Promise<HandoverStatus>((resolve) => (settle = resolve));
    this.items.push({ id, type, key, update: { update_id: id, ...payload }, settle });
    this.wakePoll();
    this.onAdded?.();
    return { id, done };
  }

  /** Skips an update id, for updates that were never queued (filtered by allowed_updates). */
  skipId(): number {
    return this.nextId++;
  }

  get size(): number {
    return this.items.length;
  }

  list(): readonly QueuedUpdate[] {
    return this.items;
  }

  /** Takes one update out (delivered to a webhook, or dropped). */
  remove(item: QueuedUpdate, status: HandoverStatus): void {
    const index = this.items.indexOf(item as Entry);
    if (index < 0) return;
    const [entry] = this.items.splice(index, 1);
    entry!.settle(status);
  }

  /** Everything below `offset` is confirmed. */
  confirmBefore(offset: number): void {
    this.drain((e) => e.id < offset, "handled");
  }

  clear(status: HandoverStatus): void {
    this.drain(() => true, status);
  }

  private drain(which: (e: Entry) => boolean, status: HandoverStatus): void {
    const gone = this.items.filter(which);
    if (gone.length === 0) return;
    this.items = this.items.filter((e) => !which(e));
    for (const e of gone) e.settle(status);
  }

  /**
   * getUpdates: confirms what lies below a positive offset, keeps only the last -offset updates for a negative
   * one, ends a poll already waiting with 409, then answers at once or waits up to `timeoutSec` for the
   * first update. `cancel()` forgets the wait (the client went away).
   */
  fetch(offset: number, limit: number, timeoutSec: number): { result: Promise<TgUpdate[]>; cancel(): void } {
    if (offset < 0) {
      const keep = new Set(this.items.slice(offset).map((e) => e.id));
      this.drain((e) => !keep.has(e.id), "dropped");
    } else if (offset > 0) {
      this.confirmBefore(offset);
    }
    const from = offset > 0 ? offset : 0;
    this.abortPoll(TERMINATED_BY_OTHER_POLL);
    const take = (): TgUpdate[] => this.items.filter((e) => e.id >= from).slice(0, limit).map((e) => e.update);
    const now = take();
    if (now.length > 0 || timeoutSec <= 0) return { result: Promise.resolve(now), cancel: () => {} };
    let poll!: Poll;
    const result = new Promise<TgUpdate[]>((resolve, reject) => {
      const timer = setTimeout(() => this.finishPoll(poll, []), timeoutSec * 1000);
      poll = { answer: () => this.finishPoll(poll, take()), resolve, reject, timer };
    });
    this.poll = poll;
    this.onPollWaiting?.();
    return {
      result,
      cancel: () => {
        if (this.poll === poll) this.stopPoll();
      },
    };
  }

  private wakePoll(): void {
    const poll = this.poll;
    if (poll === undefined || poll.wake !== undefined) return;
    // Like the Bot API server, answer a moment later so that updates added together go out together.
    poll.wake = setImmediate(() => poll.answer());
  }

  private finishPoll(poll: Poll, updates: TgUpdate[]): void {
    if (this.poll !== poll) return;
    this.stopPoll();
    poll.resolve(updates);
  }

  private stopPoll(): void {
    const poll = this.poll;
    if (poll === undefined) return;
    clearTimeout(poll.timer);
    if (poll.wake !== undefined) clearImmediate(poll.wake);
    this.poll = undefined;
  }

  /** Ends a waiting getUpdates with 409 and this description. */
  abortPoll(description: string): void {
    const poll = this.poll;
    if (poll === undefined) return;
    this.stopPoll();
    poll.reject(new ApiError(409, description));
  }

  /** Answers a waiting getUpdates with nothing (the server is closing). */
  releasePoll(): void {
    const poll = this.poll;
    if (poll !== undefined) this.finishPoll(poll, []);
  }

  get polling(): boolean {
    return this.poll !== undefined;
  }
}
