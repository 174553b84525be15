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

/** Emits "event" (BotEvent) for every recorded event. */
export class EventLog extends EventEmitter {
  private readonly list: BotEvent[] = [];
  private readonly byChat = new Map<number, BotEvent[]>();
  private seq = 0;
  private readonly waits = new Set<(error: Error) => void>();

  record(event: Omit<BotEvent, "seq" | "at">): BotEvent {
    const full: BotEvent = { ...event, seq: ++this.seq, at: Date.now() };
    this.list.push(full);
    let chat = this.byChat.get(full.chatId);
    if (chat === undefined) this.byChat.set(full.chatId, (chat = []));
    chat.push(full);
    this.emit("event", full);
    return full;
  }

  /** The seq of the newest event: pass it to `since()` later. */
  mark(): number {
    return this.seq;
  }

  /** Events after `mark`, optionally for one chat (and one bot). */
  since(mark: number, chatId?: number, botId?: number): BotEvent[] {
    const source = chatId === undefined ? this.list : (this.byChat.get(chatId) ?? []);
    // Both lists are in seq order: find the first event after the mark by bisection.
    let low = 0;
    let high = source.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (source[middle]!.seq > mark) high = middle;
      else low = middle + 1;
    }
    const after = source.slice(low);
    return botId === undefined ? after : after.filter((e) => e.botId === botId);
  }

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
