// A private redis-server for tests, transcripts and the sandbox: on a unix socket in its own folder, stopped by pid.
// Fault tests also kill it the hard way, freeze it, and start it again on the same data and socket.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { once } from "node:events";

export const REDIS_INSTALL_HINT =
  "Redis is needed: install it (Debian: apt-get install redis-server) or set REDIS_URL to a Redis you may use.";

export interface RedisServer {
  /** The unix socket path, usable as REDIS_URL and as ioredis `path`. */
  socket: string;
  /** The redis-server process id. */
  pid: number;
  /** The data folder (the append-only file lives in its `appendonlydir`). */
  dir: string;
  /** Sends a signal: SIGKILL and SIGTERM resolve once the process exited; SIGSTOP/SIGCONT freeze and thaw it. */
  signal(signal: NodeJS.Signals): Promise<void>;
  /** What redis-server logged (the last 64 KB): e.g. AOF loading and fsync warnings. */
  log(): string;
  /** SIGTERM (Redis writes what it has and exits), then removes a temp data folder. */
  stop(): Promise<void>;
}

export type AppendFsync = "always" | "everysec" | "no";

export interface RedisServerOptions {
  /** Keep data in this folder across runs (append-only file); otherwise a temp folder, removed on stop. */
  dataDir?: string;
  /** With `dataDir`: when Redis fsyncs the append-only file (default "everysec", as the README recommends). */
  appendfsync?: AppendFsync;
  /** Listen on this socket path (e.g. to start again where a killed server listened); kept on stop. */
  socket?: string;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const keep = options.dataDir !== undefined;
  const dir = keep ? resolve(options.dataDir!) : mkdtempSync(join(tmpdir(), "akimat-redis-"));
  mkdirSync(dir, { recursive: true });
  // A unix socket path must stay short (about 100 bytes): keep the socket in a short temp folder.
  const ownSocketDir = options.socket === undefined && keep ? mkdtempSync(join(tmpdir(), "akimat-sock-")) : undefined;
  const socket = options.socket ?? join(ownSocketDir ?? dir, "redis.sock");
  if (options.socket !== undefined) mkdirSync(dirname(socket), { recursive: true });
  const persistence = keep ? ["--appendonly", "yes", "--appendfsync", options.appendfsync ?? "everysec"] : ["--appendonly", "no"];
  const args = ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--save", "", ...persistence, "--dir", dir];
  let child: ChildProcess;
  let log = "";
  try {
    child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-65_536)));
    await waitUntilReady(child);
  } catch (error) {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    throw new Error(`${REDIS_INSTALL_HINT} (${(error as Error).message})`, { cause: error });
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = async (name: NodeJS.Signals) => {
    if (!running()) return;
    const exited = name === "SIGKILL" || name === "SIGTERM" ? once(child, "exit") : undefined;
    // A frozen process exits on SIGTERM only once thawed.
    if (name === "SIGTERM") child.kill("SIGCONT");
    child.kill(name);
    await exited;
  };
  return {
    socket,
    pid: child.pid!,
    dir,
    signal,
    log: () => log,
    stop: async () => {
      await signal("SIGTERM");
      if (!keep) rmSync(dir, { recursive: true, force: true });
      else if (ownSocketDir) rmSync(ownSocketDir, { recursive: true, force: true });
    },
  };
}

/** Resolves when redis-server logs that it accepts connections (or `ready`); rejects if it exits or cannot start. */
export function waitUntilReady(child: ChildProcess, ready = /ready to accept connections/i): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let log = "";
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (ready.test(log)) {
        child.stdout!.off("data", onData);
        child.off("exit", onExit);
        resolvePromise();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`redis-server exited with ${code}: ${log.slice(-300)}`));
    child.stdout!.on("data", onData);
    child.once("error", reject);
    child.once("exit", onExit);
  });
}
