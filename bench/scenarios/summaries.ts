// Benchmark 3: /totals and /summary from Redis to rendered text, with the maintained totals (src/reports over
// store.totals.readTotals) against the same answer with the totals recomputed from every stored report
// (store.totals.recomputeTotalsNaively), for the demo region and a national-size one. Also the memory a stored
// report costs (benchmark 5), measured on the seeded data.
import { performance } from "node:perf_hooks";
import type { DomainConfig } from "../../src/configFiles.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { duePeriod } from "../../src/domain/periods.ts";
import type { PeriodRange } from "../../src/domain/periods.ts";
import { formUnitIds } from "../../src/domain/forms.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createI18n, translatorOf } from "../../src/bot/i18n.ts";
import type { Reader, ReportEnv } from "../../src/reports/types.ts";
import { readFormTotals, totalsMessages } from "../../src/reports/totalsText.ts";
import { readSummary, summaryText } from "../../src/reports/summaryText.ts";
import { writeConfigDir, PROJECT_CONFIG_DIR } from "../../src/devtools/configDir.ts";
import { monthRange, seedReports } from "../lib/seed.ts";
import { commandCalls, flushBench, countWrites, keysMatching, memoryUsage, resetCommandStats, totalCalls, usedMemory, type BenchRedis } from "../lib/redis.ts";
import { BENCH_NOW, BENCH_PREFIX } from "../lib/rig.ts";
import { distribution, round } from "../lib/stats.ts";
import { fmt, section, type Section } from "../lib/report.ts";

export interface SummariesOptions {
  redis: BenchRedis;
  /** Units of the national-size region (3,500). */
  nationalUnits: number;
  nationalMonths: number;
  demoMonths: number;
  /** Timed calls per question with the maintained totals, and with the naive recomputation. */
  fast: Budget;
  naive: Budget;
}

export interface Budget {
  iterations: number;
  /** Stop after this long, once `min` calls are timed. */
  seconds: number;
  min: number;
}

interface Question {
  name: string;
  ask(env: ReportEnv): Promise<string>;
}

interface QuestionFigures {
  question: string;
  fast: { p50: number; p99: number; mean: number; n: number };
  /** CPU time of this process per call (Redis's own time not included). */
  fastCpu: { p50: number; p99: number; mean: number; n: number };
  naive: { p50: number; p99: number; mean: number; n: number };
  ratioP99: number;
  ratioP50: number;
  /** Socket writes (batches sent and awaited) and commands of one call. */
  roundTrips: number;
  commands: number;
  naiveRoundTrips: number;
  naiveCommands: number;
  sameText: boolean;
  textLength: number;
}

interface RegionFigures {
  label: string;
  units: number;
  months: number;
  reports: number;
  seedSeconds: number;
  questions: QuestionFigures[];
}

function questionsFor(domain: DomainConfig, reader: Reader): Question[] {
  const form = domain.forms.find((f) => f.id === "public-services") ?? domain.forms[0]!;
  const due = duePeriod(form, BENCH_NOW, domain.region.timeZone);
  const [year, month] = due.split("-").map(Number) as [number, number];
  const summary = (name: string, range: PeriodRange): Question => ({
    name,
    ask: async (env) => summaryText(env, reader, await readSummary(env, reader, form, range, due, 0)),
  });
  return [
    { name: "/totals (month due + year so far, every form)", ask: async (env) => totalsMessages(env, reader, await readFormTotals(env, env.forms, BENCH_NOW), BENCH_NOW).join("\n") },
    summary(`/summary month (${due})`, { kind: "month", year, month }),
    summary(`/summary quarter (${year} Q${Math.ceil(month / 3) - 1 || 4})`, month > 3 ? { kind: "quarter", year, quarter: Math.ceil(month / 3) - 1 } : { kind: "quarter", year: year - 1, quarter: 4 }),
    summary(`/summary year so far (${year}, Jan–${due.slice(5)})`, { kind: "ytd", year, month }),
  ];
}

/** The same environment with the totals recomputed from every stored report on each read. */
function naiveEnvOf(env: ReportEnv): ReportEnv {
  const totals = env.store.totals;
  const store: Store = {
    ...env.store,
    totals: {
      ...totals,
      readTotals: (form, months) => {
        const definition = env.forms.find((f) => f.id === form.id)!;
        return totals.recomputeTotalsNaively(form, months, formUnitIds(definition, env.region));
      },
    },
  };
  return { ...env, store };
}

/**
 * Times up to `budget.iterations` calls, stopping early (after at least `budget.min`) once `budget.seconds` have passed.
 * Wall time, and this process's CPU time (on a loaded machine the wall time also holds the wait for a CPU).
 */
