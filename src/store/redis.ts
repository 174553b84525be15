// The Redis connection: one factory for every deployment form (one server, Sentinel, Cluster), and the Lua scripts
// registered on it.
import { readFileSync } from "node:fs";
import { Cluster, Redis, type ChainableCommander, type ClusterOptions, type RedisOptions } from "ioredis";

/** A client of one server (or of the primary Sentinel names) or of a Redis Cluster: the same commands on both. */
export type RedisClient = Redis | Cluster;

export interface HostPort {
  host: string;
  port: number;
}

/** Where Redis is: one server by URL, a Cluster by seed nodes, or a primary found through Sentinels. */
export type RedisTarget =
  | { kind: "server"; url: string }
  | ({ kind: "cluster"; nodes: HostPort[] } & RedisAuth)
  | ({ kind: "sentinel"; sentinels: HostPort[]; name: string; sentinelPassword?: string } & RedisAuth);

/** Credentials and TLS of the data nodes (a URL carries its own). */
export interface RedisAuth {
  username?: string;
  password?: string;
  tls?: boolean;
}

/** The Redis settings of the environment (src/config.ts parses them; the store does not import the config). */
export interface RedisConfig {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: HostPort[];
  REDIS_SENTINELS?: HostPort[];
  REDIS_SENTINEL_NAME: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_USERNAME?: string;
  REDIS_PASSWORD?: string;
  REDIS_TLS: boolean;
}

/** The target the environment names: REDIS_CLUSTER_NODES, else REDIS_SENTINELS, else REDIS_URL. */
export function redisTargetOf(config: RedisConfig): RedisTarget {
  const auth: RedisAuth = {
    ...(config.REDIS_USERNAME ? { username: config.REDIS_USERNAME } : {}),
    ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
    ...(config.REDIS_TLS ? { tls: true } : {}),
  };
  if (config.REDIS_CLUSTER_NODES) return { kind: "cluster", nodes: config.REDIS_CLUSTER_NODES, ...auth };
  if (config.REDIS_SENTINELS) {
    return {
      kind: "sentinel",
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_NAME,
      ...(config.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: config.REDIS_SENTINEL_PASSWORD } : {}),
      ...auth,
    };
  }
  return { kind: "server", url: config.REDIS_URL };
}

/** The target for logs: no password. */
export function describeTarget(target: RedisTarget): string {
  const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(",");
  if (target.kind === "cluster") return `cluster ${list(target.nodes)}`;
  if (target.kind === "sentinel") return `sentinel ${target.name}@${list(target.sentinels)}`;
  return target.url.replace(/\/\/[^@/]*@/, "//***@");
}

/**
 * Options for createRedis from a URL: `redis://[user:pass@]host:port[/db]`, `rediss://…` (TLS),
 * a unix socket path `/run/redis.sock[?db=2&password=…]` or `unix:///run/redis.sock[?…]`.
 * Explicit `opts` win over what the URL says.
 */
export function redisOptions(opts: RedisOptions = {}): RedisOptions {
  return {
    lazyConnect: false,
    // Commands issued in the same tick by concurrent updates go out in one write: fewer syscalls, same command count.
    enableAutoPipelining: true,
    // Reconnect for ever, backing off to 1 s, so a Redis restart heals by itself.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 1000) + Math.floor(Math.random() * 100),
    // While Redis is down a command waits through one failed reconnect, not more (a blip of a few hundred ms passes
    // unnoticed; an outage fails the update within about 2 s): the person is told that nothing can be saved right
    // now (src/bot/errors.ts). A command dropped this way is never sent later, unlike one that timed out below.
    maxRetriesPerRequest: 1,
    // A command with no answer after 5 s fails whatever the connection looks like (Redis frozen, a network partition
    // that resets nothing), inside Telegram's webhook timeout. Blocking connections (BullMQ) turn it off.
    commandTimeout: 5_000,
    // After a failover the old primary answers READONLY: reconnect and resend the command.
    reconnectOnError: (error) => (error.message.startsWith("READONLY") ? 2 : false),
    connectionName: "akimat-bot",
    ...opts,
  };
}

