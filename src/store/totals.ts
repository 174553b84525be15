// Regional totals: read as kept by the submit script, or recomputed from every report (benchmark baseline, test oracle);
// and each unit's numbers per month (the cover hashes), what coverage counts are made from.
import type { Keys } from "./keys.ts";
import { carriedFigures, summedFigures, type FormShape } from "./form-shape.ts";
import { monthId, parseMonth } from "./months.ts";
import { formatNumbers, numbersOf, parseNumbers, toSafeInt } from "./values.ts";
import { parseReport, reportIdBase, type StoredReport } from "./reports.ts";
import { execPipeline, type RedisClient } from "./redis.ts";

export interface MonthTotals {
  month: string;
  /** Σ over the units that reported this month, per figure with unitAggregation "sum" (0 when none). */
  values: Record<string, number>;
  /** Σ over units of each unit's latest value at or before this month within the year (a report leaving it out carries it), per "sum"+"last" figure. */
  last: Record<string, number>;
  /** how many units reported this month */
  reportedCount: number;
  /** ids of the units that reported this month, sorted; null for a month not in `listUnitsFor` */
  reported: string[] | null;
}

export interface TotalsQuery {
  /** Months whose reporting units are listed (default: every month asked for); the others only count them. */
  listUnitsFor?: readonly string[];
}

export function createTotals(redis: RedisClient, keys: Keys) {
  /**
   * One round trip of 2 commands per month (HGETALL, and SMEMBERS or SCARD), whatever the number of units.
   * Listing units costs time with their number (3,500 units: a few ms a month): list only the months shown by name.
   */
  async function readTotals(form: FormShape, months: readonly string[], query: TotalsQuery = {}): Promise<MonthTotals[]> {
    const listed = new Set(query.listUnitsFor ?? months);
    const pipeline = redis.pipeline();
    for (const month of months) {
      parseMonth(month);
      pipeline.hgetall(keys.totals(form.id, month));
      if (listed.has(month)) pipeline.smembers(keys.reported(form.id, month));
      else pipeline.scard(keys.reported(form.id, month));
    }
    const replies = await execPipeline(pipeline);
    return months.map((month, i) => {
      const hash = replies[2 * i] as Record<string, string>;
      const units = replies[2 * i + 1] as string[] | number;
      const values = Object.fromEntries(summedFigures(form).map((id) => [id, toSafeInt(hash[id], id)]));
      const last = Object.fromEntries(carriedFigures(form).map((id) => [id, toSafeInt(hash[`${id}:last`], `${id}:last`)]));
      if (typeof units === "number") return { month, values, last, reportedCount: units, reported: null };
      return { month, values, last, reportedCount: units.length, reported: units.sort() };
    });
  }

  /**
   * Each reporting unit's numbers in each month (month → unit → figure → value), from the cover hashes the submit
   * script keeps: one HGETALL and one SCARD per month, one round trip, however many units. A month whose hash does not
   * hold every unit that reported (reports stored before the hash was kept) is rebuilt from its reports, written back
   * with HSETNX (a submission meanwhile has written its own, newer field) and answered from them.
   */
  async function readCover(formId: string, months: readonly string[]): Promise<Map<string, Map<string, Record<string, number>>>> {
    const pipeline = redis.pipeline();
    for (const month of months) {
      parseMonth(month);
      pipeline.hgetall(keys.cover(formId, month)).scard(keys.reported(formId, month));
    }
    const replies = await execPipeline(pipeline);
    const found = new Map<string, Map<string, Record<string, number>>>();
    const stale: string[] = [];
    months.forEach((month, i) => {
      const hash = replies[2 * i] as Record<string, string>;
      const units = Object.keys(hash);
      if (units.length !== (replies[2 * i + 1] as number)) stale.push(month);
      else found.set(month, new Map(units.map((unit) => [unit, parseNumbers(hash[unit]!)])));
    });
    for (const month of stale) found.set(month, await rebuildCover(formId, month));
    return found;
  }

  async function rebuildCover(formId: string, month: string): Promise<Map<string, Record<string, number>>> {
    const units = await redis.smembers(keys.reported(formId, month));
    const pipeline = redis.pipeline();
    for (const unit of units) pipeline.hgetall(keys.report(formId, unit, month));
    const replies = await execPipeline(pipeline);
    const rebuilt = new Map<string, Record<string, number>>();
    const write = redis.pipeline();
    units.forEach((unit, i) => {
      const report = parseReport(replies[i] as Record<string, string>, reportIdBase(formId, unit, month));
      if (!report) return;
      const numbers = numbersOf(report.values);
      rebuilt.set(unit, numbers);
      write.hsetnx(keys.cover(formId, month), unit, formatNumbers(numbers));
    });
    if (rebuilt.size > 0) await execPipeline(write);
    return rebuilt;
  }

  /** The same answer from every stored report of `units` (January up to each month, for the carry-forward). */
  async function recomputeTotalsNaively(form: FormShape, months: readonly string[], units: readonly string[]): Promise<MonthTotals[]> {
    const reports = await readYears(form.id, months, units);
    return months.map((month) => naiveMonth(form, month, units, reports));
  }

  async function readYears(formId: string, months: readonly string[], units: readonly string[]): Promise<Map<string, StoredReport>> {
    const periods = new Set<string>();
    for (const month of months) {
      const { year, month: last } = parseMonth(month);
      for (let m = 1; m <= last; m++) periods.add(monthId(year, m));
    }
    const pipeline = redis.pipeline();
    const wanted: [unit: string, period: string][] = [];
    for (const unit of units) {
      for (const period of periods) {
        pipeline.hgetall(keys.report(formId, unit, period));
        wanted.push([unit, period]);
      }
    }
    const replies = await execPipeline(pipeline);
    const found = new Map<string, StoredReport>();
    wanted.forEach(([unit, period], i) => {
      const report = parseReport(replies[i] as Record<string, string>, reportIdBase(formId, unit, period));
      if (report) found.set(`${unit} ${period}`, report);
    });
    return found;
  }

  return { readTotals, readCover, recomputeTotalsNaively };
}

export type TotalsStore = ReturnType<typeof createTotals>;

function naiveMonth(form: FormShape, month: string, units: readonly string[], reports: Map<string, StoredReport>): MonthTotals {
  const { year, month: m } = parseMonth(month);
  const values: Record<string, number> = Object.fromEntries(summedFigures(form).map((id) => [id, 0]));
  const last: Record<string, number> = Object.fromEntries(carriedFigures(form).map((id) => [id, 0]));
  const reported: string[] = [];
  for (const unit of units) {
    const report = reports.get(`${unit} ${month}`);
    if (report) {
      reported.push(unit);
      for (const id of Object.keys(values)) values[id]! += numberOf(report, id);
    }
    for (const id of Object.keys(last)) last[id]! += latestAtOrBefore(reports, unit, year, m, id) ?? 0;
  }
  return { month, values, last, reportedCount: reported.length, reported: reported.sort() };
}

/** The unit's value of a "last" figure in its latest report at or before `month` that gave it (a report leaving it out carries it). */
function latestAtOrBefore(reports: Map<string, StoredReport>, unit: string, year: string, month: number, figure: string): number | undefined {
  for (let k = month; k >= 1; k--) {
    const value = reports.get(`${unit} ${monthId(year, k)}`)?.values[figure];
    if (typeof value === "number") return value;
  }
  return undefined;
}

function numberOf(report: StoredReport, figure: string): number {
  const value = report.values[figure];
  return typeof value === "number" ? value : 0;
}
