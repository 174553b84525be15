import { test } from "node:test";
import assert from "node:assert/strict";
import { parseConfig, ConfigurationError } from "../../src/config.ts";

const TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdef";

test("an empty environment gives the documented defaults", () => {
  const config = parseConfig({});
  assert.equal(config.BOT_MODE, "polling");
  assert.equal(config.BOT_API_ROOT, "https://api.telegram.org");
  assert.equal(config.REDIS_URL, "redis://127.0.0.1:6379");
  assert.deepEqual(config.ADMIN_IDS, []);
  assert.equal(config.BOT_TOKEN, undefined);
});

test("settings are read and converted", () => {
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: "http://127.0.0.1:8081",
    ADMIN_IDS: "11, 22,33",
    REDIS_URL: "rediss://:secret@redis.example:6380/2",
    REDIS_PREFIX: "almaty:",
    WEBHOOK_PORT: "9000",
    CLOCK_START: "2016-11-03T10:00:00+06:00",
  });
  assert.deepEqual(config.ADMIN_IDS, [11, 22, 33]);
  assert.equal(config.WEBHOOK_PORT, 9000);
  assert.equal(config.REDIS_PREFIX, "almaty:");
});

test("CLOCK_START is read with or without seconds and offset", () => {
  for (const text of ["2016-11-03T10:00+06:00", "2016-11-03T10:00", "2016-11-03T10:00:30", "2016-11-03T10:00:00+06:00", "2016-11-03T04:00Z"]) {
    assert.equal(parseConfig({ CLOCK_START: text }).CLOCK_START, text);
  }
});

test("the region's time zone is not an environment setting: TZ is not read", () => {
  assert.equal("TZ" in parseConfig({ TZ: "Europe/London" }), false);
});

test("Redis Cluster nodes, Sentinels and WAIT are read from the environment", () => {
  const cluster = parseConfig({ REDIS_CLUSTER_NODES: "10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002", REDIS_WAIT_REPLICAS: "1", REDIS_TLS: "1" });
  assert.deepEqual(cluster.REDIS_CLUSTER_NODES, [
    { host: "10.0.0.1", port: 7000 },
    { host: "10.0.0.2", port: 7001 },
    { host: "::1", port: 7002 },
  ]);
  assert.equal(cluster.REDIS_WAIT_REPLICAS, 1);
  assert.equal(cluster.REDIS_TLS, true);
  const sentinel = parseConfig({ REDIS_SENTINELS: "s1:26379,s2:26379" });
  assert.equal(sentinel.REDIS_SENTINEL_NAME, "mymaster");
  assert.equal(sentinel.REDIS_WAIT_REPLICAS, 0);
  assert.equal(sentinel.REDIS_SENTINELS?.length, 2);
});

test("a unix socket path is a valid REDIS_URL", () => {
  assert.equal(parseConfig({ REDIS_URL: "/tmp/redis.sock" }).REDIS_URL, "/tmp/redis.sock");
});

const bad: [string, Record<string, string>, RegExp][] = [
  ["a malformed token", { BOT_TOKEN: "not-a-token" }, /^Bad setting: BOT_TOKEN: /],
  ["an unknown mode", { BOT_MODE: "push" }, /BOT_MODE/],
  ["webhook mode without URL and secret", { BOT_MODE: "webhook" }, /WEBHOOK_URL: required.*WEBHOOK_SECRET: required/],
  ["a short webhook secret", { BOT_MODE: "webhook", WEBHOOK_URL: "https://x.kz", WEBHOOK_SECRET: "short" }, /WEBHOOK_SECRET/],
  ["a non-Redis URL", { REDIS_URL: "http://localhost" }, /REDIS_URL/],
  ["admin ids that are not numbers", { ADMIN_IDS: "12,abc" }, /ADMIN_IDS/],
  ["a port out of range", { WEBHOOK_PORT: "70000" }, /WEBHOOK_PORT/],
  ["cluster nodes without ports", { REDIS_CLUSTER_NODES: "redis1,redis2" }, /REDIS_CLUSTER_NODES: a comma-separated list of host:port/],
  ["both a cluster and Sentinels", { REDIS_CLUSTER_NODES: "a:1", REDIS_SENTINELS: "b:2" }, /REDIS_SENTINELS: set REDIS_CLUSTER_NODES or REDIS_SENTINELS/],
  ["a clock start that is not an instant", { CLOCK_START: "yesterday" }, /CLOCK_START: a date and time such as 2016-11-03T10:00/],
  ["a clock start on a day that does not exist", { CLOCK_START: "2016-02-30T10:00" }, /CLOCK_START/],
];

for (const [name, env, message] of bad) {
  test(`${name} is refused with one clear line`, () => {
    assert.throws(
      () => parseConfig(env),
      (error: unknown) => error instanceof ConfigurationError && message.test(error.message) && !error.message.includes("\n"),
    );
  });
}

test("a refused token is not echoed back", () => {
  const secretish = "12345:short";
  assert.throws(() => parseConfig({ BOT_TOKEN: secretish }), (error: Error) => !error.message.includes(secretish));
});
