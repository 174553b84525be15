// Local Redis topologies for tests: a Redis Cluster (masters with replicas) and a primary with replicas watched by
// Sentinels, each node its own redis-server process on a free loopback port, stopped (or killed) by pid.
import { freePort } from "./ports.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { REDIS_INSTALL_HINT, waitUntilReady } from "./redisServer.ts";

const HOST = "127.0.0.1";

/** One redis-server process that can be killed and started again with the same port, folder and configuration. */
export class RedisProcess {
  private child: ChildProcess | undefined;
  private admin: Redis | undefined;

  constructor(
    readonly port: number,
    private readonly args: string[],
    private readonly ready = /ready to accept connections/i,
  ) {}

  get address(): string {
    return `${HOST}:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn("redis-server", this.args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    try {
      await waitUntilReady(child, this.ready);
    } catch (error) {
      throw new Error(`${REDIS_INSTALL_HINT} (${(error as Error).message})`, { cause: error });
    }
  }

  /** A connection for administration (CLUSTER, SENTINEL, INFO): one attempt per command, no reconnecting. */
  client(): Redis {
    this.admin ??= new Redis({ host: HOST, port: this.port, lazyConnect: true, maxRetriesPerRequest: 1, connectionName: "akimat-test-admin" });
    return this.admin;
  }

  /** Sends a signal without waiting: SIGSTOP freezes the node (a replica falls behind, a master goes silent), SIGCONT resumes it. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child!.kill(signal);
  }

  /** Stops the process with `signal` (SIGKILL: no chance to save or say goodbye) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    this.admin?.disconnect();
    this.admin = undefined;
    const child = this.child;
    if (!child || !this.running) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  }
}

/** Polls `check` (a condition of a cluster or of Sentinels, which they reach by gossip) until it holds. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// No persistence (a restarted node syncs from its master), and replicas sync at once (no 5 s diskless delay).
const BASE_ARGS = ["--bind", HOST, "--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0", "--loglevel", "notice"];

export interface ClusterNode {
  id: string;
  address: string;
  role: "master" | "replica";
  /** For a replica, the id of its master. */
  masterId?: string;
  failed: boolean;
  slots: [number, number][];
}

export interface LocalCluster {
  /** Every node ever started, masters first as created. */
  processes: RedisProcess[];
  /** `host:port,…` of every node: REDIS_CLUSTER_NODES. */
  seeds: string;
  /** The cluster as a live node sees it. */
  nodes(): Promise<ClusterNode[]>;
  /** The master serving this key's slot and its replicas (running processes). */
  shardOf(key: string): Promise<{ master: RedisProcess; replicas: RedisProcess[] }>;
  /** Waits until every running node says the cluster is ok and the key's shard has a master and `replicas` replicas. */
  settled(key: string, replicas: number): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /** cluster-node-timeout: how long a silent master takes to be declared failed (Redis's default is 15 s). */
  nodeTimeoutMs?: number;
}

/** Starts `masters × (1 + replicasPerMaster)` cluster-enabled redis-servers and joins them with `redis-cli --cluster create`. */
export async function startRedisCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const masters = options.masters ?? 3;
  const perMaster = options.replicasPerMaster ?? 1;
  const dir = mkdtempSync(join(tmpdir(), "akimat-cluster-"));
  const processes: RedisProcess[] = [];
  const live = () => processes.filter((p) => p.running);
  const cluster: LocalCluster = {
    processes,
    seeds: "",
    nodes: async () => parseClusterNodes(String(await live()[0]!.client().cluster("NODES"))),
    shardOf: async (key) => {
      const first = live()[0]!.client();
      const slot = Number(await first.cluster("KEYSLOT", key));
      const nodes = await cluster.nodes();
      const master = nodes.find((n) => n.role === "master" && !n.failed && n.slots.some(([a, b]) => slot >= a && slot <= b));
      if (!master) throw new Error(`no master serves slot ${slot}`);
      const byAddress = (address: string) => processes.find((p) => p.address === address && p.running);
      const running = byAddress(master.address);
      if (!running) throw new Error(`the master of slot ${slot} is not running`);
      const replicas = nodes.filter((n) => n.masterId === master.id && !n.failed).map((n) => byAddress(n.address));
      return { master: running, replicas: replicas.filter((p): p is RedisProcess => p !== undefined) };
    },
    settled: async (key, replicas) => {
      await until(`the cluster to settle with ${replicas} replica(s) for ${key}`, async () => {
        for (const node of live()) {
          if (!String(await node.client().cluster("INFO")).includes("cluster_state:ok")) return false;
        }
        const shard = await cluster.shardOf(key);
        if (shard.replicas.length < replicas) return false;
        // Each replica has finished its sync with the master (WAIT can count it).
        const info = String(await shard.master.client().info("replication"));
        return (info.match(/^slave\d+:.*state=online/gm) ?? []).length >= replicas;
      });
    },
    stop: async () => {
      for (const node of processes) await node.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const timeout = String(options.nodeTimeoutMs ?? 1000);
    for (let i = 0; i < masters * (1 + perMaster); i++) {
      const [port, bus] = [await freePort(), await freePort()];
      const args = [
        ...BASE_ARGS,
        "--port", String(port), "--cluster-enabled", "yes", "--cluster-port", String(bus), "--cluster-node-timeout", timeout,
        "--cluster-config-file", join(dir, `nodes-${port}.conf`), "--dir", dir, "--dbfilename", `dump-${port}.rdb`,
      ];
      const node = new RedisProcess(port, args);
      processes.push(node);
      await node.start();
    }
    cluster.seeds = processes.map((p) => p.address).join(",");
    const create = spawn("redis-cli", ["--cluster", "create", ...processes.map((p) => p.address), "--cluster-replicas", String(perMaster), "--cluster-yes"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    create.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    create.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(create, "exit")) as [number | null];
    if (code !== 0) throw new Error(`redis-cli --cluster create failed (${String(code)}): ${output.slice(-500)}`);
    await until("every node to see the whole cluster", async () => {
      for (const node of processes) {
        const info = String(await node.client().cluster("INFO"));
        if (!info.includes("cluster_state:ok") || !info.includes(`cluster_known_nodes:${processes.length}`)) return false;
      }
      return true;
    });
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** CLUSTER NODES, parsed: `<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot>…`. */
export function parseClusterNodes(text: string): ClusterNode[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.split(" ");
      const flagList = flags!.split(",");
      return {
        id: id!,
        address: address!.split("@")[0]!,
        role: flagList.includes("master") ? ("master" as const) : ("replica" as const),
        ...(master !== "-" ? { masterId: master! } : {}),
        failed: flagList.includes("fail") || flagList.includes("noaddr"),
        slots: slots
          .filter((s) => !s.startsWith("["))
          .map((s) => {
            const [a, b] = s.split("-").map(Number);
            return [a!, b ?? a!] as [number, number];
          }),
      };
    });
}

export interface LocalSentinels {
  /** The data nodes: the first starts as the primary. */
  servers: RedisProcess[];
  sentinels: RedisProcess[];
  /** `host:port,…` of the Sentinels: REDIS_SENTINELS. */
  addresses: string;
  name: string;
  /** The primary the Sentinels name now, and the running servers replicating from it. */
  primary(): Promise<{ primary: RedisProcess; replicas: RedisProcess[] }>;
  /** Waits until every Sentinel names a primary other than `not` and it has `replicas` replicas in sync. */
  settled(replicas: number, not?: RedisProcess): Promise<void>;
  stop(): Promise<void>;
}

export interface SentinelOptions {
  replicas?: number;
  sentinels?: number;
  quorum?: number;
  /** down-after-milliseconds: how long a silent primary takes to be declared down. */
  downAfterMs?: number;
  name?: string;
}

/** Starts a primary, its replicas and Sentinels watching them (quorum 2 of 3 by default). */
export async function startRedisSentinels(options: SentinelOptions = {}): Promise<LocalSentinels> {
  const name = options.name ?? "mymaster";
  const dir = mkdtempSync(join(tmpdir(), "akimat-sentinel-"));
  const servers: RedisProcess[] = [];
  const sentinels: RedisProcess[] = [];
  const byAddress = (address: string) => servers.find((p) => p.address === address);
  const primaryAddress = async (sentinel: RedisProcess) => {
    const [host, port] = (await sentinel.client().call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name)) as [string, string];
    return `${host}:${port}`;
  };
  const topology: LocalSentinels = {
    servers,
    sentinels,
    addresses: "",
    name,
    primary: async () => {
      const primary = byAddress(await primaryAddress(sentinels.find((s) => s.running)!));
      if (!primary?.running) throw new Error("the Sentinels name a primary that is not running");
      const info = String(await primary.client().info("replication"));
      const online = [...info.matchAll(/^slave\d+:ip=([^,]+),port=(\d+),state=online/gm)].map((m) => byAddress(`${m[1]}:${m[2]}`));
      return { primary, replicas: online.filter((p): p is RedisProcess => p?.running === true) };
    },
    settled: async (replicas, not) => {
      await until(`the Sentinels to agree on a primary with ${replicas} replica(s)`, async () => {
        const named = new Set<string>();
        for (const sentinel of sentinels.filter((s) => s.running)) named.add(await primaryAddress(sentinel));
        if (named.size !== 1 || (not && named.has(not.address))) return false;
        const { primary, replicas: online } = await topology.primary();
        const role = String(await primary.client().info("replication"));
        return role.includes("role:master") && online.length >= replicas;
      });
    },
    stop: async () => {
      for (const node of [...sentinels, ...servers]) await node.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i <= (options.replicas ?? 1); i++) {
      const port = await freePort();
      const replicaOf = servers[0] ? ["--replicaof", HOST, String(servers[0].port)] : [];
      const node = new RedisProcess(port, [...BASE_ARGS, "--port", String(port), "--dir", dir, "--dbfilename", `dump-${port}.rdb`, ...replicaOf]);
      servers.push(node);
      await node.start();
    }
    const count = options.sentinels ?? 3;
    const quorum = options.quorum ?? Math.floor(count / 2) + 1;
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const file = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          `bind ${HOST}`,
          `dir ${dir}`,
          `sentinel monitor ${name} ${HOST} ${servers[0]!.port} ${quorum}`,
          `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1000}`,
          `sentinel failover-timeout ${name} 10000`,
          `sentinel parallel-syncs ${name} 1`,
          "",
        ].join("\n"),
      );
      const sentinel = new RedisProcess(port, [file, "--sentinel"], /\+monitor master/);
      sentinels.push(sentinel);
      await sentinel.start();
    }
    topology.addresses = sentinels.map((s) => s.address).join(",");
    await topology.settled(options.replicas ?? 1);
    // Every Sentinel knows the others (needed for the quorum of an automatic failover).
    await until("the Sentinels to discover each other", async () => {
      for (const sentinel of sentinels) {
        const master = (await sentinel.client().call("SENTINEL", "MASTER", name)) as string[];
        const others = Number(master[master.indexOf("num-other-sentinels") + 1]);
        if (others < count - 1) return false;
      }
      return true;
    });
    return topology;
  } catch (error) {
    await topology.stop();
    throw error;
  }
}
