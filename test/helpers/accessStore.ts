// Shared by the access tests: the access service over a store on a private Redis, with the real region and forms.
import type { Redis } from "ioredis";
import { startTestRedis, type TestRedis } from "./redis.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { SettableClock } from "../../src/clock.ts";
import { createAccess, type Access, type AccessDeps, type AccessOptions } from "../../src/access/index.ts";

export const domain = loadDomainConfig("config");

export interface AccessFixture {
  server: TestRedis;
  redis: Redis;
  store: Store;
  clock: SettableClock;
  deps: AccessDeps;
  access: Access;
  /** Every key and value under the fixture's prefix, as text (to look for codes that must not be there). */
  dump(): Promise<string>;
  stop(): Promise<void>;
}

export async function startAccess(options: AccessOptions & { adminIds?: number[] } = {}): Promise<AccessFixture> {
  const server = await startTestRedis();
  const redis = createRedis(server.url);
  const store = createStore(redis, { prefix: server.prefix, regionId: domain.region.id });
  const clock = new SettableClock();
  clock.set(new Date("2016-11-03T10:00:00+06:00"));
  const deps: AccessDeps = { store, region: domain.region, forms: domain.forms, clock, inviteTtlDays: 7, adminIds: options.adminIds ?? [] };
  return {
    server,
    redis,
    store,
    clock,
    deps,
    access: createAccess(deps, options),
    dump: () => dumpKeys(redis, server.prefix),
    stop: async () => {
      await redis.quit();
      await server.stop();
    },
  };
}

export async function dumpKeys(redis: Redis, prefix: string): Promise<string> {
  const keys = await redis.keys(`${prefix}*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    parts.push(key);
    if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === "string") parts.push(String(await redis.get(key)));
    else if (type === "set") parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === "zset") parts.push(JSON.stringify(await redis.zrange(key, "0", "-1")));
    else if (type === "list") parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else parts.push(`(${type})`);
  }
  return parts.join("\n");
}
