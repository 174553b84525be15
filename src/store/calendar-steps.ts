// Steps of a report's calendar (reminded, muted, reopening asked, approved, rejected, correction shown to the
// leadership): kept per report for /history, and in one capped stream for operations.
import type { CalendarKeys } from "./keys.ts";
import { execPipeline, type RedisClient } from "./redis.ts";

/** The operations log keeps about this many entries (XADD MAXLEN ~). */
export const LOG_MAXLEN = 100_000;

export type StepKind =
  /** a scheduled reminder was sent to the unit's users */
  | "reminder"
  /** someone asked to remind the unit now ("remind the missing") */
  | "remind"
  | "mute"
  | "unmute"
  | "reopen-request"
  | "reopen-approved"
  | "reopen-rejected"
  /** a correction made after the lock was sent to the leadership with its changes */
  | "correction-shown";

export interface CalendarStep {
  kind: StepKind;
  form: string;
  unit: string;
  period: string;
  /** Telegram id of who did it; 0 for the bot itself (scheduled reminders). */
  by: number;
  at: number;
  reason?: string;
  /** reopening: the request number; correction-shown: the report version */
  n?: number;
  /** reopen-approved: the end of the grant */
  until?: number;
  /** reminder: sent after its time (the bot was stopped then) */
  late?: boolean;
  /** reminder, remind, correction-shown: how many people got it */
  recipients?: number;
}

export function createSteps(redis: RedisClient, keys: CalendarKeys) {
  /** One MULTI per batch: each step appended to its report's list and to the log. */
  async function record(...steps: CalendarStep[]): Promise<void> {
    if (steps.length === 0) return;
    const multi = redis.multi();
    for (const step of steps) {
      const json = JSON.stringify(step);
      multi.rpush(keys.steps(step.form, step.unit, step.period), json);
      multi.xadd(keys.log(), "MAXLEN", "~", LOG_MAXLEN, "*", "kind", step.kind, "form", step.form, "unit", step.unit, "period", step.period, "step", json);
    }
    await execPipeline(multi);
  }

  /** A report's steps, oldest first: one LRANGE. */
  async function steps(form: string, unit: string, period: string): Promise<CalendarStep[]> {
    const list = await redis.lrange(keys.steps(form, unit, period), 0, -1);
    return list.map(parseStep);
  }

  /** The newest log entries (operations, tests): one XREVRANGE. */
  async function recentLog(count = 100): Promise<{ id: string; fields: Record<string, string> }[]> {
    const entries = await redis.xrevrange(keys.log(), "+", "-", "COUNT", count);
    return entries.map(([id, flat]) => {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
      return { id, fields };
    });
  }

  /** Appends an operations entry that belongs to no single report (a fired moment, a digest). */
  async function log(kind: string, fields: Record<string, string | number | boolean>): Promise<void> {
    const flat = Object.entries(fields).flatMap(([key, value]) => [key, String(value)]);
    await redis.xadd(keys.log(), "MAXLEN", "~", LOG_MAXLEN, "*", "kind", kind, ...flat);
  }

  return { record, steps, recentLog, log };
}

/** Steps written by Lua carry numbers as strings: both read back as numbers. */
function parseStep(json: string): CalendarStep {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const num = (value: unknown) => (value === undefined || value === null ? undefined : Number(value));
  const step: CalendarStep = {
    kind: raw.kind as StepKind,
    form: String(raw.form),
    unit: String(raw.unit),
    period: String(raw.period),
    by: num(raw.by) ?? 0,
    at: num(raw.at) ?? 0,
  };
  if (typeof raw.reason === "string" && raw.reason !== "") step.reason = raw.reason;
  const n = num(raw.n);
  if (n !== undefined) step.n = n;
  const until = num(raw.until);
  if (until !== undefined) step.until = until;
  if (raw.late === true) step.late = true;
  const recipients = num(raw.recipients);
  if (recipients !== undefined) step.recipients = recipients;
  return step;
}
