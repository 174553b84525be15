// Demo data: January–October 2016 for the region's units, such that the regional summary for January–October 2016
// shows exactly the seed article's figures (91,337 e-Kyzmet, 27,845 e-Government, 21 seminars of which 14 field,
// 17.9 billion tenge allotted, 27,600 people employed). Uneven across units and months, some reports late, two
// corrected, and Uygur has not reported October. Written through submitReport, so the totals are kept as in use.
import { seededRandom as random } from "../devtools/random.ts";
import type { FormDefinition } from "../domain/forms.ts";
import { numericFigures } from "../domain/forms.ts";
import type { Region } from "../domain/region.ts";
import { deadlineOf, monthId, zonedTimeToUtc } from "../domain/periods.ts";
import type { Store } from "../store/index.ts";
import type { ReportValues } from "../store/values.ts";

export const DEMO_YEAR = 2016;
export const DEMO_MONTHS = Array.from({ length: 10 }, (_, i) => monthId(DEMO_YEAR, i + 1));
/** The unit that has not reported October. */
export const DEMO_MISSING = { unit: "uygur", month: "2016-10" };

/** The article's regional figures for January–October 2016 (money in tenge). */
export const ARTICLE_TOTALS = {
  "public-services": { services_ekyzmet: 91_337, services_egov: 27_845, seminars: 21, seminars_field: 14 },
  "employment-roadmap": { funds_allotted: 17_900_000_000, people_employed: 27_600 },
} as const;

/** Other figures' regional totals, chosen to be plausible (the electronic share comes out at 88.4 %). */
const OTHER_TOTALS = { services_other: 15_640, violations: 47 };

/** Rough size of each unit (thousands of people in 2016): the split follows it, with noise. */
const UNIT_WEIGHTS: Record<string, number> = {
  taldykorgan: 150, kapshagay: 60, tekeli: 30, aksu: 40, alakol: 70, balkhash: 30, enbekshikazakh: 290, eskeldi: 50,
  zhambyl: 140, ile: 200, karasai: 270, karatal: 50, kerbulak: 50, koksu: 40, panfilov: 120, raiymbek: 60, sarkand: 40,
  talgar: 190, uygur: 60,
};
/** Units that report late in some months (month numbers). */
const LATE: Record<string, number[]> = { balkhash: [3, 7, 10], kerbulak: [2, 10], sarkand: [5, 10], raiymbek: [8], alakol: [10] };
/** Units that leave the optional "other channels" figure out. */
const NO_OTHER = new Set(["tekeli", "koksu", "eskeldi"]);
/** Reports sent with a mistake and corrected a few days later: the first version's values, the correction's reason. */
const CORRECTED = [
  { form: "public-services", unit: "talgar", month: "2016-09", wrong: { services_egov: 100 }, reason: "опечатка в e-Gov" },
  { form: "employment-roadmap", unit: "karatal", month: "2016-10", wrong: { people_employed: -40 }, reason: "уточнены данные центра занятости" },
];

const SEASON_SERVICES = [0.82, 0.9, 1.0, 1.05, 1.0, 0.93, 0.88, 0.97, 1.12, 1.2];
const SEASON_EMPLOYMENT = [0.45, 0.6, 0.95, 1.3, 1.45, 1.35, 1.2, 1.1, 0.95, 0.85];

export interface PlannedVersion {
  values: ReportValues;
  at: number;
  late: boolean;
  reason?: string;
}

export interface PlannedReport {
  form: FormDefinition;
  unit: string;
  period: string;
  /** Oldest first; the last one is the report as it stands. */
  versions: PlannedVersion[];
}


/** Splits an integer total over weighted cells exactly (largest remainder). */
export function splitExactly(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    parts[i]!++;
    rest--;
  }
  return parts;
}

interface Cell {
  unit: string;
  month: number;
}

