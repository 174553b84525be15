// The person's record for the identity read of every update, and the open drafts the answers read, kept in memory
// while Redis says they have not changed: server-assisted client-side caching
// (https://redis.io/docs/latest/develop/reference/client-side-caching/), in broadcasting mode over the user and
// draft keys' prefixes. A second connection receives the names of the user keys that any
// other connection changes on `__redis__:invalidate`; an entry goes as soon as its name arrives. Writes through the
// tracked connection itself (NOLOOP) are not announced: the store forgets what it wrote (forget) when it is written.
//
// Exact where it matters:
// - a read answered after an invalidation of its key was received is not kept (the read may be older than the write);
// - the store forgets a record itself after writing it (forget), so this process reads its own writes at once (every
//   write of a user key goes through store/users.ts, drafts.ts or invites.ts, each of which calls it; every write of a
//   draft goes through drafts.ts, which gives the cache the draft it wrote, or forgets it);
// - while either connection is down or being set up, nothing is cached and the cache is empty (a lost connection may
//   have lost invalidations); FLUSHALL and FLUSHDB empty it;
// - an entry lives at most `ttlMs` (default 30 s) whatever happens, the bound on a change missed by a broken network.
// A change made by another process (the admin CLI, another instance) takes effect here when its message arrives,
// within a millisecond on one machine. Off for a Redis Cluster (each node would need its own connection) and, by
// the app's choice, for several webhook instances (src/app.ts).
import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import { duplicateRedis } from "./redis.ts";

export interface IdentityCacheOptions {
  /** Entries kept at most (the least recently read go first); default 20,000 (records and drafts). */
  maxEntries?: number;
  /** How long an entry may live whatever Redis says; default 30 s. */
  ttlMs?: number;
  now?: () => number;
  /** Told when the cache stops or starts (a connection lost or back); no key names, no values. */
  onState?: (state: "on" | "off", reason: string) => void;
}

export interface IdentityCache {
  /** The value for `key`: from memory when valid, else from `read` (kept unless the key changed meanwhile). */
  get<T>(key: string, read: () => Promise<T>): Promise<T>;
  /** This process has just written `key`. */
  forget(key: string): void;
  /**
   * This process has just written these fields of the hash at `key` (and no others; null: removed), successfully: a
   * kept record takes them instead of being read again. A change by anyone else still drops it (its invalidation
   * comes after).
   */
  patch(key: string, fields: Record<string, string | null>): void;
  /** The kept value, without reading Redis when there is none (undefined). */
  peek<T>(key: string): T | undefined;
  /**
   * As patch, for any kept value: this process is writing `key`, and `next` gives the value after it (undefined:
   * forget). True when a value was kept and now holds the change.
   */
  update<T>(key: string, next: (value: T) => T | undefined): boolean;
  /**
   * Runs `write` (this process writing all of `key`) and keeps what it resolves to as the value, unless the key
   * changed meanwhile (as a read of get); forgets the key when it fails.
   */
  write<T>(key: string, write: () => Promise<T>): Promise<T>;
  /** Whether entries are being kept (both connections up and tracking on). */
  readonly active: boolean;
  readonly stats: { hits: number; misses: number; invalidations: number };
  /** "invalidated" (the key names, or null for all) and "state" ("on" | "off"): for tests and logs. */
  readonly events: EventEmitter;
  /** Resolves when tracking is on (tests; the bot does not wait: until then every read goes to Redis). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = "__redis__:invalidate";

export function createIdentityCache(redis: Redis, prefix: string | readonly string[], options: IdentityCacheOptions = {}): IdentityCache {
  const prefixes = typeof prefix === "string" ? [prefix] : prefix;
  const maxEntries = options.maxEntries ?? 20_000;
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; at: number }>();
  /** Reads under way, per key: the number of the latest; an invalidation deletes it, so its read is not kept. */
  const reading = new Map<string, number>();
  let sequence = 0;
  let epoch = 0;
  let active = false;
  let closed = false;
  const stats = { hits: 0, misses: 0, invalidations: 0 };
  let waiting: (() => void)[] = [];
  const events = new EventEmitter();

  // RESP2 on this connection: Redis then sends the invalidations as messages of a channel, which ioredis hands over
  // ("messageBuffer": the key names, or null for all); to a RESP3 connection they would be pushes it ignores.
  // Reconnected like the main connection (duplicateRedis: also after ioredis ended it without being asked to).
  const subscriber = duplicateRedis(redis, {
    autoResubscribe: false,
    connectionName: "identity-cache",
    enableOfflineQueue: true,
    enableAutoPipelining: false,
    protocol: 2,
  }) as Redis;

  function stop(reason: string): void {
    if (active) {
      options.onState?.("off", reason);
      events.emit("state", "off");
    }
    active = false;
    epoch++;
    entries.clear();
    reading.clear();
  }

