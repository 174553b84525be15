import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { Cluster } from "ioredis";
import { parseConfig } from "../../src/config.ts";
import { createRedis, redisTargetOf, ReplicationTimeoutError } from "../../src/store/redis.ts";
import { createStore } from "../../src/store/index.ts";
import { publicServices } from "../helpers/store.ts";

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

  it("connects again when ioredis gave up because its connector was closed while connecting (as a Sentinel failover notice does)", async () => {
    const redis = createRedis(server.url);
    redis.on("error", () => undefined);
    try {
      await redis.ping();
      // What ioredis's Sentinel failover detector does: close the connector directly, here in the middle of a reconnect.
      const connector = (redis as unknown as { connector: { connect: (...args: unknown[]) => Promise<unknown>; disconnect(): void } }).connector;
      const connect = connector.connect.bind(connector);
      connector.connect = (...args) => {
        connector.connect = connect;
        const connecting = connect(...args);
        connector.disconnect();
        return connecting;
      };
      // (events.once would reject on the "error" ioredis emits along the way.)
      const event = (name: string) => new Promise<string>((resolve) => redis.once(name, () => resolve(name)));
      const ended = event("end");
      redis.disconnect(true);
      await ended;
      assert.equal(redis.status, "end", "ioredis itself gives up");
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([event("ready"), new Promise((resolve) => (timer = setTimeout(resolve, 5000, "still ended")))]);
      clearTimeout(timer);
      assert.equal(outcome, "ready");
      assert.equal(await redis.ping(), "PONG");
      const closed = event("end");
      await redis.quit();
      await closed;
      // Longer than the delay before a reconnect: a client closed on purpose stays closed.
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(redis.status, "end", "a client closed on purpose stays closed");
    } finally {
      redis.disconnect();
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

  it("keeps retrying with a backoff capped near one second", () => {
    const redis = createRedis("redis://127.0.0.1:1", { lazyConnect: true });
    try {
      const strategy = redis.options.retryStrategy!;
      const delays = [1, 2, 5, 50, 1000].map((times) => Number(strategy(times)));
      assert.ok(delays.every((d) => d > 0 && d < 1100), String(delays));
      assert.ok(delays[0]! < delays[2]!);
    } finally {
      redis.disconnect();
    }
  });

  it("builds a Cluster client from REDIS_CLUSTER_NODES and a Sentinel client from REDIS_SENTINELS", () => {
    const cluster = createRedis(redisTargetOf(parseConfig({ REDIS_CLUSTER_NODES: "127.0.0.1:1,127.0.0.1:2", REDIS_PASSWORD: "pw" })), { lazyConnect: true });
    const sentinel = createRedis(redisTargetOf(parseConfig({ REDIS_SENTINELS: "127.0.0.1:3", REDIS_SENTINEL_NAME: "akimat" })), { lazyConnect: true });
    try {
      assert.ok(cluster instanceof Cluster);
      assert.equal(cluster.options.redisOptions?.password, "pw");
      assert.equal(cluster.options.enableAutoPipelining, true);
      assert.ok(!(sentinel instanceof Cluster));
      assert.equal(sentinel.options.name, "akimat");
      assert.deepEqual(sentinel.options.sentinels, [{ host: "127.0.0.1", port: 3 }]);
    } finally {
      cluster.disconnect();
      sentinel.disconnect();
    }
  });

  it("refuses a submission no replica confirmed when replicas are required (the report is not acknowledged)", async () => {
    const redis = createRedis(server.url);
    try {
      const store = createStore(redis, { prefix: `${server.prefix}w:`, regionId: "almaty-region", durability: { replicas: 1, timeoutMs: 50 } });
      const submission = { form: publicServices, unit: "aksu", period: "2016-10", values: { egov: 1 }, expectedVersion: 0, author: 1, updateId: 1, at: 1 };
      await assert.rejects(store.reports.submitReport(submission), ReplicationTimeoutError);
      // Written on the primary all the same: the person's retry (the same update) gets the first receipt.
      const again = await createStore(redis, { prefix: `${server.prefix}w:`, regionId: "almaty-region" }).reports.submitReport(submission);
      assert.equal(again.status, "duplicate");
    } finally {
      await redis.quit();
    }
  });
});
