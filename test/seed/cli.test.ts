// `npm run seed:demo -- --help` prints the usage and writes nothing; an unknown option is refused, nothing written.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const ROOT = join(import.meta.dirname, "..", "..");

let redis: TestRedis;
before(async () => {
  redis = await startTestRedis();
});
after(() => redis.stop());

function seed(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/seed/cli.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, BOT_TOKEN: "" },
    timeout: 60_000,
  });
}

async function keysWritten(): Promise<number> {
  const client = redis.connect();
  try {
    return (await client.keys(`${redis.prefix}*`)).length;
  } finally {
    client.disconnect();
  }
}

describe("npm run seed:demo", () => {
  it("--help prints the usage and writes nothing", async () => {
    const run = seed("--help");
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Usage: npm run seed:demo/);
    assert.match(run.stdout, /never written over/);
    assert.equal(await keysWritten(), 0);
  });

  it("refuses an unknown option with the usage, and writes nothing", async () => {
    const run = seed("--dry-run");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Unknown option '--dry-run'/);
    assert.match(run.stderr, /Usage: npm run seed:demo/);
    assert.equal(await keysWritten(), 0);
  });

  it("without options writes the demo data, and a second run writes nothing", async () => {
    const first = seed();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /report versions written/);
    assert.ok((await keysWritten()) > 0);
    const second = seed();
    assert.match(second.stdout, / 0 report versions written, \d+ reports already in place, 0 changed since/);
  });
});
