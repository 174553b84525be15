// A throwaway Redis for one test file: REDIS_URL when given (with a fresh key prefix), else a private redis-server on a unix socket.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { Redis } from "ioredis";

export interface TestRedis {
  /** Connect a new client to this server. */
  connect(): Redis;
  /** A key prefix unique to this test run. */
  prefix: string;
  /** redis:// or unix socket path usable as REDIS_URL */
  url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "Redis is needed for the tests: install it (Debian: apt-get install redis-server) or set REDIS_URL.";

export async function startTestRedis(): Promise<TestRedis> {
  const prefix = `t${randomBytes(4).toString("hex")}:`;
  const given = process.env.REDIS_URL;
  if (given) {
    return { connect: () => new Redis(given), prefix, url: given, stop: async () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), "akimat-redis-"));
  const socket = join(dir, "redis.sock");
  let child: ChildProcess;
  try {
    child = spawn(
      "redis-server",
      ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    await waitUntilReady(child);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${INSTALL_HINT} (${(error as Error).message})`);
  }
  return {
    connect: () => new Redis({ path: socket }),
    prefix,
    url: socket,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when redis-server logs that it accepts connections; rejects if it exits or cannot start. */
function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = "";
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (/ready to accept connections/i.test(log)) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${log.slice(-500)}`)));
  });
}
