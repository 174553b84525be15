// Benchmark 1 (forms end to end) with its echo baseline, and the open-drafts part of benchmark 5 (memory).
import { performance } from "node:perf_hooks";
import type { FormDefinition } from "../../src/domain/forms.ts";
import { createStore } from "../../src/store/index.ts";
import type { LocalBotApi, UserHandle } from "../../src/localapi/index.ts";
import { Akim, RunLog, runAll } from "../../src/devtools/akims.ts";
import { writeConfigDir } from "../../src/devtools/configDir.ts";
import { answer, fillForm, openForm, plainAnswers, submit } from "../../src/devtools/akimForms.ts";
import { formChoice, periodChoice } from "../../src/bot/features/report/actions.ts";
import type { ChildSample } from "../lib/botProcess.ts";
import {
  commandCalls,
  keysMatching,
  memoryUsage,
  redisCpuSeconds,
  resetCommandStats,
  totalCalls,
  usedMemory,
  flushBench,
  type BenchRedis,
} from "../lib/redis.ts";
import { BENCH_PERIOD, BENCH_PREFIX, startRig, type Rig } from "../lib/rig.ts";
import { PEER_PREFIX } from "../lib/peerBot.ts";
import { distribution, round, type Distribution } from "../lib/stats.ts";
import { fmt, section, type Section } from "../lib/report.ts";

export interface FormsOptions {
  akims: number;
  /** Messages each echo user sends (the form takes 10 updates: /report, 2 buttons, 6 answers, submit). */
  echoMessages: number;
  /** Questions answered by the akims who leave their drafts open. */
  draftAnswers: number;
  redis: BenchRedis;
  profileDir?: string;
}

export const FORM_ID = "public-services";

interface RunFigures {
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  latencyMs: Distribution;
  botCpuMicrosPerUpdate: number;
  parentCpuMicrosPerUpdate: number;
  redisCpuMicrosPerUpdate: number;
  peakRssBytes: number;
  errors: string[];
}

function figures(log: RunLog, bot: { before: ChildSample; after: ChildSample }, parentCpu: NodeJS.CpuUsage, redisCpuSeconds: number): RunFigures {
  const seconds = (log.lastReplyAt - log.firstSentAt) / 1000;
  const updates = log.updates;
  return {
    updates,
    seconds: round(seconds, 3),
    updatesPerSecond: round(updates / seconds, 1),
    latencyMs: roundDistribution(distribution(log.latencies())),
    botCpuMicrosPerUpdate: round((bot.after.cpuMicros - bot.before.cpuMicros) / updates, 1),
    parentCpuMicrosPerUpdate: round((parentCpu.user + parentCpu.system) / updates, 1),
    redisCpuMicrosPerUpdate: round((redisCpuSeconds * 1e6) / updates, 1),
    peakRssBytes: bot.after.maxRssBytes,
    errors: [...log.errors, ...bot.after.errorLines.map((line) => `bot: ${line}`)],
  };
}

export function roundDistribution(d: Distribution): Distribution {
  return { n: d.n, mean: round(d.mean), p50: round(d.p50), p95: round(d.p95), p99: round(d.p99), max: round(d.max) };
}

function users(api: LocalBotApi, count: number, firstId: number): UserHandle[] {
  return Array.from({ length: count }, (_, i) => api.user({ id: firstId + i, first_name: `Akim ${i + 1}`, language_code: "ru" }));
}

async function echoRun(options: FormsOptions): Promise<RunFigures> {
  const rig = await startRig({ kind: "echo", profileDir: options.profileDir });
  try {
    const people = users(rig.api, options.akims, 100_000);
    const log = new RunLog();
    const before = await rig.bot.sample();
    const parentBefore = process.cpuUsage();
    await runAll(people, log, async (user) => {
      const akim = new Akim(user, rig.router, log);
      for (let k = 1; k <= options.echoMessages; k++) {
        const text = `echo ${k}`;
        await akim.step("echo", () => user.send(text), (e) => e.text === text);
      }
    });
    const parentCpu = process.cpuUsage(parentBefore);
    const after = await rig.bot.sample();
    await rig.bot.stop();
    return figures(log, { before, after }, parentCpu, 0);
  } finally {
    await rig.close();
  }
}

