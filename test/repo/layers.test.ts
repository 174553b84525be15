// The layer rule (.dependency-cruiser.cjs, run by `npm test` as lint:deps) bites: a fixture tree that breaks each
// kind of rule on purpose is refused with the rule named, and the real tree passes with its listed known violations.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const depcruise = "node_modules/.bin/depcruise";

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function violationsOf(path: string): Promise<Violation[]> {
  const { stdout } = await run(depcruise, [path, "--config", ".dependency-cruiser.cjs", "--output-type", "json"], { maxBuffer: 64 << 20 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  );
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe("the layer rule", () => {
  it("refuses the domain importing the bot, the product importing a dev tool, and files importing each other", async () => {
    const violations = await violationsOf("test/fixtures/layers/src");
    const named = (rule: string, from: string, to: string) =>
      violations.some((v) => v.rule.name === rule && v.from.endsWith(from) && v.to.endsWith(to));
    assert.ok(named("domain-imports-only-below", "src/domain/rounding.ts", "src/bot/reply.ts"), JSON.stringify(violations));
    assert.ok(named("product-never-uses-dev-tools", "src/domain/rounding.ts", "src/localapi/harness.ts"), JSON.stringify(violations));
    assert.ok(violations.some((v) => v.rule.name === "no-circular" && v.from.endsWith("src/store/first.ts")), JSON.stringify(violations));
  });

  it("refuses the outbox importing the bot, and the bot importing the scheduler", async () => {
    const violations = await violationsOf("test/fixtures/layers/src");
    const named = (rule: string, from: string, to: string) =>
      violations.some((v) => v.rule.name === rule && v.from.endsWith(from) && v.to.endsWith(to));
    assert.ok(named("outbox-imports-only-below", "src/outbox/send.ts", "src/bot/reply.ts"), JSON.stringify(violations));
    assert.ok(named("only-main-uses-the-scheduler", "src/bot/remind.ts", "src/scheduler/jobs.ts"), JSON.stringify(violations));
    assert.ok(named("bot-imports-only-below", "src/bot/remind.ts", "src/scheduler/jobs.ts"), JSON.stringify(violations));
  });

  it("refuses the domain reading a file itself", async () => {
    const violations = await violationsOf("test/fixtures/layers/src");
    assert.ok(violations.some((v) => v.rule.name === "domain-does-no-io" && v.from.endsWith("src/domain/readsDisk.ts") && v.to === "fs"), JSON.stringify(violations));
  });

  it("refuses one feature importing another, and lets a feature import its own files and the helpers", async () => {
    const violations = await violationsOf("test/fixtures/layers/src");
    const named = (from: string, to: string) =>
      violations.some((v) => v.rule.name === "features-import-no-other-feature" && v.from.endsWith(from) && v.to.endsWith(to));
    assert.ok(named("src/bot/features/totals.ts", "src/bot/features/summary/show.ts"), JSON.stringify(violations));
    const byFeatures = violations.filter((v) => v.rule.name === "features-import-no-other-feature");
    assert.equal(byFeatures.length, 1, JSON.stringify(byFeatures));
  });

  it("passes the project's own tree apart from the violations listed as known", async () => {
    const { stdout } = await run(depcruise, ["src", "--config", ".dependency-cruiser.cjs", "--ignore-known", "--output-type", "err"]);
    assert.match(stdout, /no dependency violations found/);
  });
});
