// Lateness belongs to the first submission (issue 13.1), shown on the demo data: September 2016 came in on time from
// all 19 units; three units reopen it and correct it through the bot, and September stays 19 of 19 on time.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { parseTranscript } from "../../src/transcripts/parse.ts";
import { runSteps } from "../../src/transcripts/run.ts";
import { seedDemo } from "../../src/seed/demo.ts";
import { readSummary } from "../../src/reports/summaryText.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const TRANSCRIPTS = join(import.meta.dirname, "..", "transcripts", "demo-reopen");

let redis: TestRedis;
let harness: Harness;
before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  const { deps } = harness.app;
  await seedDemo(deps.store, deps.region, deps.forms);
});
after(async () => {
  await harness.close();
  await redis.stop();
});

describe("approved corrections on the demo data", () => {
  it("three units reopen and correct September: the on-time share stays 19 of 19", async () => {
    await runSteps(parseTranscript(readFileSync(join(TRANSCRIPTS, "reopen-demo-ru.chat"), "utf8")), harness, TRANSCRIPTS);
    const { deps } = harness.app;
    const env = { store: deps.store, region: deps.region, forms: deps.forms, timeZone: deps.timeZone };
    const form = deps.forms.find((f) => f.id === "public-services")!;
    const reader = { locale: "ru" as const, t: (key: string, vars?: Record<string, string | number>) => harness.app.translate("ru", key, vars) };
    const summary = await readSummary(env, reader, form, { kind: "month", year: 2016, month: 9 }, "2016-10", 0);
    assert.equal(summary.reading.completeness.reported.length, 19);
    assert.equal(summary.late, 0);
    for (const unit of ["aksu", "karatal", "ile"]) {
      const report = await deps.store.reports.getReport(form.id, unit, "2016-09");
      assert.equal(report?.version, 2, unit);
      assert.equal(report?.late, false, unit);
    }
  });
});