  let setting: Promise<void> | undefined;
  async function setUp(): Promise<void> {
    stop("setting up");
    if (closed || redis.status !== "ready" || subscriber.status !== "ready") return;
    const started = epoch;
    try {
      const id = (await subscriber.client("ID")) as number;
      await subscriber.subscribe(CHANNEL);
      await redis.call("CLIENT", "TRACKING", "off");
      // NOLOOP: no message for this connection's own writes; the store forgets those itself (forget), at once.
      await redis.call("CLIENT", "TRACKING", "on", "REDIRECT", String(id), "BCAST", ...prefixes.flatMap((p) => ["PREFIX", p]), "NOLOOP");
    } catch (error) {
      stop(`tracking refused: ${(error as Error).message}`);
      return;
    }
    // A connection dropped while this ran: its own setUp follows.
    if (started !== epoch || redis.status !== "ready" || subscriber.status !== "ready") return;
    active = true;
    options.onState?.("on", "tracking");
    events.emit("state", "on");
    for (const resolve of waiting) resolve();
    waiting = [];
  }
  const reset = () => {
    setting = (setting ?? Promise.resolve()).then(setUp, setUp);
  };

  subscriber.on("messageBuffer", (channel: Buffer, message: Buffer | Buffer[] | null) => {
    if (channel.toString() !== CHANNEL) return;
    stats.invalidations++;
    if (message === null || message === undefined) {
      // FLUSHALL / FLUSHDB
      epoch++;
      entries.clear();
      reading.clear();
      events.emit("invalidated", null);
      return;
    }
    const names = (Array.isArray(message) ? message : [message]).map(String);
    for (const key of names) {
      entries.delete(key);
      reading.delete(key);
    }
    events.emit("invalidated", names);
  });
  for (const client of [redis, subscriber]) {
    client.on("ready", reset);
    client.on("close", () => stop("connection closed"));
  }
  // Its errors are the reconnections the main connection logs too (app.ts watchRedis). It ends with the main one:
  // when that is still ended a second later (closed by its owner, not ended by ioredis and connected again).
  subscriber.on("error", () => undefined);
  redis.on("end", () => {
    stop("connection ended");
    setTimeout(() => {
      if (redis.status !== "end" || closed) return;
      closed = true;
      subscriber.disconnect();
    }, 1_000).unref();
  });
  reset();

  /** The entry for `key` when tracking is on and it is young enough (then it becomes the most recently read). */
  function fresh(key: string): { value: unknown; at: number } | undefined {
    if (!active) return undefined;
    const entry = entries.get(key);
    if (entry && now() - entry.at < ttlMs) {
      // Most recently read last: the oldest go first when full.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    }
    entries.delete(key);
    return undefined;
  }

  function update<T>(key: string, next: (value: T) => T | undefined): boolean {
    // A read in flight may have left before the write: it is not kept.
    reading.delete(key);
    const entry = entries.get(key);
    if (!entry) return false;
    // Too old to be read again: it goes now, and the caller learns that nothing is kept.
    if (!active || now() - entry.at >= ttlMs) {
      entries.delete(key);
      return false;
    }
    const value = next(entry.value as T);
    if (value === undefined) entries.delete(key);
    else entry.value = value;
    return value !== undefined;
  }

  /** Runs `read` (or a write that gives the whole value) and keeps its value unless the key changed meanwhile. */
  async function keep<T>(key: string, read: () => Promise<T>): Promise<T> {
    const mine = ++sequence;
    const startedEpoch = epoch;
    const wasActive = active;
    reading.set(key, mine);
    const at = now();
    try {
      const value = await read();
      // Kept only when tracking was on before the read left and nothing about the key came since.
      if (wasActive && active && epoch === startedEpoch && reading.get(key) === mine) {
        entries.set(key, { value, at });
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      }
      return value;
    } finally {
      if (reading.get(key) === mine) reading.delete(key);
    }
  }

  return {
    get active() {
      return active;
    },
    stats,
    events,
    async get<T>(key: string, read: () => Promise<T>): Promise<T> {
      const entry = fresh(key);
      if (entry) {
        stats.hits++;
        return entry.value as T;
      }
      stats.misses++;
      return keep(key, read);
    },
    peek<T>(key: string): T | undefined {
      const entry = fresh(key);
      if (!entry) return undefined;
      stats.hits++;
      return entry.value as T;
    },
    write<T>(key: string, write: () => Promise<T>): Promise<T> {
      // Gone while the write is under way; kept again only from its own result (a failure keeps nothing).
      entries.delete(key);
      return keep(key, write);
    },
    forget(key: string): void {
      entries.delete(key);
      reading.delete(key);
    },
    patch(key: string, fields: Record<string, string | null>): void {
      update<Record<string, string>>(key, (value) => {
        const next = { ...value };
        for (const [name, field] of Object.entries(fields)) {
          if (field === null) delete next[name];
          else next[name] = field;
        }
        return next;
      });
    },
    update,
    ready(): Promise<void> {
      if (active) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
    async close(): Promise<void> {
      closed = true;
      stop("closed");
      subscriber.disconnect();
      // At most the connection's command timeout (5 s).
      if (redis.status === "ready") await redis.call("CLIENT", "TRACKING", "off").catch(() => undefined);
    },
  };
}
