// npm run seed:demo: January–October 2016 demo data into the Redis and key prefix of REDIS_URL and REDIS_PREFIX
// (with --sandbox: of the running `npm run sandbox`). `--help` prints the usage and writes nothing; an unknown
// option is refused before Redis is touched.
import { parseArgs } from "node:util";
import { parseConfig, ConfigurationError } from "../config.ts";
import { loadDomainConfig } from "../configFiles.ts";
import { createRedis, describeTarget, redisTargetOf } from "../store/redis.ts";
import { createStore } from "../store/index.ts";
import { seedDemo } from "./demo.ts";
import { applySandboxFlag, NoSandboxError } from "../admin/sandboxTarget.ts";

const USAGE = `Usage: npm run seed:demo [-- --sandbox] [-- --help]

Writes the demo data (January–October 2016, the 19 units of the region) into the Redis of REDIS_URL under the key
prefix REDIS_PREFIX, through the bot's own submission script. Running it again writes only what is missing: a
report already there (even one corrected since) is never written over.

Options:
  --sandbox    write into the running \`npm run sandbox\` (its Redis and key prefix)
  -h, --help   print this text and write nothing`;

let options: { help?: boolean };
try {
  options = parseArgs({ args: process.argv.slice(2), options: { help: { type: "boolean", short: "h" }, sandbox: { type: "boolean" } }, strict: true }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

try {
  applySandboxFlag(process.argv.slice(2));
  const config = parseConfig(process.env);
  const { region, forms } = loadDomainConfig(config.CONFIG_DIR);
  const target = redisTargetOf(config);
  const redis = createRedis(target);
  try {
    const store = createStore(redis, { prefix: config.REDIS_PREFIX, regionId: region.id });
    const result = await seedDemo(store, region, forms);
    console.log(
      `Demo data for January–October 2016 in ${describeTarget(target)} under "${config.REDIS_PREFIX}": ` +
        `${result.written} report versions written, ${result.unchanged} reports already in place, ` +
        `${result.kept} changed since they were seeded (left as they are).`,
    );
  } finally {
    await redis.quit();
  }
} catch (error) {
  console.error(error instanceof ConfigurationError || error instanceof NoSandboxError ? error.message : error);
  process.exit(1);
}
