// Benchmark 2: the cost of one answer in a 100-figure form against a 5-figure form, same bot, same harness. The two
// forms' answers are measured in alternating slots of the same shape (long form: questions 1–4, short form: a fresh
// group's 4 answers, long form: questions 5–8, …) so that both meet the same machine load (this machine is shared
// and its load drifts) and pay the same fixed cost per slot (the samples, the runner's polling between slots).
// Every answer but each form's last is measured (the last builds the card); CPU is the bot process's own.
import { performance } from "node:perf_hooks";
import type { FormDefinition } from "../../src/domain/forms.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { createStore } from "../../src/store/index.ts";
import { Akim, RunLog, runAll } from "../../src/devtools/akims.ts";
import { writeConfigDir } from "../../src/devtools/configDir.ts";
import { answer, openForm, plainAnswers, submit } from "../../src/devtools/akimForms.ts";
import { commandCalls, flushBench, keysMatching, memoryUsage, resetCommandStats, totalCalls, type BenchRedis } from "../lib/redis.ts";
import { BENCH_PERIOD, BENCH_PREFIX, startRig, type Rig } from "../lib/rig.ts";
import { distribution, round } from "../lib/stats.ts";
import { fmt, section, type Section } from "../lib/report.ts";
import { latencyText, roundDistribution } from "./forms.ts";

export interface FormLengthOptions {
  /** Akims answering at once (the same for both forms). */
  concurrency: number;
  shortFigures: number;
  longFigures: number;
  redis: BenchRedis;
  profileDir?: string;
}

interface Person {
  unit: string;
  akim: Akim;
}

/** What one form's measured answers cost, summed over its slots. */
class Tally {
  cpuMicros = 0;
  seconds = 0;
  commands = 0;
  readonly latencies: number[] = [];
  /** Latency p50 of each slot, in order. */
  readonly slotP50: number[] = [];

  constructor(readonly form: FormDefinition) {}

  figures(draftBytes: number) {
    const answers = this.latencies.length;
    return {
      form: this.form.id,
      figures: this.form.figures.length,
      answers,
      answersPerSecond: round(answers / this.seconds, 1),
      botCpuMicrosPerAnswer: round(this.cpuMicros / answers, 1),
      commandsPerAnswer: round(this.commands / answers, 3),
      latencyMs: roundDistribution(distribution(this.latencies)),
      slotLatencyP50Ms: this.slotP50.map((x) => round(x)),
      draftBytes: round(draftBytes, 0),
    };
  }
}

