// Submitted reports: one atomic script per submission, and the reads that show them.
//
// submitReport is one EVALSHA. Inside it (all counted by INFO commandstats), for k totalled figures whose value changed,
// the totals (t) of a month cost k HINCRBY for k ≤ 2, else one HMGET and one HSET (2, however many figures):
//   first version:  HGETALL + SET(claim) + HSET + XADD + SADD + HSET(cover, history) + totals = 7 + t (+1 EVALSHA)
//   correction:     HGETALL + SET(claim) + RPUSH(old version) + [HDEL if something was removed] + HSET + XADD + HSET(cover, history) + t
//   forms with "last" figures add HGETALL + HSET of the unit's carry hash and one HINCRBY per month reached
//   (this month up to the unit's next reported month) per changed "last" figure (the same rule per month).
//   every written version also HSETs its numbers into the month's cover hash (coverage counts) and the unit's
//   history hash (a draft's review): HSET(cover) + HSET(history), counted in the lines above as HSET(cover).
//   duplicate or conflict: HGETALL + GET (or SET) and nothing written.
import { assertSegment, type Keys } from "./keys.ts";
import { carriedFigures, summedFigures, type FormShape } from "./form-shape.ts";
import { decodeValues, encodeValues, formatNumbers, numbersOf, parseNumbers, toSafeInt, type ReportValues } from "./values.ts";
import { monthsFrom, parseMonth } from "./months.ts";
import { execPipeline, runDurably, scanKeys, type Durability, type RedisClient, type ScriptPipeline, type StoreRedis } from "./redis.ts";

export interface Submission {
  form: FormShape;
  unit: string;
  period: string;
  /** The whole report: a figure left out is removed (counts as 0 in monthly sums; a "last" figure carries the unit's previous value). */
  values: Readonly<ReportValues>;
  /** The version being corrected, 0 for a new report. */
  expectedVersion: number;
  author: number;
  updateId: number;
  /** ms since epoch, from the injected clock */
  at: number;
  reason?: string;
  late?: boolean;
  /** The idempotency key claimed instead of the update id's (an import claims one per report version: keys.importClaim). */
  claimKey?: string;
}

export type SubmitResult =
  | { status: "ok"; reportId: string; version: number; at: number }
  | { status: "duplicate"; reportId: string; version: number; at: number }
  | { status: "conflict"; currentVersion: number };

export interface StoredReport {
  /** `<form>/<period>/<unit>/v<version>`, shown to the user on the receipt. */
  reportId: string;
  version: number;
  values: ReportValues;
  by: number;
  at: number;
  updateId: number;
  reason?: string;
  late: boolean;
}

export interface ReportStoreOptions {
  /**
   * How long a replay is answered "duplicate" rather than "conflict" (default 2 days; Telegram resends for 24 h): an
   * import's claim key lives this long, and a bot update's id kept with its version counts for this long after it.
   */
  claimTtlSeconds?: number;
  /** Acknowledge a submission only once this many replicas have it (WAIT); default: the primary's reply is enough. */
  durability?: Durability;
}

