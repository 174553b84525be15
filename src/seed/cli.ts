// npm run seed:demo: January–October 2016 demo data into the Redis and key prefix of REDIS_URL and REDIS_PREFIX.
import { parseConfig, ConfigurationError } from "../config.ts";
import { loadDomainConfig } from "../domain/loader.ts";
import { createRedis, describeTarget, redisTargetOf } from "../store/redis.ts";
import { createStore } from "../store/index.ts";
import { seedDemo } from "./demo.ts";

try {
  const config = parseConfig(process.env);
  const { region, forms } = loadDomainConfig(config.CONFIG_DIR);
  const target = redisTargetOf(config);
  const redis = createRedis(target);
  try {
    const store = createStore(redis, { prefix: config.REDIS_PREFIX, regionId: region.id });
    const result = await seedDemo(store, region, forms);
    console.log(
      `Demo data for January–October 2016 in ${describeTarget(target)} under "${config.REDIS_PREFIX}": ` +
        `${result.written} report versions written, ${result.unchanged} reports already in place, ${result.restored} restored.`,
    );
  } finally {
    await redis.quit();
  }
} catch (error) {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
}