interface PeerFigures extends RunFigures {
  commandsPerUpdate: number;
}

/**
 * The peer (bench/lib/peerBot.ts: one conversations v2 function over the form) in its own process, on the same local
 * Bot API with the same akims filling the same form: units 0..n-1, whose user records the benchmark wrote.
 */
async function peerRun(options: FormsOptions, configDir: string, form: FormDefinition, unitIds: readonly string[], firstUserId: number): Promise<PeerFigures> {
  const { admin } = options.redis;
  const rig = await startRig({ kind: "peer", redisUrl: options.redis.url, configDir });
  try {
    const people = users(rig.api, options.akims, firstUserId);
    const log = new RunLog();
    await resetCommandStats(admin);
    const redisCpuBefore = await redisCpuSeconds(admin);
    const before = await rig.bot.sample();
    const parentBefore = process.cpuUsage();
    await runAll(people, log, (user) => fillForm(new Akim(user, rig.router, log), form, unitIds[user.user.id - firstUserId]!, BENCH_PERIOD));
    const parentCpu = process.cpuUsage(parentBefore);
    const after = await rig.bot.sample();
    const calls = totalCalls(await commandCalls(admin));
    const redisCpu = (await redisCpuSeconds(admin)) - redisCpuBefore;
    await rig.bot.stop();
    const run = figures(log, { before, after }, parentCpu, redisCpu);
    return { ...run, commandsPerUpdate: round(calls / Math.max(1, run.updates), 2) };
  } finally {
    await rig.close();
    // The next run starts from nothing: its receipts are version 1 again.
    const keys = await keysMatching(admin, `${PEER_PREFIX}*`);
    if (keys.length > 0) await admin.unlink(...keys);
  }
}

