// Simulated people: each action is a real update through the local Bot API; the person waits for the bot's next
// message in the chat (an event, never a sleep) before acting again, as the runner confirms updates on fetch.
import { performance } from "node:perf_hooks";
import type { BotEvent, LocalBotApi, UserAction, UserHandle } from "../localapi/index.ts";

/** How long a person waits for an answer before the benchmark counts an error. */
export const REPLY_TIMEOUT_MS = 60_000;

export interface Reply {
  event: BotEvent;
  /** performance.now() when the local Bot API recorded the message. */
  at: number;
}

/**
 * Routes the bot's messages to the chat waiting for them with one listener (user.waitFor would add a listener per
 * waiting person: 1,000 listeners run on every event). Messages nobody waits for yet are kept in order.
 */
export class ReplyRouter {
  private readonly queued = new Map<number, Reply[]>();
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private readonly listener = (event: BotEvent): void => {
    if (event.kind !== "message") return;
    const reply = { event, at: performance.now() };
    const waiter = this.waiting.get(event.chatId);
    if (waiter) {
      this.waiting.delete(event.chatId);
      waiter(reply);
      return;
    }
    const list = this.queued.get(event.chatId);
    if (list) list.push(reply);
    else this.queued.set(event.chatId, [reply]);
  };

  constructor(private readonly api: LocalBotApi) {
    api.events.on("event", this.listener);
  }

  /** The next bot message in the chat. */
  next(chatId: number, timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply> {
    const list = this.queued.get(chatId);
    const first = list?.shift();
    if (list?.length === 0) this.queued.delete(chatId);
    if (first) return Promise.resolve(first);
    if (this.waiting.has(chatId)) return Promise.reject(new Error(`chat ${chatId}: two waits at once`));
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(chatId);
        reject(new Error(`chat ${chatId}: no answer from the bot within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(chatId, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  close(): void {
    this.api.events.off("event", this.listener);
  }
}

export interface StepRecord {
  label: string;
  latencyMs: number;
}

/** What the people of one run saw: each step's latency and every error. */
export class RunLog {
  readonly steps: StepRecord[] = [];
  readonly errors: string[] = [];
  firstSentAt = Number.POSITIVE_INFINITY;
  lastReplyAt = 0;

  error(message: string): void {
    this.errors.push(message);
  }

  get updates(): number {
    return this.steps.length;
  }

  latencies(filter?: (label: string) => boolean): number[] {
    return this.steps.filter((s) => filter?.(s.label) ?? true).map((s) => s.latencyMs);
  }
}

/** One person: acts, waits for the bot's next message, checks it is the expected one. */
export class Akim {
  constructor(
    readonly user: UserHandle,
    private readonly router: ReplyRouter,
    private readonly log: RunLog,
  ) {}

  get chatId(): number {
    return this.user.chatId;
  }

  /**
   * Does `act`, waits for the next message; throws (and logs) when it is not what `expect` accepts. `messages` > 1
   * lets a long answer arrive in parts: the step ends with the part `expect` accepts.
   */
  async step(label: string, act: () => UserAction<unknown>, expect: (event: BotEvent) => boolean, messages = 1): Promise<BotEvent> {
    const sentAt = performance.now();
    this.log.firstSentAt = Math.min(this.log.firstSentAt, sentAt);
    const first = this.router.next(this.chatId);
    act().then(
      (delivered) => {
        const status = (delivered as { status?: string }).status;
        if (status !== "handled") this.log.error(`chat ${this.chatId} ${label}: update ${status}`);
      },
      (error: unknown) => this.log.error(`chat ${this.chatId} ${label}: ${(error as Error).message}`),
    );
    let reply = await first;
    for (let seen = 1; !expect(reply.event); seen++) {
      if (seen >= messages) {
        const message = `chat ${this.chatId} ${label}: unexpected answer: ${(reply.event.text ?? "").slice(0, 200)}`;
        this.log.error(message);
        throw new Error(message);
      }
      reply = await this.router.next(this.chatId);
    }
    this.log.steps.push({ label, latencyMs: reply.at - sentAt });
    this.log.lastReplyAt = Math.max(this.log.lastReplyAt, reply.at);
    return reply.event;
  }
}

/** Whether the message carries an inline button with this callback data. */
export function hasButton(event: BotEvent, data: string): boolean {
  const markup = event.replyMarkup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  return markup?.inline_keyboard?.some((row) => row.some((button) => button.callback_data === data)) ?? false;
}

/** Runs each person's script; a script that throws is logged and counted, the others go on. */
export async function runAll<T>(items: readonly T[], log: RunLog, script: (item: T) => Promise<void>): Promise<void> {
  await Promise.all(
    items.map((item) =>
      script(item).catch((error: unknown) => {
        const message = (error as Error).message;
        if (!log.errors.includes(message)) log.error(message);
      }),
    ),
  );
}
