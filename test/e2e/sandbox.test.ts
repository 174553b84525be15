// `npm run sandbox`: a chat in the terminal with the real bot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestRedis } from "../helpers/redis.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

test("the sandbox opens a chat: /start greets the persona, a button is pressed by number, :quit ends it", async () => {
  const redis = await startTestRedis();
  const child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/main.ts", "--as", "akim"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", REDIS_URL: redis.url, REDIS_PREFIX: `${redis.prefix}sandbox:`, SANDBOX_DIR: mkdtempSync(join(tmpdir(), "sandbox-")) },
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

/** Runs `npm run -s sandbox -- ARGS` with `script` piped into it (no terminal) and returns everything it printed. */
async function pipeIntoSandbox(script: string[], args: string[]): Promise<{ code: number; output: string }> {
  const redis = await startTestRedis();
  const dir = mkdtempSync(join(tmpdir(), "sandbox-"));
  try {
    const child = spawn("npm", ["run", "-s", "sandbox", "--", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", REDIS_URL: redis.url, REDIS_PREFIX: `${redis.prefix}sandbox:`, SANDBOX_DIR: dir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(`${script.join("\n")}\n`);
    const [code] = (await once(child, "exit")) as [number];
    return { code, output };
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the sandbox printed after the person typed `line` (as `persona`), up to the next prompt. */
function after(output: string, persona: string, line: string): string {
  const start = output.indexOf(`${persona}> ${line}\n`);
  assert.ok(start >= 0, `"${persona}> ${line}" not in:\n${output}`);
  const rest = output.slice(start + persona.length + line.length + 3);
  const next = rest.search(/^[\w-]+> /m);
  return next < 0 ? rest : rest.slice(0, next);
}

/** The printed messages of a segment: each starts with "🤖" (the chat played) or "→ NAME: 🤖" (another persona's). */
function messages(segment: string): { to: string | undefined; text: string }[] {
  return segment
    .split(/\n(?=🤖 |→ [\w-]+: 🤖 )/)
    .map((block) => block.trim())
    .filter((block) => block.startsWith("🤖") || block.startsWith("→"))
    .map((block) => {
      const tagged = /^→ ([\w-]+): 🤖 ([\s\S]*)$/.exec(block);
      return tagged ? { to: tagged[1], text: tagged[2]! } : { to: undefined, text: block.slice(2).trim() };
    });
}

// Reminder wording belongs to the calendar and changes: the tests look only for the unit, the period and who gets it.
const KARATAL_NOVEMBER = (text: string) => text.includes("Каратальский район") && text.includes("ноябрь 2016");

test("piped into the sandbox: a clock move past a deadline brings the akim's reminder before the next line is read", async () => {
  const { code, output } = await pipeIntoSandbox(["/start", ":clock 2016-12-06T11:00", ":quit"], ["--fresh", "--as", "akim"]);
  assert.equal(code, 0, output);
  assert.ok(messages(after(output, "akim", "/start")).some((m) => m.to === undefined && m.text.includes("Бисембаев")), output);
  const moved = messages(after(output, "akim", ":clock 2016-12-06T11:00"));
  assert.ok(moved.some((m) => m.to === undefined && KARATAL_NOVEMBER(m.text)), `no reminder to the akim after the clock move:\n${output}`);
  // The Kazakh-speaking akim of Uygur is reminded too, shown tagged; the deputy gets the digest and the brief.
  assert.ok(moved.some((m) => m.to === "akim-kk" && m.text.includes("Ұйғыр ауданы")), output);
  assert.ok(moved.some((m) => m.to === "deputy"), output);
});

test("piped into the sandbox: the deputy's \"remind the missing\" reaches the akim tagged, a reopening request the deputy and the decision the akim", async () => {
  const reason = "Опечатка в числе семинаров, должно быть 3";
  const { code, output } = await pipeIntoSandbox(
    [
      ":clock 2016-12-06T11:00",
      "/summary",
      "[услуг]",
      "[ноябрь 2016]",
      "[Напомнить]",
      ":as akim",
      "/reopen",
      "[государственных услуг]",
      "[октябрь 2016]",
      reason,
      ":as deputy",
      "[1]",
      ":quit",
    ],
    ["--fresh", "--as", "deputy"],
  );
  assert.equal(code, 0, output);
  const reminded = messages(after(output, "deputy", "[Напомнить]"));
  assert.ok(reminded.some((m) => m.to === "akim" && KARATAL_NOVEMBER(m.text)), `no reminder tagged → akim:\n${output}`);
  const asked = messages(after(output, "akim", reason));
  assert.ok(asked.some((m) => m.to === "deputy" && m.text.includes(reason) && m.text.includes("Каратальский район")), `no request to the deputy:\n${output}`);
  // `:as deputy` shows the request with its buttons numbered; [1] decides it and the akim is told at once.
  assert.match(after(output, "akim", ":as deputy"), /\[1\] .+\n\s+\[2\] /);
  const decided = messages(after(output, "deputy", "[1]"));
  assert.ok(decided.some((m) => m.to === "akim" && m.text.includes("октябрь 2016")), `no decision to the akim:\n${output}`);
});

test("npm run sandbox -- --help names every flag and every :command", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/main.ts", "--help"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number];
  assert.equal(code, 0);
  for (const word of ["--fresh", "--as", "--clock", "--help", ":as", ":clock", ":inline", ":post", ":photo", ":sticker", ":contact", ":location", ":doc", ":where", ":help", ":quit", "[2015]"]) {
    assert.ok(output.includes(word), `${word} missing from:\n${output}`);
  }
});
