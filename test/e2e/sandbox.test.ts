// `npm run sandbox`: a chat in the terminal with the real bot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { startTestRedis } from "../helpers/redis.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

test("the sandbox opens a chat: /start greets the persona, a button is pressed by number, :quit ends it", async () => {
  const redis = await startTestRedis();
  const child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/main.ts", "--as", "akim"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", REDIS_URL: redis.url, REDIS_PREFIX: `${redis.prefix}sandbox:` },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const seen = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const onExit = () => reject(new Error(`sandbox exited: ${output}`));
      const check = () => {
        if (pattern.test(output)) {
          child.off("exit", onExit);
          return resolve();
        }
        child.stdout.once("data", check);
      };
      child.once("exit", onExit);
      check();
    });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await seen(/akim> /);
    child.stdin.write("/start\n");
    await seen(/Здравствуйте, Бисембаев![\s\S]*\[1\] 📝 Сдать отчёт/);
    child.stdin.write("[1]\n");
    await seen(/Какой отчёт вы сдаёте\?/);
    child.stdin.write(":quit\n");
    const [code] = (await once(child, "exit")) as [number];
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill();
    await redis.stop();
  }
});
