// Every test/transcripts/*.chat runs through the transcript runner against the real bot, local Bot API and Redis.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startHarness } from "../../src/devtools/harness.ts";
import { formatFailure, runTranscriptFile } from "../../src/transcripts/run.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { internalIdsShown } from "../helpers/internalIds.ts";

const dir = join(import.meta.dirname, "..", "transcripts");
const files = readdirSync(dir).filter((f) => f.endsWith(".chat")).sort();

describe("transcripts", () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startTestRedis();
  });
  after(() => redis.stop());

  test("there are transcripts to run", () => assert.ok(files.length > 0));

  for (const file of files) {
    test(file, async () => {
      const harness = await startHarness({ redisUrl: redis.url });
      try {
        const result = await runTranscriptFile(join(dir, file), harness);
        assert.ok(result.ok, formatFailure(result));
        assert.deepEqual(internalIdsShown(harness.api.events.all(), harness.app.deps.forms), [], "no internal id in what people read");
      } finally {
        await harness.close();
      }
    });
  }
});

describe("the transcript runner", () => {
  test("fails a transcript whose expectation the bot does not meet, naming the line and what the bot sent", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "chat-")), "wrong.chat");
    writeFileSync(file, "user A id=9 lang=en role=region\nA: /start\n> this text is never sent\n");
    const harness = await startHarness();
    try {
      const result = await runTranscriptFile(file, harness);
      assert.equal(result.ok, false);
      assert.equal(result.failure?.line, 3);
      assert.ok(result.failure?.actual.some((m) => m.includes("Hello, A")), formatFailure(result));
    } finally {
      await harness.close();
    }
  });
});
