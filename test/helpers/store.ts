// Shared by the store tests: forms shaped like the two real ones, a store on a private Redis, command counting.
import type { Redis } from "ioredis";
import { startTestRedis, type TestRedis } from "./redis.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import type { FormShape } from "../../src/store/form-shape.ts";

export const REGION = "almaty-region";

/** Public services: every figure adds up over units and months. */
export const publicServices: FormShape = {
  id: "public-services",
  figures: [
    { id: "ekyzmet", unitAggregation: "sum", monthAggregation: "sum" },
    { id: "egov", unitAggregation: "sum", monthAggregation: "sum" },
    { id: "other", unitAggregation: "sum", monthAggregation: "sum" },
    { id: "seminars", unitAggregation: "sum", monthAggregation: "sum" },
    { id: "field-seminars", unitAggregation: "sum", monthAggregation: "sum" },
    { id: "violations", unitAggregation: "sum", monthAggregation: "sum" },
  ],
};

/** Employment Roadmap: funds allotted add up over months as "last"; a share that is never totalled. */
export const roadmap: FormShape = {
  id: "roadmap-2020",
  figures: [
    { id: "allotted", unitAggregation: "sum", monthAggregation: "last" },
    { id: "spent", unitAggregation: "sum", monthAggregation: "sum" },
    { id: "employed", unitAggregation: "sum", monthAggregation: "sum" },
    { id: "spent-share", unitAggregation: "none", monthAggregation: "last" },
  ],
};

export interface StoreFixture {
  server: TestRedis;
  /** the store's own client (createRedis: auto-pipelining on) */
  redis: Redis;
  /** a second client for inspection and command statistics */
  admin: Redis;
  store: Store;
  stop(): Promise<void>;
}

export async function startStore(regionId = REGION): Promise<StoreFixture> {
  const server = await startTestRedis();
  const redis = createRedis(server.url);
  const admin = server.connect();
  await Promise.all([redis.ping(), admin.ping()]);
  const store = createStore(redis, { prefix: server.prefix, regionId });
  return {
    server,
    redis,
    admin,
    store,
    stop: async () => {
      await Promise.all([redis.quit(), admin.quit()]);
      await server.stop();
    },
  };
}

/** Commands the server executed while `run` ran (INFO commandstats before and after; Lua's inner commands included). */
export async function countCommands(admin: Redis, run: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await commandStats(admin);
  await run();
  const after = await commandStats(admin);
  const diff: Record<string, number> = {};
  for (const [name, calls] of after) {
    const delta = calls - (before.get(name) ?? 0);
    if (delta > 0 && name !== "info") diff[name] = delta;
  }
  return diff;
}

async function commandStats(admin: Redis): Promise<Map<string, number>> {
  const info = await admin.info("commandstats");
  const stats = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) stats.set(match[1]!, Number(match[2]));
  return stats;
}

export { seededRandom } from "../../src/devtools/random.ts";
