// A change of access made by an administrator in /users is told to the person, with who made it (issue 13.4).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { parseTranscript } from "../../src/transcripts/parse.ts";
import { runSteps } from "../../src/transcripts/run.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

let redis: TestRedis;
let harness: Harness;
before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
});
after(async () => {
  await harness.close();
  await redis.stop();
});

const AKIM = 7401;

describe("an administrator's change of a person's access", () => {
  it("is told to the person in their language: who changed it, what it was and what it is now", async () => {
    const chat = `
user Akim id=${AKIM} lang=ru role=district unit=karatal
user Admin id=7402 lang=en role=admin
Akim: /start
Admin: /users
Admin: [Akim]
Admin: [Change role or unit]
Admin: [Region leadership]
Admin: [Done]
> Saved: Akim
`;
    await runSteps(parseTranscript(chat), harness, ".");
    const texts = harness.api.eventsSince(0, AKIM).filter((e) => e.kind === "message").map((e) => e.text ?? "");
    const notice = texts.find((text) => text.includes("изменил(а) ваш доступ"));
    assert.ok(notice, texts.join("\n---\n"));
    assert.deepEqual(notice.split("\n"), [
      "ℹ️ Admin изменил(а) ваш доступ к боту.",
      "Было: Представитель района (города) — Каратальский район",
      "Стало: Руководство области",
      "/start покажет, что вам теперь доступно.",
    ]);
  });
});
