// Holding a bot's call before it runs, for tests that need a moment when the bot has received an update and not
// yet replied (a SIGKILL in that gap): the call waits until it is released, or until its connection goes away,
// in which case it never runs, as when a request never reached Telegram.

export interface HoldSpec {
  /** Only calls of this method (case-insensitive); any method but getUpdates when omitted. */
  method?: string;
  /** Only calls whose chat_id is this chat. */
  chatId?: number;
  /** Only calls of the bot with this token. */
  token?: string;
}

export interface HeldCall {
  method: string;
  chatId: number | undefined;
  /** The call goes on (if its connection is still open). */
  release(): void;
}

export interface Hold {
  /** Resolves when a matching call arrived and is held. */
  readonly arrived: Promise<HeldCall>;
  /** Lets the held call go on, or cancels the hold when nothing matched yet. */
  release(): void;
}

interface Pending {
  spec: HoldSpec;
  arrive(call: HeldCall): void;
  released: Promise<void>;
  release(): void;
}

export class Holds {
  private readonly pending: Pending[] = [];
  private readonly all = new Set<Pending>();

  add(spec: HoldSpec): Hold {
    let arrive!: (call: HeldCall) => void;
    const arrived = new Promise<HeldCall>((resolve) => (arrive = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const entry: Pending = { spec, arrive, released, release };
    this.pending.push(entry);
    this.all.add(entry);
    return {
      arrived,
      release: () => {
        const index = this.pending.indexOf(entry);
        if (index >= 0) this.pending.splice(index, 1);
        this.all.delete(entry);
        release();
      },
    };
  }

  /**
   * Waits while a hold matches this call (the hold is used up). Resolves "go" when released, "gone" when the
   * caller's connection closed first (the call must not run).
   */
  async wait(method: string, token: string, chatId: number | undefined, signal: AbortSignal): Promise<"go" | "gone"> {
    const index = this.pending.findIndex(
      ({ spec }) =>
        (spec.method === undefined ? method.toLowerCase() !== "getupdates" : spec.method.toLowerCase() === method.toLowerCase()) &&
        (spec.chatId === undefined || spec.chatId === chatId) &&
        (spec.token === undefined || spec.token === token),
    );
    if (index < 0) return "go";
    const [entry] = this.pending.splice(index, 1);
    entry!.arrive({ method, chatId, release: entry!.release });
    if (signal.aborted) return "gone";
    const gone = new Promise<"gone">((resolve) => signal.addEventListener("abort", () => resolve("gone"), { once: true }));
    return Promise.race([entry!.released.then(() => "go" as const), gone]);
  }

  /** Lets every held call go on (the server is closing). */
  releaseAll(): void {
    this.pending.length = 0;
    for (const entry of this.all) entry.release();
    this.all.clear();
  }
}
