import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { createRedis } from "../../src/store/redis.ts";

let server: TestRedis;
before(async () => {
  server = await startTestRedis();
});
after(async () => {
  await server.stop();
});

describe("createRedis", () => {
  it("connects to the URL or unix socket it is given, and pipelines automatically", async () => {
    const redis = createRedis(server.url);
    try {
      assert.equal(await redis.ping(), "PONG");
      assert.equal(redis.options.enableAutoPipelining, true);
      assert.equal(redis.options.lazyConnect, false);
    } finally {
      await redis.quit();
    }
  });

  it("reads TLS, credentials and database from a rediss:// URL", () => {
    const redis = createRedis("rediss://bot:s3cret@redis.example.invalid:6380/3", { lazyConnect: true });
    try {
      assert.ok(redis.options.tls);
      assert.equal(redis.options.username, "bot");
      assert.equal(redis.options.password, "s3cret");
      assert.equal(redis.options.db, 3);
      assert.equal(redis.options.port, 6380);
      assert.equal(redis.status, "wait");
    } finally {
      redis.disconnect();
    }
  });

  it("takes a unix:// socket URL with a database", () => {
    const redis = createRedis("unix:///run/redis/redis.sock?db=2", { lazyConnect: true });
    try {
      assert.equal(redis.options.path, "/run/redis/redis.sock");
      assert.equal(redis.options.db, 2);
    } finally {
      redis.disconnect();
    }
  });

  it("keeps retrying with a backoff capped near two seconds", () => {
    const redis = createRedis("redis://127.0.0.1:1", { lazyConnect: true });
    try {
      const strategy = redis.options.retryStrategy!;
      const delays = [1, 2, 5, 50, 1000].map((times) => Number(strategy(times)));
      assert.ok(delays.every((d) => d > 0 && d < 2100), String(delays));
      assert.ok(delays[0]! < delays[2]!);
    } finally {
      redis.disconnect();
    }
  });
});
