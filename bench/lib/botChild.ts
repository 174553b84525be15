// The bot under test in its own process, so that its CPU time and RSS are its own: the real bot (createApp, polled as
// src/main.ts polls it: src/bot/polling.ts), a bare grammY echo bot, or the peer (peerBot.ts: the straightforward
// conversations bot), both with @grammyjs/runner's run() against the local Bot API.
// Driven by the parent over IPC: "sample" → CPU, RSS, errors; "stop" → stop the runner, answer, exit.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";
import { Bot } from "grammy";
import { run } from "@grammyjs/runner";
import { startPolling } from "../../src/bot/polling.ts";
import { startPeerBot } from "./peerBot.ts";
import { parseConfig } from "../../src/config.ts";
import { createApp, type App } from "../../src/app.ts";
import { clockStartingAt } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";

export interface ChildSample {
  /** process.cpuUsage() user + system, µs. */
  cpuMicros: number;
  rssBytes: number;
  /** Peak RSS so far (resourceUsage().maxRSS), bytes. */
  maxRssBytes: number;
  heapUsedBytes: number;
  errors: number;
  warnings: number;
  /** The first few error lines, for the report. */
  errorLines: string[];
}

/** `collect`: a minor garbage collection first (young objects), so that a measured slot pays for its own garbage. */
export type ParentMessage = { type: "sample" | "stop"; id: number; collect?: boolean };
export type ChildMessage = { type: "ready" } | { type: "reply"; id: number; sample: ChildSample } | { type: "failed"; message: string };

/** The updates src/main.ts asks for. */
const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;
const RUNNER_OPTIONS = { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } };

const env = process.env;
const kind = env.BENCH_BOT_KIND ?? "app";
const token = required("BENCH_TOKEN");
const apiRoot = required("BENCH_API_ROOT");
const botInfo = JSON.parse(required("BENCH_BOT_INFO")) as never;

let errors = 0;
let warnings = 0;
const errorLines: string[] = [];
const noteError = (line: string) => {
  errors++;
  if (errorLines.length < 5) errorLines.push(line.slice(0, 500));
};

function required(name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`bot child: ${name} is not set`);
  return value;
}

/** The bot process runs with --expose-gc (botProcess.ts); a scavenge costs what the young objects alive cost. */
function collectYoungGarbage(): void {
  const collect = (globalThis as { gc?: (options: { type: "minor"; execution: "sync" }) => void }).gc;
  collect?.({ type: "minor", execution: "sync" });
}

function sample(): ChildSample {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: memory.heapUsed,
    errors,
    warnings,
    errorLines,
  };
}

interface Running {
  stop(): Promise<void>;
  app?: App;
}

async function start(): Promise<Running> {
  if (kind === "echo") {
    const bot = new Bot(token, { client: { apiRoot }, botInfo });
    bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    bot.catch((error) => noteError(String(error.error)));
    const runner = run(bot, RUNNER_OPTIONS as never);
    return { stop: async () => void (runner.isRunning() && (await runner.stop())) };
  }
  if (kind === "peer") {
    const peer = startPeerBot({
      token,
      apiRoot,
      botInfo,
      redisUrl: required("BENCH_REDIS_URL"),
      prefix: required("BENCH_PREFIX"),
      configDir: required("BENCH_CONFIG_DIR"),
      period: required("BENCH_PERIOD"),
      onError: noteError,
    });
    return {
      stop: async () => {
        if (peer.runner.isRunning()) await peer.runner.stop();
        await peer.close();
      },
    };
  }
  const config = parseConfig({
    BOT_API_ROOT: apiRoot,
    REDIS_URL: required("BENCH_REDIS_URL"),
    REDIS_PREFIX: required("BENCH_PREFIX"),
    CONFIG_DIR: required("BENCH_CONFIG_DIR"),
    LOG_LEVEL: "warn",
    // IDENTITY_CACHE=off npm run bench: the same bot reading the person's record at every update.
    ...(process.env.IDENTITY_CACHE ? { IDENTITY_CACHE: process.env.IDENTITY_CACHE } : {}),
  });
  // Log lines are counted (errors fail the benchmark), not printed.
  const destination = {
    write(line: string) {
      const level = (JSON.parse(line) as { level?: number }).level ?? 0;
      if (level >= 50) noteError(line);
      else if (level >= 40) warnings++;
    },
  };
  const logger = createLogger({ level: "warn", secrets: [token], destination });
  const app = await createApp(config, token, { clock: clockStartingAt(new Date(required("BENCH_CLOCK"))), logger, botInfo });
  if (env.BENCH_PLAIN_RUNNER) {
    const runner = run(app.bot, RUNNER_OPTIONS as never);
    return { stop: async () => void (runner.isRunning() && (await runner.stop())), app };
  }
  const polling = startPolling(app.bot, { allowedUpdates: ALLOWED_UPDATES, logger, inbox: app.store.inbox, ...(env.BENCH_CONCURRENCY ? { concurrency: Number(env.BENCH_CONCURRENCY) } : {}) });
  return { stop: () => polling.stop(5000), app };
}

process.on("unhandledRejection", (reason) => noteError(`unhandled rejection: ${String(reason)}`));

/**
 * BENCH_ALLOCATIONS=<folder>: a sampled profile of everything the bot allocates, collected garbage included (what feeds
 * the garbage collector), written there at stop as Allocations.<kind>.<pid>.heapprofile (Chrome DevTools opens it).
 */
const allocations = env.BENCH_ALLOCATIONS ? new Session() : undefined;
if (allocations) {
  allocations.connect();
  allocations.post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}
function writeAllocations(): Promise<void> {
  return new Promise((resolve) => {
    if (!allocations) return resolve();
    allocations.post("HeapProfiler.stopSampling", (error, result) => {
      if (!error) mkdirSync(env.BENCH_ALLOCATIONS!, { recursive: true });
      if (!error) writeFileSync(join(env.BENCH_ALLOCATIONS!, `Allocations.${kind}.${process.pid}.heapprofile`), JSON.stringify(result.profile));
      resolve();
    });
  });
}

start().then(
  ({ stop, app }) => {
    process.on("message", (message: ParentMessage) => {
      if (message.type === "sample") {
        if (message.collect) collectYoungGarbage();
        process.send!({ type: "reply", id: message.id, sample: sample() } satisfies ChildMessage);
        return;
      }
      void (async () => {
        await stop();
        await writeAllocations();
        await app?.close();
        process.send!({ type: "reply", id: message.id, sample: sample() } satisfies ChildMessage, () => process.exit(0));
      })();
    });
    process.send!({ type: "ready" } satisfies ChildMessage);
  },
  (error: unknown) => {
    process.send!({ type: "failed", message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies ChildMessage, () =>
      process.exit(1),
    );
  },
);
