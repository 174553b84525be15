import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { publicServices, REGION, roadmap, startStore, type StoreFixture } from "../helpers/store.ts";
import { createKeys, draftId, parseDraftId } from "../../src/store/keys.ts";

let f: StoreFixture;
before(async () => {
  f = await startStore();
});
after(async () => {
  await f.stop();
});

/** The part of a key Redis Cluster hashes: the first non-empty {…}. */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = key.indexOf("}", open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

async function keysOf(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await f.admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    found.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return found.sort();
}

describe("key layout", () => {
  it("every key a submission writes carries the region's hash tag, so the script runs on one Cluster slot", async () => {
    const base = { author: 1, at: 1, expectedVersion: 0 };
    await f.store.reports.submitReport({ ...base, form: publicServices, unit: "aksu", period: "2016-10", values: { egov: 1 }, updateId: 1 });
    await f.store.reports.submitReport({ ...base, form: roadmap, unit: "aksu", period: "2016-03", values: { allotted: 5 }, updateId: 2 });
    await f.store.reports.submitReport({ ...base, form: roadmap, unit: "aksu", period: "2016-03", values: {}, updateId: 3, expectedVersion: 1 });
    const written = await keysOf(f.server.prefix);
    const kinds = new Set(written.map((key) => key.slice(f.server.prefix.length).split(":")[1]));
    // (a bot update claims no key: its version keeps the update id; an import's claim is tested with the imports)
    assert.deepEqual([...kinds].sort(), ["audit", "carry", "cover", "history", "report", "reported", "totals", "versions"]);
    assert.equal(written.filter((key) => key.includes(":totals:roadmap-2020:")).length, 10);
    for (const key of written) {
      assert.ok(key.startsWith(`${f.server.prefix}{${REGION}}:`), key);
      assert.equal(hashTag(key), REGION, key);
    }
  });

  it("every key function puts the hash tag right after the prefix", () => {
    const keys = createKeys("p:", "r1");
    const all = [
      keys.user(1),
      keys.userIndex(),
      keys.chatLanguages(),
      keys.draft("f:u:2016-01"),
      keys.report("f", "u", "2016-01"),
      keys.versions("f", "u", "2016-01"),
      keys.audit("f"),
      keys.totals("f", "2016-01"),
      keys.reported("f", "2016-01"),
      keys.carry("f", "u", "2016"),
      keys.claim(1),
      keys.invite("secret-code"),
      keys.inviteById("a".repeat(64)),
      keys.inviteIndex(),
      keys.names(),
      keys.redeemFailures(1),
      keys.notice(1),
      keys.conversation("1"),
      keys.chatLock(1),
      keys.calendar.request("f", "u", "2016-01"),
      keys.calendar.reopened("u"),
      keys.calendar.mutes("f", "2016-01"),
      keys.calendar.steps("f", "u", "2016-01"),
      keys.calendar.log(),
      keys.calendar.fired("reminder:f:2016-01:d0t1000"),
      keys.calendar.awaiting(1),
      keys.calendar.asked("f", "2016-01", "u"),
      keys.calendar.cursor("f"),
      keys.calendar.lease("corrections.f"),
      keys.outboxGate(1),
      keys.outboxSent("reminder/f/2016-01/d0t1000/1"),
      keys.bullEvents("outbox"),
      `${keys.bullPrefix}:outbox:1`,
    ];
    for (const key of all) assert.ok(key.startsWith("p:{r1}:"), key);
    assert.equal(new Set(all).size, all.length);
    assert.ok(!keys.invite("secret-code").includes("secret-code"));
  });

  it("ids that could break the layout are refused", () => {
    const keys = createKeys("p:", "r1");
    assert.throws(() => createKeys("p:", "a}b"), TypeError);
    assert.throws(() => keys.report("f", "u:x", "2016-01"), TypeError);
    assert.throws(() => keys.totals("f{x}", "2016-01"), TypeError);
    assert.throws(() => keys.user(1.5), TypeError);
    assert.throws(() => parseDraftId("a:b"), TypeError);
    assert.deepEqual(parseDraftId(draftId({ form: "f", unit: "u", period: "2016-01" })), { form: "f", unit: "u", period: "2016-01" });
    assert.throws(() => keys.inviteById("../x"), TypeError);
  });

  it("a report key reads back as its form, unit and period, and the scan pattern matches it", () => {
    const keys = createKeys("p:", "r1");
    const key = keys.report("public-services", "karatal", "2016-10");
    assert.deepEqual(keys.parseReport(key), { form: "public-services", unit: "karatal", period: "2016-10" });
    assert.ok(key.startsWith(keys.reportPattern().slice(0, -1)));
    assert.throws(() => keys.parseReport(keys.versions("f", "u", "2016-01")), TypeError);
  });
});
