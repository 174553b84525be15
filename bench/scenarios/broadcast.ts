// Benchmark 4: reminders to 3,500 people through the local Bot API with Telegram's send limits switched on, sent by
// the project's own outbox (src/outbox: BullMQ queue + worker with its limiter and per-chat gate) from the real
// app's bot. Counts 429 answers, duplicates and missing messages, and the rate achieved against the allowed one.
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { LocalBotApi, type BotEvent } from "../../src/localapi/index.ts";
import { TELEGRAM_RATE_LIMITS } from "../../src/localapi/limits.ts";
import { HARNESS_BOT, HARNESS_TOKEN } from "../../src/devtools/harness.ts";
import { parseConfig } from "../../src/config.ts";
import { createApp } from "../../src/app.ts";
import { clockStartingAt } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { createScheduler } from "../../src/scheduler/index.ts";
import type { OutboxMessage } from "../../src/outbox/index.ts";
import { PROJECT_CONFIG_DIR } from "../../src/devtools/configDir.ts";
import { flushBench, type BenchRedis } from "../lib/redis.ts";
import { BENCH_CLOCK, BENCH_PREFIX, BOT_INFO } from "../lib/rig.ts";
import { round } from "../lib/stats.ts";
import { fmt, section, type Section } from "../lib/report.ts";

export interface BroadcastRun {
  messages: number;
  /** The outbox's sendPerSecond setting. */
  sendPerSecond: number;
}

export interface BroadcastOptions {
  runs: BroadcastRun[];
  redis: BenchRedis;
}

interface RunFigures {
  messages: number;
  sendPerSecond: number;
  delivered: number;
  duplicates: number;
  missing: number;
  tooManyRequests: number;
  seconds: number;
  /** (messages − 1) ÷ (last send − first send): the steady rate. */
  ratePerSecond: number;
  shareOfAllowed: number;
  errors: string[];
}

const ALLOWED_PER_SECOND = (TELEGRAM_RATE_LIMITS.global as { limit: number; windowMs: number }).limit;