export async function benchFormLength(options: FormLengthOptions): Promise<Section> {
  const result = section("length", "2. Form length: one answer in a long form against a short one");
  const { admin } = options.redis;
  await flushBench(admin);
  const shortId = `bench-${options.shortFigures}`;
  const longId = `bench-${options.longFigures}`;
  const c = options.concurrency;
  // Each form's slot is `c` akims answering the short form's measured questions (all but the card's): the long
  // form's measured questions make this many slots, and each slot of theirs is followed by a short-form group's.
  const shortMeasured = options.shortFigures - 1;
  const longMeasured = options.longFigures - 1;
  const slots = Math.ceil(longMeasured / shortMeasured);
  // Units: a warm-up group, then one short-form group per slot; the long-form group reuses the warm-up's units.
  const config = writeConfigDir({
    units: c * (slots + 1),
    projectForms: false,
    syntheticForms: { [shortId]: options.shortFigures, [longId]: options.longFigures },
  });
  const shortForm = config.domain.forms.find((form) => form.id === shortId)!;
  const longForm = config.domain.forms.find((form) => form.id === longId)!;
  const store = createStore(admin, { prefix: BENCH_PREFIX, regionId: config.domain.region.id });
  const userId = (unitIndex: number) => 400_000 + unitIndex;
  await Promise.all(config.unitIds.map((unit, i) => store.users.putUser({ id: userId(i), role: "district", unit, lang: "ru", name: `Akim ${i + 1}` })));
  const rig = await startRig({ kind: "app", redisUrl: options.redis.url, configDir: config.dir, profileDir: options.profileDir });
  const log = new RunLog();
  try {
    const users: UserHandle[] = config.unitIds.map((_, i) => rig.api.user({ id: userId(i), first_name: `Akim ${i + 1}`, language_code: "ru" }));
    const group = (from: number): Person[] =>
      users.slice(from, from + c).map((user, i) => ({ unit: config.unitIds[from + i]!, akim: new Akim(user, rig.router, log) }));
    const warmup = group(0);
    const long = group(0);
    const shortGroups = Array.from({ length: slots }, (_, j) => group(c * (j + 1)));

    // Warm the bot up (JIT) with a whole short form, unmeasured; then open every form to be measured.
    await fill(warmup, shortForm, log);
    await Promise.all([
      runAll(long, log, ({ akim }) => openForm(akim, longForm, BENCH_PERIOD)),
      ...shortGroups.map((g) => runAll(g, log, ({ akim }) => openForm(akim, shortForm, BENCH_PERIOD))),
    ]);

    const longTally = new Tally(longForm);
    const shortTally = new Tally(shortForm);
    for (let j = 0; j < slots; j++) {
      await measure(rig, long, longForm, j * shortMeasured, Math.min((j + 1) * shortMeasured, longMeasured), longTally, log, admin);
      await measure(rig, shortGroups[j]!, shortForm, 0, shortMeasured, shortTally, log, admin);
    }
    const draftBytes = async (form: FormDefinition) => {
      const sizes = await memoryUsage(admin, (await keysMatching(admin, `${BENCH_PREFIX}*:draft:${form.id}:*`)).slice(0, 50));
      return sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
    };
    const longFigures = longTally.figures(await draftBytes(longForm));
    const shortFigures = shortTally.figures(await draftBytes(shortForm));
    await Promise.all([finish(long, longForm, log), ...shortGroups.map((g) => finish(g, shortForm, log))]);
    const last = await rig.bot.stop();
    result.errors.push(...log.errors, ...last.errorLines.map((line) => `bot: ${line}`));

    const cpuRatio = longFigures.botCpuMicrosPerAnswer / shortFigures.botCpuMicrosPerAnswer;
    const latencyRatio = longFigures.latencyMs.p50 / shortFigures.latencyMs.p50;
    result.notes.push(
      `${c} akims answer at once. The long form's ${longMeasured} measured questions are split into ${slots} slots of ${shortMeasured}; ` +
        `between two of them a fresh group of ${c} akims answers the short form's ${shortMeasured}. ` +
        `Cost per answer: the bot process's CPU time in the slots (young garbage collected at each end) ÷ their answers.`,
    );
    for (const f of [shortFigures, longFigures]) {
      result.rows.push(
        { metric: `${f.figures}-figure form: bot CPU per answer`, value: `${fmt.int(f.botCpuMicrosPerAnswer)} µs` },
        { metric: `${f.figures}-figure form: answers/s`, value: fmt.num(f.answersPerSecond, 0) },
        { metric: `${f.figures}-figure form: latency p50 / p95 / p99`, value: latencyText(f.latencyMs) },
        { metric: `${f.figures}-figure form: Redis commands per answer`, value: fmt.num(f.commandsPerAnswer, 2) },
        { metric: `${f.figures}-figure form: draft in Redis before the last answer`, value: fmt.bytes(f.draftBytes) },
      );
    }
    result.rows.push(
      {
        metric: `latency p50 by fifth of the slots, ${longFigures.figures}-figure form (questions in order)`,
        value: fifths(longFigures.slotLatencyP50Ms).map((x) => fmt.ms(x)).join(", "),
      },
      {
        metric: `latency p50 by fifth of the slots, ${shortFigures.figures}-figure form`,
        value: fifths(shortFigures.slotLatencyP50Ms).map((x) => fmt.ms(x)).join(", "),
      },
      { metric: "cost per answer, long ÷ short (bot CPU)", value: fmt.ratio(cpuRatio), goal: "≤ 1.3×", met: cpuRatio <= 1.3 },
      { metric: "latency p50, long ÷ short", value: fmt.ratio(latencyRatio) },
      { metric: "errors", value: String(result.errors.length), goal: "0", met: result.errors.length === 0 },
    );
    result.data = { concurrency: c, slots, short: shortFigures, long: longFigures, cpuRatio: round(cpuRatio, 3), latencyRatio: round(latencyRatio, 3) };
  } finally {
    await rig.close();
    config.remove();
  }
  return result;
}

/** The slots' p50s in five consecutive parts, each part's mean: whether the cost moves along the form. */
function fifths(values: number[]): number[] {
  const size = Math.ceil(values.length / 5);
  const parts: number[] = [];
  for (let from = 0; from < values.length; from += size) {
    const part = values.slice(from, from + size);
    parts.push(part.reduce((a, b) => a + b, 0) / part.length);
  }
  return parts;
}

/** One slot: the group answers questions [from, to) together, with the bot's CPU and Redis commands counted. */
async function measure(
  rig: Rig,
  group: Person[],
  form: FormDefinition,
  from: number,
  to: number,
  tally: Tally,
  log: RunLog,
  admin: BenchRedis["admin"],
): Promise<void> {
  const answers = plainAnswers(form);
  const mark = log.steps.length;
  await resetCommandStats(admin);
  // Young garbage collected at both ends: each slot pays for its own (a scavenge left pending from the other form's
  // slot would otherwise land in this one).
  const before = await rig.bot.sample({ collect: true });
  const started = performance.now();
  await runAll(group, log, async ({ akim }) => {
    for (let index = from; index < to; index++) await answer(akim, form, index, answers[index]!);
  });
  tally.seconds += (performance.now() - started) / 1000;
  const after = await rig.bot.sample({ collect: true });
  tally.cpuMicros += after.cpuMicros - before.cpuMicros;
  tally.commands += totalCalls(await commandCalls(admin));
  const latencies = log.steps.slice(mark).map((s) => s.latencyMs);
  tally.latencies.push(...latencies);
  tally.slotP50.push(distribution(latencies).p50);
}

/** The last answer (the card) and the submission. */
async function finish(group: Person[], form: FormDefinition, log: RunLog): Promise<void> {
  const answers = plainAnswers(form);
  const last = answers.length - 1;
  await runAll(group, log, async ({ akim, unit }) => {
    await answer(akim, form, last, answers[last]!);
    await submit(akim, form, unit, BENCH_PERIOD);
  });
}

/** A whole form, start to receipt, for a group. */
async function fill(group: Person[], form: FormDefinition, log: RunLog): Promise<void> {
  const answers = plainAnswers(form);
  await runAll(group, log, async ({ akim }) => {
    await openForm(akim, form, BENCH_PERIOD);
    for (let index = 0; index < answers.length - 1; index++) await answer(akim, form, index, answers[index]!);
  });
  await finish(group, form, log);
}
