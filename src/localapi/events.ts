// The record of everything bots did to chats, in order, with waiting by events (never by polling).
import { EventEmitter } from "node:events";
import type { TgEntity, TgMessage } from "./types.ts";

export type BotEventKind = "message" | "edit" | "delete" | "photo" | "document" | "action" | "callback_answer";

export interface BotEvent {
  /** 1, 2, 3… over the whole server; a mark is the seq of the last event seen. */
  seq: number;
  kind: BotEventKind;
  botId: number;
  chatId: number;
  /** The Bot API method that caused it. */
  method: string;
  messageId?: number;
  text?: string;
  entities?: TgEntity[];
  caption?: string;
  /** The reply_markup as the bot sent it (inline, reply keyboard, remove_keyboard or force_reply). */
  replyMarkup?: unknown;
  fileName?: string;
  fileId?: string;
  bytes?: Buffer;
  /** sendChatAction's action. */
  action?: string;
  callbackQueryId?: string;
  showAlert?: boolean;
  url?: string;
  /** The message as it stands after this event (not for deletes, actions and callback answers). */
  message?: TgMessage;
  /** Date.now() when it happened. */
  at: number;
}

export type EventPredicate = (event: BotEvent) => boolean;

export interface WaitOptions {
  timeoutMs?: number;
  /** Also accept events already recorded after this mark. */
  since?: number;
}

/** How many events a log keeps by default: a long benchmark or sandbox session does not grow without limit. */
export const DEFAULT_MAX_EVENTS = 100_000;

/**
 * Emits "event" (BotEvent) for every recorded event. Keeps the newest `maxEvents` (at least; the oldest are dropped
 * a quarter at a time, so recording stays O(1) amortised); waiting and marks work across drops.
 */
export class EventLog extends EventEmitter {
  private list: BotEvent[] = [];
  private readonly byChat = new Map<number, BotEvent[]>();
  private seq = 0;
  private droppedCount = 0;
  private readonly waits = new Set<(error: Error) => void>();

  constructor(readonly maxEvents: number = DEFAULT_MAX_EVENTS) {
    super();
    if (!(maxEvents >= 1)) throw new RangeError(`EventLog: maxEvents must be at least 1 (got ${maxEvents})`);
  }

  record(event: Omit<BotEvent, "seq" | "at">): BotEvent {
    const full: BotEvent = { ...event, seq: ++this.seq, at: Date.now() };
    this.list.push(full);
    let chat = this.byChat.get(full.chatId);
    if (chat === undefined) this.byChat.set(full.chatId, (chat = []));
    chat.push(full);
    if (this.list.length > this.maxEvents + Math.ceil(this.maxEvents / 4)) this.trim();
    this.emit("event", full);
    return full;
  }

  /** How many of the oldest events were dropped to keep the log bounded. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Drops the oldest events down to `maxEvents`, in the whole log and in each chat's list. */
  private trim(): void {
    const drop = this.list.length - this.maxEvents;
    const oldestKept = this.list[drop]!.seq;
    this.list = this.list.slice(drop);
    this.droppedCount += drop;
    for (const [chatId, events] of this.byChat) {
      const first = firstAfter(events, oldestKept - 1);
      if (first === events.length) this.byChat.delete(chatId);
      else if (first > 0) this.byChat.set(chatId, events.slice(first));
    }
  }

  /** The seq of the newest event: pass it to `since()` later. */
  mark(): number {
    return this.seq;
  }

  /** Events after `mark`, optionally for one chat (and one bot). */
  since(mark: number, chatId?: number, botId?: number): BotEvent[] {
    const source = chatId === undefined ? this.list : (this.byChat.get(chatId) ?? []);
    const after = source.slice(firstAfter(source, mark));
    return botId === undefined ? after : after.filter((e) => e.botId === botId);
  }

  /** The events kept (the newest `maxEvents` at least), oldest first. */
  all(): readonly BotEvent[] {
    return this.list;
  }

  /**
   * Resolves with the first event for `chatId` (any chat when undefined) that matches, as it is recorded; with
   * `since`, an event already recorded after that mark also counts. Rejects after the timeout (default 5 s).
   */
  waitFor(chatId: number | undefined, predicate: EventPredicate = () => true, options: WaitOptions = {}): Promise<BotEvent> {
    const matches = (e: BotEvent): boolean => (chatId === undefined || e.chatId === chatId) && predicate(e);
    if (options.since !== undefined) {
      const found = this.since(options.since).find(matches);
      if (found !== undefined) return Promise.resolve(found);
    }
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise<BotEvent>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.off("event", listener);
        this.waits.delete(fail);
      };
      const listener = (event: BotEvent): void => {
        if (!matches(event)) return;
        finish();
        resolve(event);
      };
      const fail = (error: Error): void => {
        finish();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new Error(`waitFor: no matching bot event${chatId === undefined ? "" : ` in chat ${chatId}`} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waits.add(fail);
      this.on("event", listener);
    });
  }

  /** Fails every pending waitFor (the server is closing). */
  cancelWaits(): void {
    for (const fail of [...this.waits]) fail(new Error("waitFor: the local Bot API server was closed"));
  }
}

/** The index of the first event with a seq above `mark` in a list in seq order (bisection). */
function firstAfter(events: readonly BotEvent[], mark: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle]!.seq > mark) high = middle;
    else low = middle + 1;
  }
  return low;
}