async function time(ask: () => Promise<string>, budget: Budget): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  const until = performance.now() + budget.seconds * 1000;
  for (let i = 0; i < budget.iterations && (i < budget.min || performance.now() < until); i++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await ask();
    const used = process.cpuUsage(cpuBefore);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

async function measureRegion(
  label: string,
  domain: DomainConfig,
  months: string[],
  options: SummariesOptions,
  memory?: Section,
): Promise<RegionFigures & { errors: string[] }> {
  const { admin } = options.redis;
  await flushBench(admin);
  // Seeding sends 1,000 script calls at a time: on a loaded machine one batch can take longer than the bot's 5 s timeout.
  const client = createRedis(options.redis.url, { connectionName: "bench-summaries", commandTimeout: 60_000 });
  await client.ping();
  const writes = countWrites(client);
  const store = createStore(client, { prefix: BENCH_PREFIX, regionId: domain.region.id });
  const unitIds = domain.region.units.map((u) => u.id);
  const errors: string[] = [];
  try {
    const memoryBefore = await usedMemory(admin);
    const seedStarted = performance.now();
    const reports = await seedReports(store, { forms: domain.forms, unitIds, months });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    if (memory) await measureReportMemory(admin, domain, reports, memoryBefore, memory);

    const translate = translatorOf(createI18n() as never);
    const reader: Reader = { locale: "ru", t: (key, variables) => translate("ru", key, variables) };
    const env: ReportEnv = { store, region: domain.region, forms: domain.forms, timeZone: domain.region.timeZone };
    const naive = naiveEnvOf(env);
    const questions: QuestionFigures[] = [];
    for (const question of questionsFor(domain, reader)) {
      // One call each, counted (socket writes, commands) and timed; the texts must be the same.
      const counted = async (which: ReportEnv) => {
        writes.reset();
        await resetCommandStats(admin);
        const started = performance.now();
        const text = await question.ask(which);
        const ms = performance.now() - started;
        return { text, ms, roundTrips: writes.writes, commands: totalCalls(await commandCalls(admin)) };
      };
      const naiveCost = await counted(naive);
      for (let i = 0; i < 3; i++) await question.ask(env); // warm-up
      const fastCost = await counted(env);
      if (fastCost.text !== naiveCost.text) errors.push(`${label} ${question.name}: the maintained totals and the recomputation disagree`);
      const fastTimes = await time(() => question.ask(env), options.fast);
      const slow = distribution([naiveCost.ms, ...(await time(() => question.ask(naive), options.naive)).wall]);
      const fast = distribution(fastTimes.wall);
      const cpu = distribution(fastTimes.cpu);
      questions.push({
        question: question.name,
        fast: { p50: round(fast.p50), p99: round(fast.p99), mean: round(fast.mean), n: fast.n },
        fastCpu: { p50: round(cpu.p50), p99: round(cpu.p99), mean: round(cpu.mean), n: cpu.n },
        naive: { p50: round(slow.p50), p99: round(slow.p99), mean: round(slow.mean), n: slow.n },
        ratioP99: round(slow.p99 / fast.p99, 1),
        ratioP50: round(slow.p50 / fast.p50, 1),
        roundTrips: fastCost.roundTrips,
        commands: fastCost.commands,
        naiveRoundTrips: naiveCost.roundTrips,
        naiveCommands: naiveCost.commands,
        sameText: fastCost.text === naiveCost.text,
        textLength: fastCost.text.length,
      });
    }
    return { label, units: unitIds.length, months: months.length, reports, seedSeconds: round(seedSeconds, 1), questions, errors };
  } finally {
    client.disconnect();
  }
}

/** Bytes of a stored report: its hash alone (MEMORY USAGE), and everything the submissions added, per report. */
async function measureReportMemory(admin: BenchRedis["admin"], domain: DomainConfig, reports: number, before: number, memory: Section): Promise<void> {
  const allIn = ((await usedMemory(admin)) - before) / reports;
  memory.rows.push({ metric: "Redis used_memory growth per stored report (all keys, demo region)", value: fmt.bytes(allIn), goal: "well under 1 KiB" });
  const data: Record<string, unknown> = { usedMemoryPerReport: round(allIn, 0) };
  for (const form of domain.forms) {
    const keys = (await keysMatching(admin, `${BENCH_PREFIX}*:report:${form.id}:*`)).slice(0, 500);
    const sizes = await memoryUsage(admin, keys);
    const mean = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
    memory.rows.push({
      metric: `Redis bytes per stored report, ${form.id} (${form.figures.length} figures, MEMORY USAGE)`,
      value: fmt.bytes(mean),
      goal: "well under 1 KiB",
      met: mean < 1024,
    });
    data[`reportBytes:${form.id}`] = round(mean, 0);
  }
  const claims = await keysMatching(admin, `${BENCH_PREFIX}*:claim:*`);
  const claimSizes = await memoryUsage(admin, claims.slice(0, 500));
  const claim = claimSizes.reduce((a, b) => a + b, 0) / Math.max(1, claimSizes.length);
  const audit = await keysMatching(admin, `${BENCH_PREFIX}*:audit:*`);
  const auditBytes = (await memoryUsage(admin, audit)).reduce((a, b) => a + b, 0) / reports;
  memory.rows.push(
    { metric: "… of which the idempotency claim (expires after 2 days)", value: fmt.bytes(claim) },
    { metric: "… of which the audit stream entry", value: fmt.bytes(auditBytes) },
  );
  Object.assign(data, { claimBytes: round(claim, 0), auditBytesPerReport: round(auditBytes, 0), reports });
  memory.data.reports = data;
}

export async function benchSummaries(options: SummariesOptions, memory: Section): Promise<Section> {
  const result = section("summaries", "3. Summaries at scale: maintained totals against recomputation from every report");
  const demo = loadDomainConfig(PROJECT_CONFIG_DIR);
  const due = "2016-10";
  const demoFigures = await measureRegion(
    "demo",
    demo,
    monthRange(shiftMonths(due, -(options.demoMonths - 1)), due),
    options,
    memory,
  );
  const national = writeConfigDir({ units: options.nationalUnits, projectForms: true });
  let nationalFigures: Awaited<ReturnType<typeof measureRegion>>;
  try {
    nationalFigures = await measureRegion(
      "national",
      national.domain,
      monthRange(shiftMonths(due, -(options.nationalMonths - 1)), due),
      options,
    );
  } finally {
    national.remove();
  }
  result.errors.push(...demoFigures.errors, ...nationalFigures.errors);
  result.notes.push(
    "Text as the bot sends it (src/reports: readFormTotals + totalsMessages, readSummary + summaryText), in Russian. " +
      "Naive: the same code with store.totals.readTotals replaced by recomputeTotalsNaively over every unit's reports " +
      "(January to each month read). Round trips: batches written to the Redis socket by one call (auto-pipelining on, as in the bot).",
  );
  for (const region of [demoFigures, nationalFigures]) {
    result.rows.push({
      metric: `${region.label}: ${fmt.int(region.units)} units × ${region.months} months, ${fmt.int(region.reports)} reports`,
      value: `seeded in ${region.seedSeconds} s`,
    });
    for (const q of region.questions) {
      const isNational = region === nationalFigures;
      result.rows.push(
        {
          metric: `${region.label} ${q.question}: p50 / p99 (CPU p50 / p99)`,
          value: `${fmt.ms(q.fast.p50)} / ${fmt.ms(q.fast.p99)} (${fmt.ms(q.fastCpu.p50)} / ${fmt.ms(q.fastCpu.p99)})`,
          ...(isNational ? { goal: "p99 ≤ 20 ms", met: q.fast.p99 <= 20 } : {}),
        },
        {
          metric: `${region.label} ${q.question}: naive p50 / p99, ratio (p99)`,
          value: `${fmt.ms(q.naive.p50)} / ${fmt.ms(q.naive.p99)}, ${q.ratioP99}×`,
          ...(isNational ? { goal: "≥ 50×", met: q.ratioP99 >= 50 } : {}),
        },
        { metric: `${region.label} ${q.question}: round trips, commands (naive)`, value: `${q.roundTrips}, ${q.commands} (${q.naiveRoundTrips}, ${fmt.int(q.naiveCommands)})` },
      );
    }
  }
  const roundTrips = (region: typeof demoFigures) => region.questions.map((q) => q.roundTrips).join(" / ");
  const same = demoFigures.questions.every((q, i) => q.roundTrips === nationalFigures.questions[i]?.roundTrips);
  const notMore = demoFigures.questions.every((q, i) => (nationalFigures.questions[i]?.roundTrips ?? Infinity) <= q.roundTrips);
  result.rows.push(
    {
      metric: "round trips per question, demo vs national",
      value: `${roundTrips(demoFigures)} vs ${roundTrips(nationalFigures)}`,
      goal: "the same",
      met: same,
    },
    { metric: "errors", value: String(result.errors.length), goal: "0", met: result.errors.length === 0 },
  );
  if (!same && notMore) {
    result.notes.push("Where national size takes fewer round trips than the demo, a read is skipped there (e.g. the late count above LATE_COUNT_LIMIT units): never more.");
  }
  result.data = { demo: demoFigures, national: nationalFigures, sameRoundTrips: same, roundTripsNeverMore: notMore };
  return result;
}

function shiftMonths(month: string, delta: number): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