export async function benchForms(options: FormsOptions): Promise<{ forms: Section; drafts: Section }> {
  const forms = section("forms", "1. Forms end to end (public services form, start to receipt)");
  const drafts = section("drafts", "5. Memory: open drafts");
  const n = options.akims;
  forms.notes.push(
    `${n} simulated akims at once, each on its own unit, through the local Bot API over HTTP; the bot in its own process ` +
      `(createApp polled as src/main.ts polls: the runner with src/bot/polling.ts), private redis-server. Latency: from the update being queued ` +
      `to the bot's next message in the chat. Baselines: a bare grammY echo bot, same API, runner and number of people; ` +
      `the peer (bench/lib/peerBot.ts), the straightforward bot: one @grammyjs/conversations v2 function over the same ` +
      `form (waitFor per figure, RedisAdapter, runner + sequentialize), same akims, its own process; echo and peer run ` +
      `before and after the bot and their figures are the means.`,
  );

  // The echo bot runs before and after the bot (the machine's load drifts): its figures are the mean of both.
  const echoBefore = await echoRun(options);

  const { admin } = options.redis;
  await flushBench(admin);
  // Units 0..n-1 fill the form, n..2n-1 leave drafts open, 2n is the one-at-a-time probe.
  const config = writeConfigDir({ units: 2 * n + 1, projectForms: true });
  const form = config.domain.forms.find((f) => f.id === FORM_ID)!;
  const store = createStore(admin, { prefix: BENCH_PREFIX, regionId: config.domain.region.id });
  const userId = (unitIndex: number) => 200_000 + unitIndex;
  await Promise.all(
    config.unitIds.map((unit, i) => store.users.putUser({ id: userId(i), role: "district", unit, lang: "ru", name: `Akim ${i + 1}` })),
  );

  // The peer runs before and after the bot as well, on the same users and form.
  const peerBefore = await peerRun(options, config.dir, form, config.unitIds, userId(0));

  const rig = await startRig({ kind: "app", redisUrl: options.redis.url, configDir: config.dir, profileDir: options.profileDir });
  try {
    const people = users(rig.api, 2 * n + 1, userId(0));
    const log = new RunLog();
    await resetCommandStats(admin);
    const redisCpuBefore = await redisCpuSeconds(admin);
    const before = await rig.bot.sample();
    const parentBefore = process.cpuUsage();
    await runAll(people.slice(0, n), log, (user) => fillForm(new Akim(user, rig.router, log), form, config.unitIds[user.user.id - userId(0)]!, BENCH_PERIOD));
    const parentCpu = process.cpuUsage(parentBefore);
    const after = await rig.bot.sample();
    const calls = await commandCalls(admin);
    const redisCpu = (await redisCpuSeconds(admin)) - redisCpuBefore;
    const bot = figures(log, { before, after }, parentCpu, redisCpu);
    const commandsPerUpdate = totalCalls(calls) / bot.updates;
    if (process.env.BENCH_TRACE_COMMANDS) console.log(`  whole run, ${bot.updates} updates: ${Object.entries(calls).map(([c, k]) => `${c} ${k}`).join(", ")}`);
    const apiCalls = rig.api.stats().byMethod;
    if (process.env.BENCH_TRACE_COMMANDS) console.log(`  whole run, Bot API calls: ${Object.entries(apiCalls).map(([c, k]) => `${c} ${k}`).join(", ")}`);
    const reports = (await keysMatching(admin, `${BENCH_PREFIX}*:report:${FORM_ID}:*`)).length;
    if (reports !== n) forms.errors.push(`${reports} reports stored, ${n} expected`);
    forms.errors.push(...bot.errors);

    const perStep = await probeCommands(rig, form, people[2 * n]!, config.unitIds[2 * n]!, options.redis);
    await openDrafts(rig, form, people.slice(n, 2 * n), options, drafts, config.unitIds.slice(n, 2 * n), admin, after.errors);
    await rig.bot.stop();
    // The local Bot API keeps the newest 100,000 events (src/localapi/events.ts); each benchmark has its own server.
    const eventsRecorded = rig.api.events.all().length + rig.api.events.dropped;
    await rig.close();
    const echoAfter = await echoRun(options);
    const echo = meanOf(echoBefore, echoAfter);
    forms.errors.push(...echo.errors.map((e) => `echo: ${e}`));
    const peerAfter = await peerRun(options, config.dir, form, config.unitIds, userId(0));
    const peer = { ...meanOf(peerBefore, peerAfter), commandsPerUpdate: round((peerBefore.commandsPerUpdate + peerAfter.commandsPerUpdate) / 2, 2) };
    forms.errors.push(...peer.errors.map((e) => `peer: ${e}`));
    const throughputRatio = bot.updatesPerSecond / echo.updatesPerSecond;
    const cpuRatio = bot.botCpuMicrosPerUpdate / echo.botCpuMicrosPerUpdate;
    const peerThroughputRatio = bot.updatesPerSecond / peer.updatesPerSecond;
    const peerCpuRatio = bot.botCpuMicrosPerUpdate / peer.botCpuMicrosPerUpdate;
    forms.rows.push(
      {
        metric: "echo bot: updates/s (run before / after the bot)",
        value: `${fmt.num(echo.updatesPerSecond, 0)} (${fmt.num(echoBefore.updatesPerSecond, 0)} / ${fmt.num(echoAfter.updatesPerSecond, 0)})`,
      },
      { metric: "echo bot: latency p50 / p95 / p99", value: latencyText(echo.latencyMs) },
      { metric: "echo bot: bot CPU per update", value: `${fmt.int(echo.botCpuMicrosPerUpdate)} µs` },
      {
        metric: "peer (conversations v2): updates/s (run before / after the bot)",
        value: `${fmt.num(peer.updatesPerSecond, 0)} (${fmt.num(peerBefore.updatesPerSecond, 0)} / ${fmt.num(peerAfter.updatesPerSecond, 0)})`,
      },
      { metric: "peer: latency p50 / p95 / p99", value: latencyText(peer.latencyMs) },
      { metric: "peer: bot CPU per update", value: `${fmt.int(peer.botCpuMicrosPerUpdate)} µs` },
      { metric: "peer: Redis commands per update", value: fmt.num(peer.commandsPerUpdate, 2) },
      { metric: "bot: updates/s", value: fmt.num(bot.updatesPerSecond, 0) },
      { metric: "bot: latency p50 / p95 / p99", value: latencyText(bot.latencyMs) },
      { metric: "bot: bot CPU per update", value: `${fmt.int(bot.botCpuMicrosPerUpdate)} µs` },
      { metric: "throughput, bot ÷ echo", value: fmt.ratio(throughputRatio), goal: "≥ 0.5×", met: throughputRatio >= 0.5 },
      { metric: "bot CPU per update, bot ÷ echo", value: fmt.ratio(cpuRatio) },
      { metric: "throughput, bot ÷ peer", value: fmt.ratio(peerThroughputRatio), goal: "≥ 1.3×", met: peerThroughputRatio >= 1.3 },
      { metric: "bot CPU per update, bot ÷ peer", value: fmt.ratio(peerCpuRatio), goal: "≤ 1×", met: peerCpuRatio <= 1 },
      {
        metric: "machine CPU per update: bot + harness + Redis, echo / peer / bot",
        value: [echo, peer, bot].map((run) => `${fmt.int(machineCpu(run))} µs`).join(" / "),
      },
      { metric: "throughput the machine's CPU allows, bot ÷ echo / ÷ peer", value: `${fmt.ratio(machineCpu(echo) / machineCpu(bot))} / ${fmt.ratio(machineCpu(peer) / machineCpu(bot))}` },
      // Each bot is one Node process: its main thread cannot use more than one core, and near 1 it is what limits.
      { metric: "bot process CPU during the run (cores), echo / peer / bot", value: [echo, peer, bot].map((run) => fmt.num(cores(run), 2)).join(" / ") },
      { metric: "Redis commands per update (average)", value: fmt.num(commandsPerUpdate, 2), goal: "≤ 4", met: commandsPerUpdate <= 4 },
      { metric: "Redis commands: answer / whole form", value: `${perStep["answer 1"] ?? "?"} / ${Object.values(perStep).reduce((a, b) => a + b, 0)}` },
      { metric: "peak RSS, echo bot / bot", value: `${fmt.mib(echo.peakRssBytes)} / ${fmt.mib(bot.peakRssBytes)}` },
      { metric: "errors", value: String(forms.errors.length), goal: "0", met: forms.errors.length === 0 },
    );
    forms.data = {
      akims: n,
      botProcessCores: { echo: round(cores(echo), 3), peer: round(cores(peer), 3), bot: round(cores(bot), 3) },
      machineCpuMicrosPerUpdate: { echo: round(machineCpu(echo), 1), peer: round(machineCpu(peer), 1), bot: round(machineCpu(bot), 1) },
      updatesPerForm: bot.updates / n,
      echo,
      echoBefore,
      echoAfter,
      peer,
      peerBefore,
      peerAfter,
      peerThroughputRatio: round(peerThroughputRatio, 3),
      peerCpuRatio: round(peerCpuRatio, 3),
      bot,
      throughputRatio: round(throughputRatio, 3),
      cpuRatio: round(cpuRatio, 3),
      commandsPerUpdate: round(commandsPerUpdate, 3),
      commandCalls: calls,
      commandsPerStep: perStep,
      reportsStored: reports,
      localApiEventsRecorded: eventsRecorded,
    };
    forms.notes.push(`Redis commands per step, one akim alone: ${Object.entries(perStep).map(([step, count]) => `${step} ${count}`).join(", ")}.`);
  } finally {
    await rig.close();
    config.remove();
  }
  return { forms, drafts };
}