export function createReports(redis: StoreRedis, keys: Keys, options: ReportStoreOptions = {}) {
  const claimTtl = String(options.claimTtlSeconds ?? 2 * 24 * 3600);
  const durability = options.durability ?? { replicas: 0, timeoutMs: 0 };

  async function submitReport(submission: Submission): Promise<SubmitResult> {
    const { form, unit, period } = submission;
    const { year, month } = parseMonth(period);
    for (const n of [submission.expectedVersion, submission.author, submission.updateId, submission.at]) {
      if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`not a non-negative integer: ${n}`);
    }
    const summed = summedFigures(form);
    const carried = carriedFigures(form);
    for (const id of summed) assertSegment(id, "figure id");
    const fields = encodeValues(form, submission.values);
    const scriptKeys = [
      submission.claimKey ?? keys.claim(submission.updateId),
      keys.report(form.id, unit, period),
      keys.versions(form.id, unit, period),
      keys.audit(form.id),
      keys.reported(form.id, period),
      keys.totals(form.id, period),
    ];
    if (carried.length > 0) {
      scriptKeys.push(keys.carry(form.id, unit, year));
      for (const later of monthsFrom(year, month + 1)) scriptKeys.push(keys.totals(form.id, later));
    }
    scriptKeys.push(keys.cover(form.id, period), keys.history(form.id, unit));
    const args = [
      String(submission.updateId),
      String(submission.expectedVersion),
      String(submission.author),
      String(submission.at),
      submission.reason ?? "",
      submission.late ? "1" : "0",
      unit,
      period,
      reportIdBase(form.id, unit, period),
      claimTtl,
      String(month),
      String(summed.length),
      String(carried.length),
      String(fields.length / 2),
      // A bot update claims nothing: the report's versions keep its update id (see the script).
      submission.claimKey === undefined ? "0" : "1",
      ...summed,
      ...carried,
      ...fields,
    ];
    const reply = (
      durability.replicas > 0
        ? // The claim's TTL set again: a write on this connection after the script, for WAIT to count even on a replay.
          // (a bot update's claim key is only that write: a minute-long marker, in the region's slot)
          await runDurably(redis, durability, (pipeline) => {
            const script = (pipeline as ScriptPipeline).submitReport(scriptKeys.length, ...scriptKeys, ...args);
            return submission.claimKey === undefined ? script.set(scriptKeys[0]!, "1", "EX", 60) : script.expire(scriptKeys[0]!, Number(claimTtl));
          })
        : await redis.submitReport(scriptKeys.length, ...scriptKeys, ...args)
    ) as string[];
    return parseSubmitReply(reply);
  }

  /** One HGETALL. */
  async function getReport(formId: string, unit: string, period: string): Promise<StoredReport | null> {
    return parseReport(await redis.hgetall(keys.report(formId, unit, period)), reportIdBase(formId, unit, period));
  }

  /** Every version, oldest first: the earlier ones (LRANGE) and the current one (HGETALL), in one round trip. */
  async function getReportVersions(formId: string, unit: string, period: string): Promise<StoredReport[]> {
    const base = reportIdBase(formId, unit, period);
    const [list, hash] = await execPipeline(
      redis.pipeline().lrange(keys.versions(formId, unit, period), 0, -1).hgetall(keys.report(formId, unit, period)),
    );
    const earlier = (list as string[]).map((json) => parseVersionJson(json, base));
    const current = parseReport(hash as Record<string, string>, base);
    return current ? [...earlier, current] : earlier;
  }

  /** The current reports of many units for one period, in one round trip; units without a report are absent. */
  async function getReportsForUnits(formId: string, period: string, units: readonly string[]): Promise<Map<string, StoredReport>> {
    return readMany(redis, units, (unit) => [keys.report(formId, unit, period), reportIdBase(formId, unit, period)]);
  }

  /** One unit's current reports over many periods, in one round trip; periods without a report are absent. */
  async function getUnitHistory(formId: string, unit: string, periods: readonly string[]): Promise<Map<string, StoredReport>> {
    return readMany(redis, periods, (period) => [keys.report(formId, unit, period), reportIdBase(formId, unit, period)]);
  }

  /** Whether every stored report is in its unit's history hash (the region's marker); cached once seen, it never goes. */
  let historiesBuilt = false;
  let building: Promise<void> | undefined;

  /**
   * One unit's numbers over many periods (periods without a report absent), from its history hash that the submit
   * script keeps: one HMGET. Until the region's reports from before the hashes are all in them (the marker, read with
   * the HMGET until seen), a period the hash does not know is read from its report hash and written back with HSETNX
   * (`-` for none; a submission meanwhile has written the real one, which HSETNX leaves), and buildHistories is
   * started in the background.
   */
  async function getUnitNumbers(formId: string, unit: string, periods: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const found = new Map<string, Record<string, number>>();
    if (periods.length === 0) return found;
    const key = keys.history(formId, unit);
    let reply: (string | null)[];
    if (historiesBuilt) reply = await redis.hmget(key, ...periods);
    else {
      const [fields, marker] = await execPipeline(redis.pipeline().hmget(key, ...periods).exists(keys.historiesBuilt()));
      reply = fields as (string | null)[];
      historiesBuilt = marker === 1;
      if (!historiesBuilt) void historiesReady().catch(() => undefined);
    }
    const unknown: string[] = [];
    periods.forEach((period, i) => {
      const text = reply[i];
      if (text === null || text === undefined) {
        if (!historiesBuilt) unknown.push(period);
      } else if (text !== NO_REPORT) found.set(period, parseNumbers(text));
    });
    if (unknown.length === 0) return found;
    const reports = await getUnitHistory(formId, unit, unknown);
    const write = redis.pipeline();
    for (const period of unknown) {
      const report = reports.get(period);
      if (report) found.set(period, numbersOf(report.values));
      write.hsetnx(key, period, report ? formatNumbers(numbersOf(report.values)) : NO_REPORT);
    }
    await execPipeline(write);
    return new Map(periods.filter((period) => found.has(period)).map((period) => [period, found.get(period)!]));
  }

  /**
   * At start: whether the marker is there (one EXISTS), else the build; resolves once the unit histories can be
   * trusted. The app starts it in the background, so that the first reviews do not each look for the marker.
   */
  async function prepareHistories(): Promise<void> {
    if (historiesBuilt) return;
    if ((await redis.exists(keys.historiesBuilt())) === 1) historiesBuilt = true;
    else await historiesReady();
  }

  /** The background build started by getUnitNumbers (or a new one): resolves once the marker is set. */
  function historiesReady(): Promise<void> {
    building ??= buildHistories().finally(() => {
      building = undefined;
    });
    return building;
  }

  /**
   * Writes every stored report's numbers into its unit's history hash (SCAN, then HGETALL and HSETNX in batches of
   * 1,000: a submission's own field wins), then sets the marker. Once per region, after an upgrade; idempotent.
   */
  async function buildHistories(): Promise<void> {
    const reportKeys = await scanKeys(redis, keys.reportPattern());
    for (let start = 0; start < reportKeys.length; start += 1_000) {
      const slice = reportKeys.slice(start, start + 1_000);
      const read = redis.pipeline();
      for (const key of slice) read.hgetall(key);
      const replies = await execPipeline(read);
      const write = redis.pipeline();
      slice.forEach((key, i) => {
        const { form, unit, period } = keys.parseReport(key);
        const report = parseReport(replies[i] as Record<string, string>, reportIdBase(form, unit, period));
        if (report) write.hsetnx(keys.history(form, unit), period, formatNumbers(numbersOf(report.values)));
      });
      await execPipeline(write);
    }
    await redis.set(keys.historiesBuilt(), "1");
    historiesBuilt = true;
  }

  return { submitReport, getReport, getReportVersions, getReportsForUnits, getUnitHistory, getUnitNumbers, historiesReady, prepareHistories };
}

