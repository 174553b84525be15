// A region of 200 units: no message over Telegram's 4,096 characters; the per-unit table and the unit list page.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const UNITS = 200;
const REPORTED = 150;
const LIMIT = 4096;

function regionYaml(): string {
  const lines = ["id: big-region", "names: {kk: Үлкен облыс, ru: Большая область, en: Big Region}", "timeZone: Asia/Almaty", "units:"];
  for (let i = 1; i <= UNITS; i++) {
    const n = String(i).padStart(3, "0");
    // Long names, the worst case for message length.
    lines.push(
      `  - id: u${n}`,
      "    kind: district",
      `    names: {kk: Еңбекшіқазақ-Солтүстік ${n} ауданы, ru: Енбекшиказахско-Северный ${n} район, en: Enbekshikazakh-North ${n} District}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

let redis: TestRedis;
let harness: Harness;
let dir: string;
let boss: UserHandle;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "big-region-"));
  mkdirSync(join(dir, "forms"));
  writeFileSync(join(dir, "region.yaml"), regionYaml());
  cpSync(join(CONFIG_DIR, "forms"), join(dir, "forms"), { recursive: true });
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url, env: { CONFIG_DIR: dir } });
  harness.clock.set(new Date("2016-11-27T10:00:00+06:00"));
  const { store, forms } = harness.app.deps;
  const form = forms.find((f) => f.id === "public-services")!;
  for (let i = 1; i <= REPORTED; i++) {
    const unit = `u${String(i).padStart(3, "0")}`;
    const values = { services_ekyzmet: 1000 + i, services_egov: 300 + i, services_other: 50, seminars: 1, seminars_field: 0, violations: 2 };
    const first = await store.reports.submitReport({ form, unit, period: "2016-10", values, expectedVersion: 0, author: 1, updateId: i, at: 1, late: i % 7 === 0 });
    assert.equal(first.status, "ok");
    if (i % 11 === 0) await store.reports.submitReport({ form, unit, period: "2016-10", values: { ...values, violations: 3 }, expectedVersion: 1, author: 1, updateId: 1000 + i, at: 2 });
  }
  await harness.app.deps.people.put({ id: 77, role: "region", lang: "ru" });
  boss = harness.api.user({ id: 77, first_name: "Boss", language_code: "ru" });
});
after(async () => {
  await harness.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

const texts = (events: { kind: string; text?: string }[]) => events.filter((e) => e.kind === "message" || e.kind === "edit").map((e) => e.text ?? "");

describe("a region of 200 units", () => {
  it("/totals names ten missing units and counts the rest, within one message's limit", async () => {
    const sent = texts((await boss.send("/totals")).replies);
    assert.ok(sent.length >= 1);
    for (const text of sent) assert.ok(text.length <= LIMIT, `${text.length} characters`);
    assert.match(sent.join("\n"), /сдали 150 из 200; нет отчёта: .* и ещё 40/);
  });

  it("/summary pages the per-unit table, 20 units a page, every page under the limit", async () => {
    await boss.send("/summary");
    await boss.press("Госуслуги");
    const first = texts((await boss.press("октябрь 2016")).replies);
    assert.ok(first[0]!.length <= LIMIT);
    assert.match(first[0]!, /По районам и городам: 1–20 из 200/);
    const seen = new Set<string>();
    for (let page = 2; page <= 10; page++) {
      const shown = texts((await boss.press("▶")).replies).at(-1)!;
      assert.ok(shown.length <= LIMIT, `page ${page}: ${shown.length} characters`);
      const from = (page - 1) * 20 + 1;
      assert.match(shown, new RegExp(`${from}–${from + 19} из 200`));
      for (const line of shown.split("\n").filter((l) => /^\d+\. /.test(l))) seen.add(line.split(" ")[0]!);
    }
    assert.equal(seen.size, 180, "pages 2–10 show 180 different rows");
    const last = boss.lastBotMessage()!.text!;
    assert.match(last, /200\. Енбекшиказахско-Северный 200 район ⛔ — нет отчёта/);
    const buttons = boss.lastBotMessage()!.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    assert.ok(buttons.includes("10/10"), buttons.join(" | "));
  });

  it("the unit list under Per unit pages too, and a unit's history answers", async () => {
    const list = texts((await boss.press("🏙 По району (городу)")).replies).at(-1)!;
    assert.match(list, /1–20 из 200/);
    const keyboard = boss.lastBotMessage()!.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    assert.ok(keyboard.includes("1/10"));
    await boss.press("▶");
    assert.match(boss.lastBotMessage()!.text!, /21–40 из 200/);
    const history = texts((await boss.press("Енбекшиказахско-Северный 021 район")).replies).at(-1)!;
    assert.match(history, /Енбекшиказахско-Северный 021 район/);
    assert.match(history, /Октябрь 2016 — 1\s021/);
  });

  it("a chart of 200 units draws the 30 largest and says so", async () => {
    await boss.send("/summary");
    await boss.press("Госуслуги");
    await boss.press("октябрь 2016");
    await boss.press("📈 График");
    const photos = (await boss.press("Услуги через «Е-кызмет»")).replies.filter((e) => e.kind === "photo");
    assert.equal(photos.length, 2);
    for (const photo of photos) assert.equal(photo.bytes!.readUInt32BE(0), 0x89504e47);
  });
});