/** Cluster-wide options; `opts` are the per-node options as for one server (retryStrategy becomes the cluster's). */
export function clusterOptions(target: RedisAuth, opts: RedisOptions = {}): ClusterOptions {
  const { retryStrategy, enableAutoPipelining, lazyConnect, reconnectOnError: _perNode, ...node } = redisOptions(opts);
  return {
    lazyConnect,
    enableAutoPipelining,
    clusterRetryStrategy: retryStrategy,
    // While a primary is down and its replica not yet elected (cluster-node-timeout and the election), a command is
    // resent every 200 ms, about 3 s in all (16 tries), before the update fails and the user is told.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 200,
    redisOptions: { ...node, ...authOptions(target) },
  };
}

function authOptions(target: RedisAuth): RedisOptions {
  return {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
}

export function createRedis(target: string, opts?: RedisOptions): Redis;
export function createRedis(target: RedisTarget, opts?: RedisOptions): RedisClient;
export function createRedis(target: string | RedisTarget, opts: RedisOptions = {}): RedisClient {
  const where: RedisTarget = typeof target === "string" ? { kind: "server", url: target } : target;
  if (where.kind === "cluster") return new Cluster(where.nodes, clusterOptions(where, opts));
  if (where.kind === "sentinel") {
    return reconnectWhenEnded(new Redis({
      ...redisOptions(opts),
      sentinels: where.sentinels,
      name: where.name,
      // Sentinel tells the client at once when the primary moves, rather than on the next failed command.
      failoverDetector: true,
      ...(where.sentinelPassword ? { sentinelPassword: where.sentinelPassword } : {}),
      ...(where.tls ? { sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
      ...authOptions(where),
    }));
  }
  const url = where.url.startsWith("unix://") ? where.url.slice("unix://".length) : where.url;
  return reconnectWhenEnded(new Redis(url, redisOptions(opts)));
}

/**
 * ioredis ends a client for good when its connector is closed while it connects: the Sentinel connector is, when a
 * failover notice (+switch-master) arrives while it is resolving the primary after a lost connection (its failover
 * detector closes the connector directly). Every command then fails with "Connection is closed." for the life of the
 * process (seen in the Sentinel fault test, once in several runs). A client that was not closed on purpose (quit,
 * disconnect) is connected again.
 */
export function reconnectWhenEnded(client: Redis): Redis {
  let closing = false;
  const quit = client.quit.bind(client);
  const disconnect = client.disconnect.bind(client);
  client.quit = ((...args: Parameters<Redis["quit"]>) => {
    closing = true;
    return quit(...args);
  }) as Redis["quit"];
  client.disconnect = (reconnect = false) => {
    if (!reconnect) closing = true;
    disconnect(reconnect);
  };
  client.on("end", () => {
    if (closing) return;
    setTimeout(() => {
      if (!closing && client.status === "end") client.connect().catch(() => undefined);
    }, 200).unref();
  });
  return client;
}

/** A second connection to the same Redis (one server, Sentinel or Cluster) with some options changed. */
export function duplicateRedis(redis: RedisClient, opts: RedisOptions): RedisClient {
  if (!(redis instanceof Cluster)) return reconnectWhenEnded(redis.duplicate(opts));
  const { enableAutoPipelining, lazyConnect, retryStrategy, ...node } = opts;
  return redis.duplicate([], {
    ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(retryStrategy === undefined ? {} : { clusterRetryStrategy: retryStrategy }),
    redisOptions: { ...redis.options.redisOptions, ...node },
  });
}

const SUBMIT_REPORT_LUA = readFileSync(new URL("./submit-report.lua", import.meta.url), "utf8");

/** A client with the store's scripts defined (EVALSHA, falling back to EVAL once per connection). */
export type StoreRedis = RedisClient & {
  submitReport(numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
};

/** A pipeline of a StoreRedis client: the scripts can be queued on it too. */
export type ScriptPipeline = ChainableCommander & {
  submitReport(numKeys: number, ...keysAndArgs: string[]): ChainableCommander;
};

export function defineScripts(redis: RedisClient): StoreRedis {
  if (!("submitReport" in redis)) redis.defineCommand("submitReport", { lua: SUBMIT_REPORT_LUA });
  return redis as StoreRedis;
}

/** Thrown when fewer replicas than asked confirmed a write in time: it may or may not survive a failover. */
export class ReplicationTimeoutError extends Error {
  constructor(
    readonly wanted: number,
    readonly confirmed: number,
  ) {
    super(`only ${confirmed} of ${wanted} replicas confirmed the write in time`);
    this.name = "ReplicationTimeoutError";
  }
}

export interface Durability {
  /** Replicas that must have a write before it counts as done (WAIT); 0: the primary's reply is enough. */
  replicas: number;
  timeoutMs: number;
}

/**
 * Sends `commands` (built on a pipeline; the first one's reply is returned) and then WAIT for `durability.replicas`
 * replicas, in one pipeline on one connection (a Cluster client sends it to the node of the commands' keys: WAIT has
 * no key and goes with them). Throws ReplicationTimeoutError when too few replicas confirmed in time.
 *
 * WAIT counts only writes made by its own connection, so: the commands should end with a write (the submission adds a
 * PEXPIRE of its claim, which a replayed update, answered "duplicate", would otherwise not write), and when the
 * connection was replaced while the pipeline ran (ioredis resends unanswered commands after a reconnect, WAIT perhaps
 * before the script) the whole pipeline runs again; so it must be safe to run twice, as the submit script is. On a
 * Cluster, a pipeline meeting a failover (MOVED, CLUSTERDOWN, a closed connection) is sent again once the slots are
 * refreshed, as ioredis does for a single command but not for a pipeline holding a write.
 */
export async function runDurably(
  redis: RedisClient,
  durability: Durability,
  commands: (pipeline: ChainableCommander) => ChainableCommander,
): Promise<unknown> {
  if (durability.replicas <= 0) {
    const [reply] = await execPipeline(commands(redis.pipeline()));
    return reply;
  }
  const connection = connectionEpochs(redis);
  for (let attempt = 1; ; attempt++) {
    const epoch = connection.epoch;
    const pipeline = commands(redis.pipeline());
    pipeline.wait(durability.replicas, durability.timeoutMs);
    const replies = (await pipeline.exec()) ?? [];
    const error = replies.find(([e]) => e)?.[0];
    const retry = attempt < DURABLE_ATTEMPTS && (error ? redis instanceof Cluster && CLUSTER_MOVING.test(error.message) : connection.epoch !== epoch);
    if (retry) {
      if (redis instanceof Cluster) await new Promise<void>((resolve) => redis.refreshSlotsCache(() => resolve()));
      await new Promise((resolve) => setTimeout(resolve, DURABLE_RETRY_MS));
      continue;
    }
    if (error) throw error;
    const confirmed = Number(replies.at(-1)?.[1]);
    if (connection.epoch !== epoch || !(confirmed >= durability.replicas)) {
      throw new ReplicationTimeoutError(durability.replicas, connection.epoch !== epoch ? 0 : confirmed);
    }
    return replies[0]?.[1];
  }
}

// Errors of a Cluster in the middle of a failover or resharding, and how long a pipeline keeps retrying (about 3 s).
const CLUSTER_MOVING = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)|Connection is closed|aborted due to connection close|ECONNREFUSED|ECONNRESET/;
const DURABLE_ATTEMPTS = 16;
const DURABLE_RETRY_MS = 200;

const epochs = new WeakMap<RedisClient, { epoch: number }>();

/** Counts the connections a client has closed (for a Cluster, any node's), so a reply can be known to share one. */
function connectionEpochs(redis: RedisClient): { epoch: number } {
  let counter = epochs.get(redis);
  if (!counter) {
    const created = { epoch: 0 };
    redis.on(redis instanceof Cluster ? "-node" : "close", () => created.epoch++);
    epochs.set(redis, created);
    counter = created;
  }
  return counter;
}

/** Runs a pipeline (one round trip) and returns its replies, throwing the first error. */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = await pipeline.exec();
  if (!replies) throw new Error("pipeline discarded");
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** Every key matching `pattern`: SCAN on this client, or on each primary of a Redis Cluster. */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const cluster = redis as unknown as { nodes?: (role: "master") => RedisClient[] };
  const nodes = typeof cluster.nodes === "function" ? cluster.nodes("master") : [redis];
  const found = new Set<string>();
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [nextCursor, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      for (const key of batch) found.add(key);
      cursor = nextCursor;
    } while (cursor !== "0");
  }
  return [...found];
}
