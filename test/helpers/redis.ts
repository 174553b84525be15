// A throwaway Redis for one test file: REDIS_URL when given (with a fresh key prefix), else a private redis-server.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { startRedisServer } from "../../src/devtools/redisServer.ts";

export interface TestRedis {
  /** Connect a new client to this server. */
  connect(): Redis;
  /** A key prefix unique to this test run. */
  prefix: string;
  /** Usable as REDIS_URL: redis:// or a unix socket path. */
  url: string;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const prefix = `t${randomBytes(4).toString("hex")}:`;
  const given = process.env.REDIS_URL;
  if (given) return { connect: () => new Redis(given), prefix, url: given, stop: async () => {} };
  const server = await startRedisServer();
  return { connect: () => new Redis({ path: server.socket }), prefix, url: server.socket, stop: server.stop };
}
