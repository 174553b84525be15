// Shared by the Redis Cluster and Sentinel fault tests: a stream of submissions by every unit of the region through
// the running bot's store (the code path of the Submit button, WAIT included), with faults injected while it runs,
// and the check that every acknowledged submission is stored with its values and the totals are exact; and the
// tests every topology runs (topologyTests).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Harness } from "../../src/devtools/harness.ts";
import { createScheduler } from "../../src/scheduler/index.ts";
import { formatFailure, runTranscriptFile } from "../../src/transcripts/run.ts";
import { local, person, textsTo } from "../helpers/calendar.ts";
import { numericFigures } from "../../src/domain/forms.ts";
import type { App } from "../../src/app.ts";
import type { FormShape } from "../../src/store/form-shape.ts";
import type { SubmitResult } from "../../src/store/reports.ts";

export const FULL = process.env.FAULTS_FULL === "1";

export interface Fault {
  name: string;
  /** Starts once this many submissions are acknowledged (and the fault before it is over). */
  afterAcks: number;
  run(): Promise<void>;
}

export interface StreamReport {
  acknowledged: number;
  /** Attempts that threw (connection lost, cluster down, too few replicas confirmed): the person is told to try again. */
  failedAttempts: number;
  errors: Map<string, number>;
  /** The longest time one submission took from first attempt to acknowledgement (ms). */
  longestMs: number;
  faults: { name: string; ms: number }[];
}

interface Acked {
  form: string;
  unit: string;
  period: string;
  version: number;
  values: Record<string, number>;
}

const MONTHS = ["2016-01", "2016-02", "2016-03", "2016-04", "2016-05", "2016-06", "2016-07", "2016-08", "2016-09", "2016-10"];
const GIVE_UP_MS = 30_000;
let nextUpdateId = 9_100_000_000;

/**
 * Every unit submits, one after the other, a report per month of public services and of the employment programme
 * (then corrections), until at least `total` are acknowledged and every fault has run. A failed attempt is retried
 * with the same update id, as Telegram redelivers an update the bot failed on; "duplicate" returns the first receipt.
 */
