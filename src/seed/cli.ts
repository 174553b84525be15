// npm run seed:demo: January–October 2016 demo data into the Redis and key prefix of REDIS_URL and REDIS_PREFIX
// (with --sandbox: of the running `npm run sandbox`).
import { parseConfig, ConfigurationError } from "../config.ts";
import { loadDomainConfig } from "../domain/loader.ts";
import { createRedis, describeTarget, redisTargetOf } from "../store/redis.ts";
import { createStore } from "../store/index.ts";
import { seedDemo } from "./demo.ts";
import { applySandboxFlag, NoSandboxError } from "../sandbox/where.ts";

try {
  applySandboxFlag(process.argv.slice(2));
  const config = parseConfig(process.env);
  const { region, forms } = loadDomainConfig(config.CONFIG_DIR);
  const target = redisTargetOf(config);
  const redis = createRedis(target);
  try {
    const store = createStore(redis, { prefix: config.REDIS_PREFIX, regionId: region.id });
    const result = await seedDemo(store, region, forms, config.TZ);
    console.log(
      `Demo data for January–October 2016 in ${describeTarget(target)} under "${config.REDIS_PREFIX}": ` +
        `${result.written} report versions written, ${result.unchanged} reports already in place, ${result.restored} restored.`,
    );
  } finally {
    await redis.quit();
  }
} catch (error) {
  console.error(error instanceof ConfigurationError || error instanceof NoSandboxError ? error.message : error);
  process.exit(1);
}
