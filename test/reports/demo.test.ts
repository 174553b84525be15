// The demo data (npm run seed:demo) and the leadership's screens on it: the seed article's figures exactly, in kk, ru
// and en, through the real bot. The transcripts in test/transcripts/demo need the seed, so they
// run here, not with the others.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { parseTranscript } from "../../src/transcripts/parse.ts";
import { runSteps } from "../../src/transcripts/run.ts";
import { ARTICLE_TOTALS, DEMO_MISSING, demoPlan, seedDemo } from "../../src/seed/demo.ts";
import { readRegional } from "../../src/reports/regional.ts";
import { readUnitRows } from "../../src/reports/units.ts";
import type { ReportEnv } from "../../src/reports/types.ts";
import { readFormTotals, totalsMessages } from "../../src/reports/totalsText.ts";
import { readSummary, summaryText } from "../../src/reports/summaryText.ts";
import { LOCALES } from "../../src/domain/locale.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { internalIdsShown } from "../helpers/internalIds.ts";

const TRANSCRIPTS = join(import.meta.dirname, "..", "transcripts", "demo");

let redis: TestRedis;
let harness: Harness;
let env: ReportEnv;
before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  const { deps } = harness.app;
  env = { store: deps.store, region: deps.region, forms: deps.forms, timeZone: deps.timeZone };
  await seedDemo(deps.store, deps.region, deps.forms);
});
after(async () => {
  await harness.close();
  await redis.stop();
});

