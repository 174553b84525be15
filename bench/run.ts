// npm run bench [-- --quick] [-- --only forms,length,summaries,broadcast] [-- --profile] [-- --out FILE]
//
// Runs the benchmarks of issue 7 against a private redis-server and the project's local Bot API, prints a table and
// writes it as JSON (full run: bench/results/latest.json and latest.md; --quick: a temp file unless --out says).
// Exits non-zero only on errors (a crash, a bot error, a wrong answer), never because a goal was missed.
//
// Knobs for experiments, read from the environment (none is needed for a normal run):
//   BENCH_TRACE_COMMANDS=1   each form step's Redis commands (MONITOR) and Bot API calls, and the whole run's
//   BENCH_ALLOCATIONS=DIR    a sampled profile of all the bot processes allocate (collected garbage included)
//   BENCH_NODE_FLAGS="…"     Node flags for every bot process (echo, peer and bot alike), e.g. --trace-gc
//   BENCH_PLAIN_RUNNER=1     the bot polled by grammY's run() instead of src/bot/polling.ts
//   BENCH_CONCURRENCY=N      updates the bot handles at once (src/bot/polling.ts; default 500)
//   IDENTITY_CACHE=off       the bot without its identity cache
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { DEFAULT_CALENDAR_SETTINGS } from "../src/domain/calendarSettings.ts";
import { startBenchRedis } from "./lib/redis.ts";
import { section, type Section } from "./lib/report.ts";
import { mainThreadProfiles, summarizeProfile, type ProfileSummary } from "./lib/profile.ts";
import { benchForms } from "./scenarios/forms.ts";
import { benchFormLength } from "./scenarios/formLength.ts";
import { benchSummaries } from "./scenarios/summaries.ts";
import { benchBroadcast } from "./scenarios/broadcast.ts";
import { markdownReport, textTable } from "./lib/print.ts";

const BENCHMARKS = ["forms", "length", "summaries", "broadcast"] as const;
type Benchmark = (typeof BENCHMARKS)[number];

const RESULTS_DIR = new URL("./results/", import.meta.url).pathname;

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
    out: { type: "string" },
    akims: { type: "string" },
  },
});

const quick = args.quick === true;
const only = new Set((args.only ?? BENCHMARKS.join(",")).split(",").map((s) => s.trim()));
for (const name of only) if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`--only: no benchmark "${name}" (${BENCHMARKS.join(", ")})`);
const akims = args.akims === undefined ? (quick ? 50 : 1000) : Number(args.akims);

/** Sizes of the full run and of the quick one (CI keeps the code working, the figures mean little). */
const SIZES = {
  forms: { akims, echoMessages: 10, draftAnswers: 3 },
  length: { concurrency: quick ? 10 : 50, shortFigures: 5, longFigures: 100 },
  summaries: quick
    ? { nationalUnits: 350, nationalMonths: 3, demoMonths: 12, fast: { iterations: 20, seconds: 2, min: 5 }, naive: { iterations: 3, seconds: 3, min: 1 } }
    : { nationalUnits: 3500, nationalMonths: 24, demoMonths: 120, fast: { iterations: 200, seconds: 8, min: 20 }, naive: { iterations: 5, seconds: 10, min: 1 } },
  broadcast: { runs: [{ messages: quick ? 60 : 3500, sendPerSecond: DEFAULT_CALENDAR_SETTINGS.sendPerSecond }] },
};

function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return "";
    }
  })();
  return {
    nproc: os.availableParallelism(),
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

async function main(): Promise<number> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const info = machine();
  const profileDir = args.profile ? join(RESULTS_DIR, "profiles") : undefined;
  if (profileDir) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  console.log(`akimat bot benchmarks (${quick ? "quick" : "full"}): ${info.nproc} CPUs, ${info.cpu}, Node ${info.node}, load ${info.loadAverageAtStart.join(" ")}`);
  const redis = await startBenchRedis();
  const redisVersion = /^redis_version:(.+)$/m.exec(await redis.admin.info("server"))?.[1]?.trim();
  const sections: Section[] = [];
  const memory = section("memory", "5. Memory");
  const failures: string[] = [];
  const run = async (name: Benchmark, body: () => Promise<void>) => {
    if (!only.has(name)) return;
    const t = performance.now();
    console.log(`… ${name}`);
    try {
      await body();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    console.log(`  ${name} done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  };
  try {
    await run("forms", async () => {
      const { forms, drafts } = await benchForms({ ...SIZES.forms, redis, profileDir });
      sections.push(forms);
      memory.rows.push(...drafts.rows);
      memory.errors.push(...drafts.errors);
      memory.data.drafts = drafts.data;
    });
    await run("length", async () => {
      sections.push(await benchFormLength({ ...SIZES.length, redis, profileDir }));
    });
    await run("summaries", async () => {
      sections.push(await benchSummaries({ ...SIZES.summaries, redis }, memory));
    });
    await run("broadcast", async () => {
      sections.push(await benchBroadcast({ ...SIZES.broadcast, redis }));
    });
  } finally {
    await redis.stop();
  }
  if (memory.rows.length > 0) sections.push(memory);
  const profiles: { file: string; summary: ProfileSummary }[] = profileDir
    ? mainThreadProfiles(profileDir).map((file) => ({ file, summary: summarizeProfile(file) }))
    : [];

  const seconds = Math.round((performance.now() - started) / 1000);
  const report = {
    mode: quick ? "quick" : "full",
    startedAt,
    seconds,
    machine: { ...info, redis: redisVersion, loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    sizes: SIZES,
    sections,
    profiles,
    failures,
  };
  console.log(textTable(sections));
  for (const { file, summary } of profiles) {
    console.log(`\nCPU profile ${file} (${summary.busyMs} ms after start-up):`);
    for (const share of summary.shares.slice(0, 8)) console.log(`  ${share.percent.toFixed(1).padStart(5)} %  ${share.category}`);
    console.log(`  project functions with the most self time: ${summary.topProjectFunctions.map((f) => `${f.category} ${f.percent} %`).join(", ")}`);
  }
  const errors = [...failures, ...sections.flatMap((s) => s.errors.map((e) => `${s.id}: ${e}`))];
  const out = args.out ?? (quick ? join(os.tmpdir(), "akimat-bench-quick.json") : join(RESULTS_DIR, "latest.json"));
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  if (!quick && args.out === undefined) writeFileSync(join(RESULTS_DIR, "latest.md"), markdownReport(report));
  console.log(`\n${errors.length} error(s); ${seconds} s; results: ${out}`);
  for (const error of errors.slice(0, 20)) console.error(`error: ${error}`);
  return errors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