export function demoPlan(region: Region, forms: readonly FormDefinition[], timeZone = region.timeZone): PlannedReport[] {
  const next = random(20161127);
  const noise = (spread: number) => 1 - spread + 2 * spread * next();
  const units = region.units.map((unit) => unit.id);
  const weight = (unit: string) => UNIT_WEIGHTS[unit] ?? 50;
  const cells: Cell[] = units.flatMap((unit) =>
    DEMO_MONTHS.map((_, i) => ({ unit, month: i + 1 })).filter((cell) => !(cell.unit === DEMO_MISSING.unit && monthId(DEMO_YEAR, cell.month) === DEMO_MISSING.month)),
  );
  const cellKey = (cell: Cell) => `${cell.unit} ${cell.month}`;
  const values = new Map<string, Record<string, Record<string, number>>>(); // form → cell → figure → value
  const put = (form: string, cell: Cell, figure: string, value: number) => {
    const byCell = values.get(form) ?? {};
    values.set(form, byCell);
    (byCell[cellKey(cell)] ??= {})[figure] = value;
  };
  const spread = (form: string, figure: string, total: number, on: Cell[], weightOf: (cell: Cell) => number) => {
    splitExactly(total, on.map(weightOf)).forEach((value, i) => put(form, on[i]!, figure, value));
  };

  // Public services.
  const services = (cell: Cell) => weight(cell.unit) * (SEASON_SERVICES[cell.month - 1] ?? 1) * noise(0.25);
  spread("public-services", "services_ekyzmet", ARTICLE_TOTALS["public-services"].services_ekyzmet, cells, services);
  spread("public-services", "services_egov", ARTICLE_TOTALS["public-services"].services_egov, cells, (cell) => services(cell) * noise(0.3));
  const withOther = cells.filter((cell) => !NO_OTHER.has(cell.unit));
  spread("public-services", "services_other", OTHER_TOTALS.services_other, withOther, (cell) => services(cell) * noise(0.4));
  spread("public-services", "violations", OTHER_TOTALS.violations, cells, () => next() ** 3);
  // 21 seminars in 21 unit-months, 14 of them field seminars.
  const seminarCells = [...cells].sort(() => next() - 0.5).slice(0, ARTICLE_TOTALS["public-services"].seminars);
  for (const cell of cells) {
    put("public-services", cell, "seminars", seminarCells.includes(cell) ? 1 : 0);
    put("public-services", cell, "seminars_field", seminarCells.indexOf(cell) >= 0 && seminarCells.indexOf(cell) < ARTICLE_TOTALS["public-services"].seminars_field ? 1 : 0);
  }

  // Employment Roadmap: the allotment is each unit's annual amount (some raised in July), spending cumulative.
  const allotments = splitExactly(
    ARTICLE_TOTALS["employment-roadmap"].funds_allotted / 1_000_000,
    units.map((unit) => weight(unit) * noise(0.2)),
  ).map((millions) => millions * 1_000_000);
  units.forEach((unit, u) => {
    const final = allotments[u]!;
    const raisedInJuly = next() < 0.35;
    let spentShare = 0;
    for (let month = 1; month <= 10; month++) {
      const cell = { unit, month };
      const allotted = raisedInJuly && month < 7 ? Math.round((final * 0.9) / 1_000_000) * 1_000_000 : final;
      spentShare = Math.min(0.97, spentShare + 0.075 * noise(0.4));
      put("employment-roadmap", cell, "funds_allotted", allotted);
      put("employment-roadmap", cell, "funds_spent", Math.round((allotted * spentShare) / 1000) * 1000);
    }
  });
  const employment = (cell: Cell) => weight(cell.unit) * (SEASON_EMPLOYMENT[cell.month - 1] ?? 1) * noise(0.3);
  spread("employment-roadmap", "people_employed", ARTICLE_TOTALS["employment-roadmap"].people_employed, cells, employment);
  for (const cell of cells) {
    const employed = values.get("employment-roadmap")?.[cellKey(cell)]?.people_employed ?? 0;
    const created = Math.round(employed * 0.55 * noise(0.2));
    put("employment-roadmap", cell, "jobs_created", created);
    put("employment-roadmap", cell, "jobs_permanent", Math.round(created * 0.45 * noise(0.2)));
  }

  const plan: PlannedReport[] = [];
  for (const form of forms) {
    const byCell = values.get(form.id);
    if (!byCell) continue;
    const known = new Set(numericFigures(form).map((figure) => figure.id));
    for (const cell of cells) {
      const cellValues = byCell[cellKey(cell)];
      if (!cellValues) continue;
      const final: ReportValues = Object.fromEntries(Object.entries(cellValues).filter(([id]) => known.has(id)));
      const period = monthId(DEMO_YEAR, cell.month);
      const late = LATE[cell.unit]?.includes(cell.month) ?? false;
      const at = submittedAt(form, period, late, next, timeZone);
      const correction = CORRECTED.find((c) => c.form === form.id && c.unit === cell.unit && c.month === period);
      const versions: PlannedVersion[] = [];
      if (correction) {
        const wrong: ReportValues = { ...final };
        for (const [id, delta] of Object.entries(correction.wrong)) wrong[id] = Math.max(0, Number(final[id] ?? 0) + delta);
        versions.push({ values: wrong, at, late });
        versions.push({ values: final, at: at + 2 * 86_400_000, late, reason: correction.reason });
      } else versions.push({ values: final, at, late });
      plan.push({ form, unit: cell.unit, period, versions });
    }
  }
  return plan;
}