export async function submitThroughFaults(app: App, total: number, faults: Fault[]): Promise<{ report: StreamReport; acked: Acked[] }> {
  const forms = app.deps.forms.map((form) => ({ id: form.id, figures: numericFigures(form) }) satisfies FormShape);
  const units = app.deps.region.units.map((unit) => unit.id);
  const acked: Acked[] = [];
  const report: StreamReport = { acknowledged: 0, failedAttempts: 0, errors: new Map(), longestMs: 0, faults: [] };
  const versions = new Map<string, number>();
  let faultsDone = false;
  let aborted = false;

  const runFaults = (async () => {
    try {
      for (const fault of faults) {
        while (acked.length < fault.afterAcks && !aborted) await new Promise((resolve) => setTimeout(resolve, 5));
        if (aborted) return;
        const started = Date.now();
        await fault.run();
        report.faults.push({ name: fault.name, ms: Date.now() - started });
      }
    } catch (error) {
      aborted = true;
      throw error;
    } finally {
      faultsDone = true;
    }
  })();

  const akim = async (unit: string, index: number) => {
    for (let round = 0; !aborted && (acked.length < total || !faultsDone); round++) {
      const form = forms[(round + index) % forms.length]!;
      const period = MONTHS[Math.floor(round / forms.length) % MONTHS.length]!;
      const key = `${form.id}/${unit}/${period}`;
      const values = Object.fromEntries(form.figures.map((figure) => [figure.id, Math.floor(Math.random() * 100_000)]));
      const submission = {
        form,
        unit,
        period,
        values,
        expectedVersion: versions.get(key) ?? -1,
        author: 1,
        updateId: nextUpdateId++,
        at: Date.now(),
      };
      const started = Date.now();
      let result: SubmitResult | undefined;
      while (!result) {
        try {
          if (submission.expectedVersion < 0) submission.expectedVersion = (await app.store.reports.getReport(form.id, unit, period))?.version ?? 0;
          result = await app.store.reports.submitReport(submission);
        } catch (error) {
          report.failedAttempts++;
          const name = (error as Error).message.replace(/\d+/g, "N").slice(0, 80);
          report.errors.set(name, (report.errors.get(name) ?? 0) + 1);
          if (aborted) return;
          if (Date.now() - started > GIVE_UP_MS) {
            aborted = true;
            throw new Error(`${key}: still failing after ${GIVE_UP_MS} ms; ${describeStream(report)}`, { cause: error });
          }
          await new Promise((resolve) => setTimeout(resolve, 100)); // the redelivery's delay
        }
      }
      if (result.status === "conflict") {
        // Only this akim writes this report, and a retry repeats its update id: the store is behind what it acknowledged.
        aborted = true;
        assert.fail(`${key}: version ${submission.expectedVersion} was acknowledged, the store has ${result.currentVersion}: lost`);
      }
      versions.set(key, result.version);
      acked.push({ form: form.id, unit, period, version: result.version, values });
      report.longestMs = Math.max(report.longestMs, Date.now() - started);
      // An akim takes a moment between reports; keeps the stream going while the faults run.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await Promise.all([runFaults, ...units.map((unit, i) => akim(unit, i))]);
  report.acknowledged = acked.length;
  return { report, acked };
}

/** Every acknowledged version is stored with exactly its values, and each form's totals equal a recomputation. */
export async function assertNothingLost(app: App, acked: Acked[]): Promise<void> {
  const missing: string[] = [];
  const byReport = new Map<string, Acked[]>();
  for (const entry of acked) {
    const key = `${entry.form}/${entry.unit}/${entry.period}`;
    byReport.set(key, [...(byReport.get(key) ?? []), entry]);
  }
  for (const [key, entries] of byReport) {
    const { form, unit, period } = entries[0]!;
    const stored = await app.store.reports.getReportVersions(form, unit, period);
    for (const entry of entries) {
      const version = stored.find((v) => v.version === entry.version);
      if (!version) missing.push(`${key} v${entry.version}`);
      else assert.deepEqual(version.values, entry.values, `${key} v${entry.version}`);
    }
  }
  assert.deepEqual(missing, [], `acknowledged submissions lost: ${missing.length}`);
  const units = app.deps.region.units.map((unit) => unit.id);
  for (const definition of app.deps.forms) {
    const form = { id: definition.id, figures: numericFigures(definition) };
    const totals = await app.store.totals.readTotals(form, MONTHS);
    assert.deepEqual(totals, await app.store.totals.recomputeTotalsNaively(form, MONTHS, units), `totals of ${form.id}`);
  }
}

export function describeStream(report: StreamReport): string {
  const errors = [...report.errors].map(([message, n]) => `${n}× ${message}`).join("; ");
  const faults = report.faults.map((f) => `${f.name} ${f.ms} ms`).join(", ");
  return (
    `${report.acknowledged} acknowledged, ${report.failedAttempts} failed attempts (retried), ` +
    `longest submission ${report.longestMs} ms; faults: ${faults}; errors: ${errors || "none"}`
  );
}

/** The failovers of one topology: a planned handover and a kill of the node holding the region's keys. */
export interface Failovers {
  handOver: { name: string; run: () => Promise<void> };
  kill: { name: string; run: () => Promise<void> };
}

/**
 * What every Redis topology must give the bot, as tests in the caller's describe: a form to the receipt, /totals and
 * /language (a transcript), a reminder through BullMQ, and no acknowledged submission lost through `failovers`
 * while every unit submits (200; FAULTS_FULL: 1,000 and each failover twice).
 */
export function topologyTests(harness: () => Harness, failovers: Failovers): void {
  test("an akim fills a form to the receipt, /totals counts it, /language is kept across a restart", async () => {
    const result = await runTranscriptFile(join(import.meta.dirname, "..", "transcripts", "topology", "redis-topology.chat"), harness());
    assert.ok(result.ok, formatFailure(result));
  });

  test("the scheduler sends a reminder through BullMQ", async () => {
    await person(harness(), { id: 5801, name: "Tanat", role: "district", unit: "talgar", lang: "en" });
    const scheduler = await createScheduler(harness().app, { settings: { tickEveryMs: 0, perChatGapMs: 0 } });
    try {
      const mark = harness().api.mark();
      // December: the transcript above already sent October's reminders when its clock moved to 3 November.
      harness().clock.set(local(2016, 12, 2, 10, 0));
      const due = await scheduler.tick();
      assert.ok(due.jobs.length > 0);
      await scheduler.settled(due.jobs);
      assert.match(textsTo(harness(), 5801, mark).join("\n"), /"Employment Roadmap 2020" for November 2016 \(Talgar District\)/);
    } finally {
      await scheduler.stop();
    }
  });

  test(`no acknowledged submission is lost through ${failovers.handOver.name} and ${failovers.kill.name}`, async (t) => {
    const total = FULL ? 1000 : 200;
    const rounds = FULL ? 2 : 1;
    const faults: Fault[] = [];
    for (let round = 0; round < rounds; round++) {
      const at = (share: number) => Math.floor(((round + share) / rounds) * total);
      faults.push({ name: failovers.handOver.name, afterAcks: at(0.2), run: failovers.handOver.run });
      faults.push({ name: failovers.kill.name, afterAcks: at(0.5), run: failovers.kill.run });
    }
    const { report, acked } = await submitThroughFaults(harness().app, total, faults);
    t.diagnostic(describeStream(report));
    assert.ok(report.acknowledged >= total);
    assert.equal(report.faults.length, faults.length);
    await assertNothingLost(harness().app, acked);
  });
}
