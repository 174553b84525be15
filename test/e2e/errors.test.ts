// When something fails, the person gets a clear message in their language and never a stack trace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "../../src/devtools/harness.ts";
import { startRedisServer } from "../../src/devtools/redisServer.ts";
import { HARNESS_TOKEN } from "../../src/devtools/harness.ts";

test("with Redis gone the person is told in their language that nothing can be saved now; the log has the error without the token", async () => {
  const server = await startRedisServer();
  const harness = await startHarness({ redisUrl: server.socket });
  try {
    await harness.app.deps.people.put({ id: 951, role: "district", unit: "alakol", lang: "kk" });
    const akim = harness.api.user({ id: 951, first_name: "Akim", language_code: "ru" });
    assert.ok((await akim.send("/start")).replies.some((e) => /Сәлеметсіз бе/.test(e.text ?? "")));
    await server.stop();
    const delivered = await akim.send("/start");
    const texts = delivered.replies.map((e) => e.text ?? "");
    assert.equal(texts.length, 1);
    // Their own language (Kazakh, chosen in the bot and remembered), not Telegram's (Russian), though Redis cannot say.
    assert.equal(texts[0], harness.app.translate("kk", "error-storage-unavailable"));
    assert.doesNotMatch(texts[0]!, /at |Error|redis/i);
    const errors = harness.logLines.filter((line) => Number(line.level) >= 50);
    assert.ok(errors.length >= 1);
    assert.ok(!JSON.stringify(harness.logLines).includes(HARNESS_TOKEN.split(":")[1]!));
  } finally {
    await harness.close();
  }
});
