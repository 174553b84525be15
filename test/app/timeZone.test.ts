// The region's time zone has one source, config/region.yaml; CLOCK_START without an offset is read in it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app.ts";
import { parseConfig } from "../../src/config.ts";
import { parseInstant } from "../../src/domain/zonedTime.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const TOKEN = "2000003:LOCAL-timezone-test-token-not-real";
let redis: TestRedis;
let tokyoConfig: string;

before(async () => {
  redis = await startTestRedis();
  tokyoConfig = mkdtempSync(join(tmpdir(), "region-tz-"));
  cpSync(CONFIG_DIR, tokyoConfig, { recursive: true });
  const region = join(tokyoConfig, "region.yaml");
  writeFileSync(region, readFileSync(region, "utf8").replace(/^timeZone: .*$/m, "timeZone: Asia/Tokyo"));
});
after(async () => {
  rmSync(tokyoConfig, { recursive: true, force: true });
  await redis.stop();
});

async function appClock(env: Record<string, string>): Promise<{ timeZone: string; now: Date }> {
  const config = parseConfig({ REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, LOG_LEVEL: "silent", ...env });
  const app = await createApp(config, TOKEN);
  try {
    return { timeZone: app.deps.timeZone, now: app.deps.clock.now() };
  } finally {
    await app.close();
  }
}

const near = (actual: Date, expected: string) =>
  assert.ok(Math.abs(actual.getTime() - Date.parse(expected)) < 60_000, `${actual.toISOString()} is not about ${expected}`);

test("the bot computes in the region's time zone, whatever TZ says", async () => {
  const { timeZone, now } = await appClock({ CONFIG_DIR: tokyoConfig, TZ: "Europe/London", CLOCK_START: "2016-11-03T10:00" });
  assert.equal(timeZone, "Asia/Tokyo");
  near(now, "2016-11-03T01:00:00Z");
});

test("CLOCK_START without an offset is the region's local time, seconds optional", async () => {
  near((await appClock({ CONFIG_DIR: CONFIG_DIR, CLOCK_START: "2016-11-03T10:00" })).now, "2016-11-03T04:00:00Z");
  near((await appClock({ CONFIG_DIR: CONFIG_DIR, CLOCK_START: "2016-11-03T10:00:30" })).now, "2016-11-03T04:00:30Z");
});

test("CLOCK_START with an offset is that instant, with or without seconds", async () => {
  near((await appClock({ CONFIG_DIR: tokyoConfig, CLOCK_START: "2016-11-03T10:00+06:00" })).now, "2016-11-03T04:00:00Z");
  near((await appClock({ CONFIG_DIR: tokyoConfig, CLOCK_START: "2016-11-03T10:00:00+06:00" })).now, "2016-11-03T04:00:00Z");
});

test("instants are read exactly, in zones whose offset changed (Almaty: UTC+6 until March 2024, UTC+5 since)", () => {
  const cases: [string, string | undefined][] = [
    ["2016-11-03T10:00", "2016-11-03T04:00:00.000Z"],
    ["2016-11-03 10:00:05", "2016-11-03T04:00:05.000Z"],
    ["2016-11-03T10:00:05.250", "2016-11-03T04:00:05.250Z"],
    ["2024-11-03T10:00", "2024-11-03T05:00:00.000Z"],
    ["2016-11-03T10:00+0500", "2016-11-03T05:00:00.000Z"],
    ["2016-11-03T10:00Z", "2016-11-03T10:00:00.000Z"],
    ["2016-11-31T10:00", undefined],
    ["2016-11-03T24:00", undefined],
    ["2016-11-03", undefined],
    ["03.11.2016 10:00", undefined],
  ];
  for (const [text, expected] of cases) assert.equal(parseInstant(text, "Asia/Almaty")?.toISOString(), expected, text);
});