/** The bot process's CPU time per second of the run: its cores in use. */
function cores(run: RunFigures): number {
  return (run.botCpuMicrosPerUpdate * run.updatesPerSecond) / 1e6;
}

/**
 * All the CPU one update costs on this machine, whichever process spends it: the bot's process, the harness (the
 * local Bot API standing in for Telegram and the simulated akims, in the benchmark's own process) and Redis. The bot,
 * the harness and Redis share the machine's cores; a bot whose main thread is busy all the time (cores near 1) is
 * held back by that thread before this sum.
 */
function machineCpu(run: RunFigures): number {
  return run.botCpuMicrosPerUpdate + run.parentCpuMicrosPerUpdate + run.redisCpuMicrosPerUpdate;
}

/** Two runs as one: means of rates, CPU and latency percentiles (each percentile the mean of the two runs'). */
function meanOf(a: RunFigures, b: RunFigures): RunFigures {
  const mean = (x: number, y: number) => round((x + y) / 2, 1);
  return {
    updates: a.updates + b.updates,
    seconds: round(a.seconds + b.seconds, 3),
    updatesPerSecond: mean(a.updatesPerSecond, b.updatesPerSecond),
    latencyMs: {
      n: a.latencyMs.n + b.latencyMs.n,
      mean: mean(a.latencyMs.mean, b.latencyMs.mean),
      p50: mean(a.latencyMs.p50, b.latencyMs.p50),
      p95: mean(a.latencyMs.p95, b.latencyMs.p95),
      p99: mean(a.latencyMs.p99, b.latencyMs.p99),
      max: Math.max(a.latencyMs.max, b.latencyMs.max),
    },
    botCpuMicrosPerUpdate: mean(a.botCpuMicrosPerUpdate, b.botCpuMicrosPerUpdate),
    parentCpuMicrosPerUpdate: mean(a.parentCpuMicrosPerUpdate, b.parentCpuMicrosPerUpdate),
    redisCpuMicrosPerUpdate: mean(a.redisCpuMicrosPerUpdate, b.redisCpuMicrosPerUpdate),
    peakRssBytes: Math.max(a.peakRssBytes, b.peakRssBytes),
    errors: [...a.errors, ...b.errors],
  };
}

