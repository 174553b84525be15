// The submit script on a real (single-node) Redis Cluster: Redis refuses a script that touches a key in another slot.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createStore } from "../../src/store/index.ts";
import { publicServices, roadmap } from "../helpers/store.ts";
import { freePort } from "../../src/devtools/ports.ts";

let dir: string;
let child: ChildProcess;
let redis: Redis;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "akimat-cluster-"));
  const socket = join(dir, "redis.sock");
  // No client TCP port; the cluster bus gets a free loopback port instead of the default 10000.
  const busPort = await freePort();
  child = spawn("redis-server", [
    "--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--bind", "127.0.0.1",
    "--cluster-enabled", "yes", "--cluster-port", String(busPort), "--cluster-config-file", join(dir, "nodes.conf"),
    "--save", "", "--appendonly", "no", "--dir", dir,
  ], { stdio: "ignore" });
  while (!existsSync(socket)) await new Promise((r) => setTimeout(r, 20));
  redis = new Redis({ path: socket, retryStrategy: (times) => (times > 50 ? null : 100) });
  await redis.cluster("ADDSLOTSRANGE", 0, 16383);
  while (!(await redis.cluster("INFO")).includes("cluster_state:ok")) await new Promise((r) => setTimeout(r, 50));
});

after(async () => {
  await redis.quit();
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("Redis Cluster", () => {
  it("runs every submission in the region's slot, including the carry-forward over later months", async () => {
    const store = createStore(redis, { prefix: "c:", regionId: "almaty-region" });
    const base = { author: 1, at: 1, expectedVersion: 0 };
    const a = await store.reports.submitReport({ ...base, form: publicServices, unit: "aksu", period: "2016-10", values: { egov: 1 }, updateId: 1 });
    const b = await store.reports.submitReport({ ...base, form: roadmap, unit: "aksu", period: "2016-02", values: { allotted: 9 }, updateId: 2 });
    const c = await store.reports.submitReport({ ...base, form: roadmap, unit: "aksu", period: "2016-02", values: { allotted: 9 }, updateId: 2 });
    assert.deepEqual([a.status, b.status, c.status], ["ok", "ok", "duplicate"]);
    const [totals] = await store.totals.readTotals(roadmap, ["2016-12"]);
    assert.equal(totals?.last.allotted, 9);
  });

  it("would refuse a script touching another slot (the check is live)", async () => {
    const lua = "#!lua\nredis.call('SET', KEYS[1], 1)\nreturn redis.call('SET', 'c:{elsewhere}:x', 1)";
    await assert.rejects(redis.eval(lua, 1, "c:{almaty-region}:x"), /same slot/);
  });
});