describe("the demo data", () => {
  it("gives the region's January–October 2016 summary exactly the seed article's figures", async () => {
    for (const [formId, figures] of Object.entries(ARTICLE_TOTALS)) {
      const form = env.forms.find((f) => f.id === formId)!;
      const [ytd] = await readRegional(env, form, [{ kind: "ytd", year: 2016, month: 10 }], "2016-10");
      for (const [figure, value] of Object.entries(figures)) assert.equal(ytd!.current.values[figure], value, `${formId} ${figure}`);
    }
  });

  it("leaves Uygur without an October report, has late and corrected reports, and is not uniform", async () => {
    const form = env.forms.find((f) => f.id === "public-services")!;
    const [october] = await readRegional(env, form, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    assert.deepEqual(october!.completeness.missing, [DEMO_MISSING.unit]);
    const rows = await readUnitRows(env, form, ["2016-10"], env.region.units.map((u) => u.id));
    assert.ok(rows.filter((row) => row.late).length >= 2, "some units late in October");
    const september = await readUnitRows(env, form, ["2016-09"], ["talgar"]);
    assert.equal(september[0]!.corrected, true);
    const ekyzmet = rows.map((row) => row.values.services_ekyzmet).filter((v) => v !== undefined);
    assert.ok(Math.max(...ekyzmet) > 3 * Math.min(...ekyzmet), "large and small units differ");
  });

  it("writes nothing when run a second time", async () => {
    const { deps } = harness.app;
    const second = await seedDemo(deps.store, deps.region, deps.forms);
    assert.deepEqual(second, { written: 0, unchanged: demoPlan(deps.region, deps.forms).length, kept: 0 });
  });

  it("never writes over a report corrected since: no version added, no reason written into its history", async () => {
    const { deps } = harness.app;
    const form = deps.forms.find((f) => f.id === "employment-roadmap")!;
    const before = await deps.store.reports.getReport(form.id, "aksu", "2016-03");
    const corrected = { people_employed: Number(before!.values.people_employed) + 1 };
    await deps.store.reports.submitReport({ form, unit: "aksu", period: "2016-03", values: { ...before!.values, ...corrected }, expectedVersion: before!.version, author: 1, updateId: 42, at: Date.UTC(2016, 10, 20), reason: "уточнение" });
    const again = await seedDemo(deps.store, deps.region, deps.forms);
    assert.deepEqual([again.written, again.kept], [0, 1]);
    const versions = await deps.store.reports.getReportVersions(form.id, "aksu", "2016-03");
    assert.equal(versions.length, before!.version + 1);
    assert.equal(versions.at(-1)!.values.people_employed, corrected.people_employed);
    assert.deepEqual(versions.map((v) => v.reason).filter(Boolean), ["уточнение"]);
    // Put the demo's own value back for the tests that follow, as a person would: a correction of their own.
    await deps.store.reports.submitReport({ form, unit: "aksu", period: "2016-03", values: before!.values, expectedVersion: before!.version + 1, author: 1, updateId: 43, at: Date.UTC(2016, 10, 21) });
  });

  it("finishes a report a stopped run left half-written (its first version only), and nothing else", async () => {
    const fresh = await startHarness({ redisUrl: redis.url });
    try {
      const { deps } = fresh.app;
      const planned = demoPlan(deps.region, deps.forms).find((report) => report.versions.length > 1)!;
      const [first] = planned.versions;
      await deps.store.reports.submitReport({
        form: planned.form, unit: planned.unit, period: planned.period, values: first!.values, expectedVersion: 0,
        author: 7_000_000 + deps.region.units.findIndex((u) => u.id === planned.unit), updateId: 1, at: first!.at, late: first!.late,
      });
      const result = await seedDemo(deps.store, deps.region, deps.forms);
      assert.equal(result.kept, 0);
      const versions = await deps.store.reports.getReportVersions(planned.form.id, planned.unit, planned.period);
      assert.equal(versions.length, planned.versions.length);
    } finally {
      await fresh.close();
    }
  });
});

describe("/totals and /summary on the demo data", () => {
  it("fit in one message each, in every language", async () => {
    const now = new Date("2016-11-27T04:00:00Z");
    for (const locale of LOCALES) {
      const reader = { locale, t: (key: string, vars?: Record<string, string | number>) => harness.app.translate(locale, key, vars) };
      const totals = totalsMessages(env, reader, await readFormTotals(env, env.forms, now), now);
      assert.equal(totals.length, 1, locale);
      assert.ok(totals[0]!.length <= 4096, `${locale}: ${totals[0]!.length}`);
      for (const form of env.forms) {
        const text = summaryText(env, reader, await readSummary(env, reader, form, { kind: "ytd", year: 2016, month: 10 }, "2016-10", 0));
        assert.ok(text.length <= 4096, `${locale} ${form.id}: ${text.length}`);
      }
    }
  });

  it("inline cards say what each figure stands on, as the chat does (ru, kk)", async () => {
    const expected = {
      ru: ["(указали 15 из 18; −9,5 % к прошлому месяцу)", "87,7 % (по 16 из 19 — где указаны все слагаемые)", "сдавшим оба месяца: 18 из 19", "• Трудоустроено по программе\n"],
      kk: ["(көрсеткендер: 15 / 18; өткен аймен салыстырғанда −9,5 %)", "87,7 % (барлық құрамдас бөлігін көрсеткендер бойынша: 16 / 19)", "бойынша ғана: 18 / 19", "• Бағдарлама бойынша жұмысқа орналастырылған адамдар\n"],
    } as const;
    for (const [locale, phrases] of Object.entries(expected) as ["ru" | "kk", readonly string[]][]) {
      const id = locale === "ru" ? 5201 : 5202;
      await harness.app.deps.people.put({ id, role: "region", lang: locale });
      harness.clock.set(new Date("2016-11-27T10:00:00+06:00"));
      const boss = harness.api.user({ id, first_name: "Boss", language_code: locale });
      const { results } = await boss.inlineQuery("");
      const text = results.map((result) => (result as { input_message_content?: { message_text?: string } }).input_message_content?.message_text ?? "").join("\n");
      for (const phrase of phrases) assert.ok(text.replace(/\u00a0/g, " ").includes(phrase), `${locale}: "${phrase}" in\n${text}`);
      // Money for reading aloud: three significant digits in the card's description.
      const descriptions = results.map((result) => (result as { description?: string }).description ?? "").join(" ").replace(/\u00a0/g, " ");
      assert.match(descriptions, /17,9 млрд ₸ · 13,3 млрд ₸/, locale);
    }
  });

  for (const file of readdirSync(TRANSCRIPTS).filter((name) => name.endsWith(".chat")).sort()) {
    it(file, async () => {
      const mark = harness.api.mark();
      await runSteps(parseTranscript(readFileSync(join(TRANSCRIPTS, file), "utf8")), harness, TRANSCRIPTS);
      assert.deepEqual(internalIdsShown(harness.api.eventsSince(mark), env.forms), [], "no internal id in what people read");
    });
  }
});