async function broadcast(run: BroadcastRun, redis: BenchRedis): Promise<RunFigures> {
  await flushBench(redis.admin);
  const api = await LocalBotApi.start({ rateLimits: true, maxRecordedCalls: 0 });
  api.addBot({ token: HARNESS_TOKEN, ...HARNESS_BOT });
  const errors: string[] = [];
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        if (((JSON.parse(line) as { level?: number }).level ?? 0) >= 50) logLines.push(line.slice(0, 300));
      }
      done();
    },
  });
  const config = parseConfig({ BOT_API_ROOT: api.apiRoot, REDIS_URL: redis.url, REDIS_PREFIX: BENCH_PREFIX, CONFIG_DIR: PROJECT_CONFIG_DIR, LOG_LEVEL: "warn" });
  const logger = createLogger({ level: "warn", secrets: [HARNESS_TOKEN], destination: destination as never });
  const app = await createApp(config, HARNESS_TOKEN, { clock: clockStartingAt(new Date(BENCH_CLOCK)), logger, botInfo: BOT_INFO as never });
  const scheduler = await createScheduler(app, { settings: { sendPerSecond: run.sendPerSecond, tickEveryMs: 0 } });
  try {
    const chats = Array.from({ length: run.messages }, (_, i) => api.user({ id: 600_000 + i, first_name: `Akim ${i + 1}` }).chatId);
    const sent: BotEvent[] = [];
    let resolveAll!: () => void;
    const allSent = new Promise<void>((resolve) => (resolveAll = resolve));
    api.events.on("event", (event: BotEvent) => {
      if (event.kind !== "message") return;
      sent.push(event);
      if (sent.length === run.messages) resolveAll();
    });
    const messages: OutboxMessage[] = chats.map((chatId) => ({
      id: `reminder/public-services/2016-10/bench/${chatId}`,
      chatId,
      kind: "reminder",
      text: `Напоминание: отчёт «Оказание государственных услуг» за октябрь 2016 нужно сдать до 5 ноября 2016, 18:00. Отправьте /report.`,
    }));
    const started = performance.now();
    const jobs = await app.deps.outbox.enqueue(messages);
    const timeoutMs = (run.messages / run.sendPerSecond) * 3000 + 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`broadcast: ${sent.length} of ${run.messages} sent within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([allSent, timeout])
      .catch((error: unknown) => errors.push((error as Error).message))
      .finally(() => clearTimeout(timer));
    const seconds = (performance.now() - started) / 1000;
    // Every job finished (a duplicate would be sent before its job completes).
    // A few at a time: settled() listens once per job (and the jobs are done by now, so each batch is quick).
    for (let i = 0; i < jobs.length; i += 8) {
      const ok = await scheduler.settled(jobs.slice(i, i + 8), 60_000).then(
        () => true,
        (error: unknown) => errors.push(`outbox: ${(error as Error).message}`) === 0,
      );
      if (!ok) break;
    }
    const perChat = new Map<number, number>();
    for (const event of sent) perChat.set(event.chatId, (perChat.get(event.chatId) ?? 0) + 1);
    const duplicates = [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const missing = chats.filter((chat) => !perChat.has(chat)).length;
    const span = sent.length > 1 ? (sent.at(-1)!.at - sent[0]!.at) / 1000 : 0;
    const rate = span > 0 ? (sent.length - 1) / span : 0;
    const stats = api.stats();
    errors.push(...logLines.map((line) => `bot: ${line}`));
    if (duplicates > 0) errors.push(`${duplicates} duplicate messages`);
    if (missing > 0) errors.push(`${missing} people got no message`);
    return {
      messages: run.messages,
      sendPerSecond: run.sendPerSecond,
      delivered: perChat.size,
      duplicates,
      missing,
      tooManyRequests: stats.tooManyRequests,
      seconds: round(seconds, 1),
      ratePerSecond: round(rate, 2),
      shareOfAllowed: round(rate / ALLOWED_PER_SECOND, 3),
      errors,
    };
  } finally {
    await scheduler.stop();
    await app.close();
    await api.close();
  }
}

export async function benchBroadcast(options: BroadcastOptions): Promise<Section> {
  const result = section("broadcast", "4. Reminder broadcast with Telegram's limits");
  result.notes.push(
    `Sent by the project's outbox (src/outbox: BullMQ queue and worker, limiter of sendPerSecond, one message a second per chat) ` +
      `from createApp's bot, to the local Bot API with Telegram's limits on (${ALLOWED_PER_SECOND}/s per bot, 1/s per chat). ` +
      `Rate: (messages − 1) ÷ (last send − first send).`,
  );
  const runs: RunFigures[] = [];
  for (const run of options.runs) {
    const figures = await broadcast(run, options.redis);
    runs.push(figures);
    result.errors.push(...figures.errors.map((e) => `${run.sendPerSecond}/s: ${e}`));
    const label = `${fmt.int(run.messages)} reminders, outbox at sendPerSecond ${run.sendPerSecond}`;
    result.rows.push(
      {
        metric: `${label}: rate, share of ${ALLOWED_PER_SECOND}/s`,
        value: `${fmt.num(figures.ratePerSecond, 1)}/s, ${fmt.num(figures.shareOfAllowed * 100, 0)} % (all in ${figures.seconds} s)`,
        goal: "≥ 90 %",
        met: figures.shareOfAllowed >= 0.9,
      },
      { metric: `${label}: 429 answers`, value: String(figures.tooManyRequests), goal: "0", met: figures.tooManyRequests === 0 },
      {
        metric: `${label}: duplicates, missing`,
        value: `${figures.duplicates}, ${figures.missing}`,
        goal: "0, 0",
        met: figures.duplicates === 0 && figures.missing === 0,
      },
    );
  }
  result.data = { allowedPerSecond: ALLOWED_PER_SECOND, runs };
  return result;
}