export function latencyText(d: Distribution): string {
  return `${fmt.ms(d.p50)} / ${fmt.ms(d.p95)} / ${fmt.ms(d.p99)}`;
}

/** One akim alone, step by step, with the commands each step cost (CONFIG RESETSTAT before, INFO after). */
async function probeCommands(rig: Rig, form: FormDefinition, user: UserHandle, unit: string, redis: BenchRedis): Promise<Record<string, number>> {
  const log = new RunLog();
  const akim = new Akim(user, rig.router, log);
  const perStep: Record<string, number> = {};
  const trace: string[] = [];
  const monitor = process.env.BENCH_TRACE_COMMANDS ? await redis.admin.duplicate().monitor() : undefined;
  monitor?.on("monitor", (_time: string, args: string[], source: string) => {
    if (!/^(info|config|ping|client|select|hello)$/i.test(args[0] ?? "")) trace.push(`${source.startsWith("lua") ? "    (lua) " : "  "}${args.slice(0, 3).join(" ").slice(0, 140)}`);
  });
  const measure = async (name: string, step: () => Promise<void>) => {
    trace.length = 0;
    await resetCommandStats(redis.admin);
    const apiBefore = rig.api.stats().byMethod;
    await step();
    // The handler may still be finishing after its reply went out (a few microseconds): give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const calls = await commandCalls(redis.admin);
    perStep[name] = totalCalls(calls);
    const apiCalls = Object.entries(rig.api.stats().byMethod)
      .filter(([method, count]) => method !== "getUpdates" && count > (apiBefore[method] ?? 0))
      .map(([method, count]) => `${method}${count - (apiBefore[method] ?? 0) > 1 ? ` ×${count - (apiBefore[method] ?? 0)}` : ""}`);
    if (monitor) console.log(`  ${name}: ${perStep[name]} (Bot API: ${apiCalls.join(", ")})\n${trace.join("\n")}`);
  };
  const answers = plainAnswers(form);
  const anyMessage = () => true;
  await measure("/report", () => akim.step("start", () => user.send("/report"), anyMessage).then(() => undefined));
  await measure("form button", () => akim.step("form", () => user.press(formChoice.pack(form.id)), anyMessage).then(() => undefined));
  await measure("period button", () =>
    akim.step("period", () => user.press(periodChoice.pack(form.id, BENCH_PERIOD)), anyMessage).then(() => undefined),
  );
  for (const [index, text] of answers.entries()) {
    const name = index === answers.length - 1 ? "last answer (card)" : `answer ${index + 1}`;
    await measure(name, () => answer(akim, form, index, text));
  }
  await measure("submit", () => submit(akim, form, unit, BENCH_PERIOD));
  monitor?.disconnect();
  if (log.errors.length > 0) throw new Error(`command probe: ${log.errors.join("; ")}`);
  return perStep;
}

