// Reading a form's audit stream (written by the submit script, one entry per submission or correction).
import type { RedisClient } from "./redis.ts";
import type { Keys } from "./keys.ts";
import { decodeValues, toSafeInt, type ReportValues } from "./values.ts";
import { reportIdBase } from "./reports.ts";

export interface AuditEntry {
  /** stream entry id, usable as `after` for the next page */
  id: string;
  reportId: string;
  form: string;
  unit: string;
  period: string;
  version: number;
  by: number;
  at: number;
  updateId: number;
  reason?: string;
  late: boolean;
  /** values before, of the figures that changed (a figure present here but not in `new` was removed) */
  old: ReportValues;
  /** values after, of the figures that changed */
  new: ReportValues;
}

export interface AuditQuery {
  /** read entries after this stream id (exclusive); from the start when absent */
  after?: string;
  /** at most this many entries (default 100) */
  count?: number;
}

export function createAudit(redis: RedisClient, keys: Keys) {
  /** One XRANGE, oldest first. Filter by unit or period on the result; the stream is per form. */
  async function readAudit(formId: string, query: AuditQuery = {}): Promise<AuditEntry[]> {
    const start = query.after ? `(${query.after}` : "-";
    const entries = await redis.xrange(keys.audit(formId), start, "+", "COUNT", query.count ?? 100);
    return entries.map(([id, flat]) => parseEntry(formId, id, flat));
  }
  return { readAudit };
}

function parseEntry(form: string, id: string, flat: string[]): AuditEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  const unit = f.unit ?? "";
  const period = f.period ?? "";
  const version = toSafeInt(f.version, "version");
  return {
    id,
    reportId: `${reportIdBase(form, unit, period)}/v${version}`,
    form,
    unit,
    period,
    version,
    by: toSafeInt(f.by, "by"),
    at: toSafeInt(f.at, "at"),
    updateId: toSafeInt(f.upd, "upd"),
    ...(f.reason ? { reason: f.reason } : {}),
    late: f.late === "1",
    old: decodeValues(JSON.parse(f.old ?? "{}") as Record<string, string>),
    new: decodeValues(JSON.parse(f.new ?? "{}") as Record<string, string>),
  };
}
