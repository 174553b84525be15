// A private redis-server for tests, transcripts and the sandbox: on a unix socket in its own folder, stopped by pid.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { once } from "node:events";

export const REDIS_INSTALL_HINT =
  "Redis is needed: install it (Debian: apt-get install redis-server) or set REDIS_URL to a Redis you may use.";

export interface RedisServer {
  /** The unix socket path, usable as REDIS_URL and as ioredis `path`. */
  socket: string;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** Keep data in this folder across runs (append-only file); otherwise a temp folder, removed on stop. */
  dataDir?: string;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const keep = options.dataDir !== undefined;
  const dir = keep ? resolve(options.dataDir!) : mkdtempSync(join(tmpdir(), "akimat-redis-"));
  mkdirSync(dir, { recursive: true });
  // A unix socket path must stay short (about 100 bytes): keep the socket in a short temp folder.
  const socketDir = keep ? mkdtempSync(join(tmpdir(), "akimat-sock-")) : dir;
  const socket = join(socketDir, "redis.sock");
  const persistence = keep ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"];
  const args = ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--save", "", ...persistence, "--dir", dir];
  let child: ChildProcess;
  try {
    child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    await waitUntilReady(child);
  } catch (error) {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    throw new Error(`${REDIS_INSTALL_HINT} (${(error as Error).message})`, { cause: error });
  }
  return {
    socket,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
      else rmSync(socketDir, { recursive: true, force: true });
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
        child.stdout!.resume();
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