/** n akims start the form and answer a few questions, leaving n drafts open: their Redis bytes and the bot's RSS. */
async function openDrafts(
  rig: Rig,
  form: FormDefinition,
  people: UserHandle[],
  options: FormsOptions,
  drafts: Section,
  unitIds: string[],
  admin: BenchRedis["admin"],
  botErrorsBefore: number,
): Promise<void> {
  const log = new RunLog();
  const answers = plainAnswers(form);
  const memoryBefore = await usedMemory(admin);
  const started = performance.now();
  await runAll(people, log, async (user) => {
    const akim = new Akim(user, rig.router, log);
    await openForm(akim, form, BENCH_PERIOD);
    for (let index = 0; index < options.draftAnswers; index++) await answer(akim, form, index, answers[index]!);
  });
  const seconds = (performance.now() - started) / 1000;
  const sample = await rig.bot.sample();
  const keys = await keysMatching(admin, `${BENCH_PREFIX}*:draft:${FORM_ID}:*`);
  const ours = new Set(unitIds);
  const draftKeys = keys.filter((key) => ours.has(key.split(":").at(-2) ?? ""));
  const bytes = await memoryUsage(admin, draftKeys);
  const perDraft = bytes.reduce((a, b) => a + b, 0) / Math.max(1, bytes.length);
  const allIn = ((await usedMemory(admin)) - memoryBefore) / people.length;
  if (draftKeys.length !== people.length) drafts.errors.push(`${draftKeys.length} drafts open, ${people.length} expected`);
  drafts.errors.push(...log.errors);
  if (sample.errors > botErrorsBefore) drafts.errors.push(`bot: ${sample.errors - botErrorsBefore} error(s) logged; first: ${sample.errorLines.join(" | ")}`);
  drafts.rows.push(
    { metric: `open drafts (${options.draftAnswers} of ${form.figures.length} answered)`, value: fmt.int(draftKeys.length) },
    { metric: "Redis bytes per open draft (MEMORY USAGE)", value: fmt.bytes(perDraft) },
    { metric: "Redis used_memory growth per open draft", value: fmt.bytes(allIn) },
    { metric: `bot RSS with ${fmt.int(draftKeys.length)} open drafts (peak)`, value: `${fmt.mib(sample.rssBytes)} (${fmt.mib(sample.maxRssBytes)})` },
  );
  drafts.data = {
    openDrafts: draftKeys.length,
    answeredPerDraft: options.draftAnswers,
    bytesPerDraft: round(perDraft, 0),
    usedMemoryPerDraft: round(allIn, 0),
    botRssBytes: sample.rssBytes,
    botPeakRssBytes: sample.maxRssBytes,
    botHeapUsedBytes: sample.heapUsedBytes,
    seconds: round(seconds, 2),
  };
}