/** On time: the 1st–5th of the next month before the deadline; late: the 6th–12th. */
function submittedAt(form: FormDefinition, period: string, late: boolean, next: () => number, timeZone: string): number {
  const { dueAt, lateAt } = deadlineOf(form, period, timeZone);
  const local = new Date(dueAt.getTime());
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = late ? 6 + Math.floor(next() * 7) : 1 + Math.floor(next() * 4);
  const at = zonedTimeToUtc({ year, month, day, hour: 9 + Math.floor(next() * 8), minute: Math.floor(next() * 60) }, timeZone).getTime();
  // Whatever the deadline settings, "late" must agree with the instant.
  return late ? Math.max(at, lateAt.getTime() + 3_600_000) : Math.min(at, lateAt.getTime() - 3_600_000);
}

export interface SeedResult {
  /** Versions written now. */
  written: number;
  /** Reports already as planned (a second run writes nothing). */
  unchanged: number;
  /** Reports changed since the demo was seeded (a correction, a reopening): never written over. */
  kept: number;
}

const AUTHOR_BASE = 7_000_000;
/** The demo's akims, one per unit in the region's order: invented names, as Telegram would give their first names. */
const AUTHOR_NAMES = [
  "Ерлан Ахметов", "Айгүл Сейітова", "Нұрлан Қасымов", "Гүлнар Омарова", "Бауыржан Тоқтаров", "Жанар Әлиева",
  "Серік Жұмабаев", "Әсел Бекова", "Марат Исаев", "Динара Мұханова", "Асхат Нұрғалиев", "Сәуле Ержанова",
  "Дәурен Бейсенов", "Айнұр Қалиева", "Ғалым Сәрсенов", "Мадина Оспанова", "Қайрат Байжанов", "Ләззат Темірова",
  "Талғат Смағұлов",
];
const UPDATE_BASE = 9_000_000_000;

function sameValues(a: ReportValues, b: ReportValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Writes the plan through submitReport. A report already there is history: it is left alone unless it is an
 * unfinished part of the plan itself (a run stopped between a report's versions), whose remaining versions follow.
 * Nothing is ever written over a later correction, so a second run changes nothing.
 */
export async function seedDemo(store: Store, region: Region, forms: readonly FormDefinition[], timeZone = region.timeZone): Promise<SeedResult> {
  const plan = demoPlan(region, forms, timeZone);
  const result: SeedResult = { written: 0, unchanged: 0, kept: 0 };
  const unitIndex = new Map(region.units.map((unit, i) => [unit.id, i]));
  let updateId = UPDATE_BASE;
  // The histories name who submitted: the demo's akims have names, as real ones get theirs from Telegram.
  for (const [i] of region.units.entries()) await store.invites.setName(AUTHOR_BASE + i, AUTHOR_NAMES[i % AUTHOR_NAMES.length]!);
  for (const report of plan) {
    const author = AUTHOR_BASE + (unitIndex.get(report.unit) ?? 0);
    const firstUpdate = updateId;
    updateId += report.versions.length;
    const current = await store.reports.getReport(report.form.id, report.unit, report.period);
    const done = current?.version ?? 0;
    if (current) {
      const planned = report.versions[done - 1];
      const ours = planned !== undefined && current.by === author && current.at === planned.at && sameValues(current.values, planned.values);
      if (!ours) {
        result.kept++;
        continue;
      }
      if (done === report.versions.length) {
        result.unchanged++;
        continue;
      }
    }
    let expectedVersion = done;
    for (const [i, version] of report.versions.entries()) {
      if (i < done) continue;
      const submitted = await store.reports.submitReport({
        form: report.form,
        unit: report.unit,
        period: report.period,
        values: version.values,
        expectedVersion,
        author,
        updateId: firstUpdate + i,
        at: version.at,
        ...(version.reason ? { reason: version.reason } : {}),
        late: version.late,
      });
      if (submitted.status !== "ok") throw new Error(`seed: ${report.form.id} ${report.unit} ${report.period} changed while seeding (${submitted.status})`);
      expectedVersion = submitted.version;
      result.written++;
    }
  }
  return result;
}