export type ReportStore = ReturnType<typeof createReports>;

/** A period in a unit's history hash with no report (the submit script replaces it when one comes). */
const NO_REPORT = "-";

/** `<form>/<period>/<unit>`: a report id without its `/v<version>`. */
export function reportIdBase(formId: string, unit: string, period: string): string {
  return `${formId}/${period}/${unit}`;
}

type KeyAndId = [key: string, idBase: string];

async function readMany(redis: RedisClient, ids: readonly string[], keyOf: (id: string) => KeyAndId): Promise<Map<string, StoredReport>> {
  const pipeline = redis.pipeline();
  const bases = ids.map((id) => {
    const [key, base] = keyOf(id);
    pipeline.hgetall(key);
    return base;
  });
  const replies = await execPipeline(pipeline);
  const found = new Map<string, StoredReport>();
  ids.forEach((id, i) => {
    const report = parseReport(replies[i] as Record<string, string>, bases[i]!);
    if (report) found.set(id, report);
  });
  return found;
}

function parseSubmitReply(reply: string[]): SubmitResult {
  const [status, a, b, c] = reply;
  if (status === "conflict") return { status, currentVersion: toSafeInt(a, "version") };
  if (status === "duplicate") {
    const receipt = JSON.parse(a ?? "{}") as { id: string; version: string; at: string };
    return { status, reportId: receipt.id, version: toSafeInt(receipt.version, "version"), at: toSafeInt(receipt.at, "at") };
  }
  if (status === "ok" && a !== undefined) return { status, reportId: a, version: toSafeInt(b, "version"), at: toSafeInt(c, "at") };
  throw new Error(`unexpected submitReport reply: ${JSON.stringify(reply)}`);
}

type ReportMeta = Partial<Record<"version" | "by" | "at" | "upd" | "reason" | "late", string>>;

/** An earlier version as kept in the history list: the report hash's metadata, its value fields under `values`. */
interface VersionJson extends ReportMeta {
  values: Record<string, string>;
}

/** A report hash read back; null when the key does not exist. */
export function parseReport(hash: Record<string, string>, idBase: string): StoredReport | null {
  return hash.version === undefined ? null : toReport(hash, hash, idBase);
}

/** An earlier version as kept in the versions list, read back. */
export function parseVersionJson(json: string, idBase: string): StoredReport {
  const version = JSON.parse(json) as VersionJson;
  return toReport(version, version.values, idBase);
}

function toReport(meta: ReportMeta, fields: Record<string, string>, idBase: string): StoredReport {
  const version = toSafeInt(meta.version, "version");
  return {
    reportId: `${idBase}/v${version}`,
    version,
    values: decodeValues(fields),
    by: toSafeInt(meta.by, "by"),
    at: toSafeInt(meta.at, "at"),
    updateId: toSafeInt(meta.upd, "upd"),
    ...(meta.reason ? { reason: meta.reason } : {}),
    late: meta.late === "1",
  };
}
