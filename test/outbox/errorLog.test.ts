import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { createLogger } from "../../src/logger.ts";
import { quietErrorLog } from "../../src/outbox/errorLog.ts";

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: "info", secrets: [], destination }), lines };
}

test("a queue's connection errors during an outage are logged once per message and quiet period, with the count", () => {
  const { logger, lines } = memoryLogger();
  let now = 0;
  const onError = quietErrorLog(logger, "outbox-error", "outbox worker error", { quietMs: 60_000, now: () => now });
  for (let i = 0; i < 270; i++) {
    now = i * 100;
    onError(new Error(i % 2 ? "connect ECONNREFUSED /tmp/redis.sock" : "Connection is closed."));
  }
  assert.deepEqual(lines.map((l) => (l.err as { message: string }).message), ["Connection is closed.", "connect ECONNREFUSED /tmp/redis.sock"]);
  assert.ok(lines.every((l) => l.event === "outbox-error" && l.msg === "outbox worker error"));
  now = 60_000 + 100;
  onError(new Error("Connection is closed."));
  assert.equal(lines.length, 3);
  assert.equal(lines[2]!.suppressed, 134, "the errors left out since the last line");
  onError(new Error("Connection is closed."));
  assert.equal(lines.length, 3, "quiet again");
});
