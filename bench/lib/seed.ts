// Stored history for the summary benchmarks: every unit's report of every form for every month, through the
// store's own submit script (so the maintained totals are exactly what the bot would have built).
import { numericFigures, type FormDefinition } from "../../src/domain/forms.ts";
import type { Store } from "../../src/store/index.ts";
import { seededRandom } from "../../src/devtools/random.ts";

/** Months from `first` to `last` inclusive, as "YYYY-MM". */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split("-").map(Number) as [number, number];
  for (;;) {
    const id = `${year}-${String(month).padStart(2, "0")}`;
    months.push(id);
    if (id === last) return months;
    if (id > last) throw new RangeError(`monthRange: ${first} is after ${last}`);
    month++;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** Plausible values: counts in the thousands, parts below their whole, annual amounts in the hundreds of millions. */
function valuesOf(form: FormDefinition, random: () => number): Record<string, number> {
  const values: Record<string, number> = {};
  for (const figure of numericFigures(form)) {
    const whole = figure.partOf === undefined ? undefined : values[figure.partOf];
    if (whole !== undefined) values[figure.id] = Math.floor(whole * random());
    else if (figure.monthAggregation === "last") values[figure.id] = Math.floor(((figure.max ?? 1e9) / 200) * (0.5 + random() / 2));
    else values[figure.id] = Math.floor(random() * Math.min(figure.max ?? 5000, 5000));
  }
  return values;
}

export interface SeedOptions {
  forms: readonly FormDefinition[];
  unitIds: readonly string[];
  months: readonly string[];
  /** The first Telegram update id used for the submissions' idempotency claims. */
  firstUpdateId?: number;
  /** Share of reports marked late (default 0.1). */
  lateShare?: number;
}

/**
 * Submits every report; returns how many. In batches of BATCH script calls sent together (one write on the socket,
 * auto-pipelining) and awaited before the next: the server is never handed more than one batch, so no call waits
 * behind tens of thousands of others (168,000 reports at once timed out on a loaded machine), and the client never
 * holds more than one batch's promises and arguments.
 */
export async function seedReports(store: Store, options: SeedOptions): Promise<number> {
  const random = seededRandom(7);
  const jobs: { form: FormDefinition; unit: string; period: string }[] = [];
  // Month by month, as reports arrive: the carry-forward totals of "last" figures are updated the way they are in use.
  for (const period of options.months) for (const form of options.forms) for (const unit of options.unitIds) jobs.push({ form, unit, period });
  const firstUpdateId = options.firstUpdateId ?? 1;
  const lateShare = options.lateShare ?? 0.1;
  for (let start = 0; start < jobs.length; start += BATCH) {
    await Promise.all(jobs.slice(start, start + BATCH).map((job, i) => submitOne(job, start + i)));
  }
  return jobs.length;

  async function submitOne({ form, unit, period }: (typeof jobs)[number], index: number): Promise<void> {
    const result = await store.reports.submitReport({
      form: { id: form.id, figures: numericFigures(form) },
      unit,
      period,
      values: valuesOf(form, random),
      expectedVersion: 0,
      author: 1,
      updateId: firstUpdateId + index,
      at: Date.parse(`${period}-04T10:00:00+06:00`) + 30 * 86_400_000,
      late: random() < lateShare,
    });
    if (result.status !== "ok") throw new Error(`seeding ${form.id} ${unit} ${period}: ${result.status}`);
  }
}

/** Script calls per batch: large enough that round trips do not count, small enough to finish well inside a timeout. */
const BATCH = 1_000;
