// Reopening a locked report: a district's request with a reason, the leadership's decision, the time-limited grant.
// Each step is one Lua script that checks the state, changes it and records the step (report steps and the log)
// atomically, so two leaders pressing at once decide once, and a resent update creates nothing twice.
import type { RedisClient } from "./redis.ts";
import type { CalendarKeys } from "./keys.ts";
import { LOG_MAXLEN } from "./calendar-steps.ts";

export type ReopenStatus = "pending" | "approved" | "rejected";

export interface ReopenRequest {
  form: string;
  unit: string;
  period: string;
  /** Request number of this report (1, 2, …): buttons carry it, so an old request's buttons do nothing. */
  n: number;
  status: ReopenStatus;
  by: number;
  at: number;
  reason: string;
  decidedBy?: number;
  decidedAt?: number;
  /** Approved: the report may be corrected until this instant (ms). */
  until?: number;
  /** The leadership's copies of the request (with the reader's language), edited when it is decided. */
  notices: { chat: number; message: number; lang: string }[];
}

export type RequestOutcome =
  | { status: "created"; n: number }
  /** The same update seen again (Telegram resends): nothing new was created. */
  | { status: "duplicate"; n: number }
  | { status: "pending"; request: ReopenRequest }
  | { status: "open"; until: number };

export type DecisionOutcome = { status: "decided"; request: ReopenRequest } | { status: "stale"; request: ReopenRequest | null };

// KEYS: 1 request, 2 unit's grants, 3 report steps, 4 log. ARGV: 1 grant field, 2 now, 3 by, 4 reason, 5 update id,
// 6 form, 7 unit, 8 period, 9 log maxlen.
const REQUEST_LUA = `
local untilAt = redis.call('HGET', KEYS[2], ARGV[1])
if untilAt and tonumber(untilAt) > tonumber(ARGV[2]) then return {'open', untilAt} end
local r = redis.call('HMGET', KEYS[1], 'status', 'n', 'upd')
if r[3] == ARGV[5] then return {'duplicate', r[2]} end
if r[1] == 'pending' then return {'pending'} end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HDEL', KEYS[1], 'decidedBy', 'decidedAt', 'until', 'notices')
redis.call('HSET', KEYS[1], 'status', 'pending', 'by', ARGV[3], 'at', ARGV[2], 'reason', ARGV[4], 'upd', ARGV[5],
  'form', ARGV[6], 'unit', ARGV[7], 'period', ARGV[8])
local step = cjson.encode({kind = 'reopen-request', n = n, by = ARGV[3], at = ARGV[2], reason = ARGV[4],
  form = ARGV[6], unit = ARGV[7], period = ARGV[8]})
redis.call('RPUSH', KEYS[3], step)
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[9], '*', 'kind', 'reopen-request', 'form', ARGV[6], 'unit', ARGV[7],
  'period', ARGV[8], 'step', step)
return {'created', tostring(n)}
`;

// KEYS: 1 request, 2 unit's grants, 3 report steps, 4 log. ARGV: 1 n, 2 approved|rejected, 3 by, 4 now, 5 until,
// 6 grant field, 7 log maxlen.
const DECIDE_LUA = `
local r = redis.call('HMGET', KEYS[1], 'status', 'n', 'form', 'unit', 'period')
if r[2] ~= ARGV[1] or r[1] ~= 'pending' then return {'stale'} end
local kind
if ARGV[2] == 'approved' then
  redis.call('HSET', KEYS[1], 'status', 'approved', 'decidedBy', ARGV[3], 'decidedAt', ARGV[4], 'until', ARGV[5])
  redis.call('HSET', KEYS[2], ARGV[6], ARGV[5])
  kind = 'reopen-approved'
else
  redis.call('HSET', KEYS[1], 'status', 'rejected', 'decidedBy', ARGV[3], 'decidedAt', ARGV[4])
  kind = 'reopen-rejected'
end
local step = {kind = kind, n = tonumber(ARGV[1]), by = ARGV[3], at = ARGV[4], form = r[3], unit = r[4], period = r[5]}
if ARGV[2] == 'approved' then step['until'] = ARGV[5] end
local json = cjson.encode(step)
redis.call('RPUSH', KEYS[3], json)
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', 'kind', kind, 'form', r[3], 'unit', r[4], 'period', r[5], 'step', json)
return {'decided'}
`;

type ReopenRedis = RedisClient & {
  calReopenRequest(...keysAndArgs: string[]): Promise<string[]>;
  calReopenDecide(...keysAndArgs: string[]): Promise<string[]>;
};

function defineReopenScripts(redis: RedisClient): ReopenRedis {
  if (!("calReopenRequest" in redis)) redis.defineCommand("calReopenRequest", { numberOfKeys: 4, lua: REQUEST_LUA });
  if (!("calReopenDecide" in redis)) redis.defineCommand("calReopenDecide", { numberOfKeys: 4, lua: DECIDE_LUA });
  return redis as ReopenRedis;
}

const grantField = (form: string, period: string) => `${form}:${period}`;

export interface NewRequest {
  form: string;
  unit: string;
  period: string;
  by: number;
  at: number;
  reason: string;
  updateId: number;
}

export interface Decision {
  form: string;
  unit: string;
  period: string;
  n: number;
  decision: "approved" | "rejected";
  by: number;
  at: number;
  /** For an approval: the grant's end (ms). */
  until: number;
}

export function createReopen(redis: RedisClient, keys: CalendarKeys) {
  const scripted = defineReopenScripts(redis);
  const scriptKeys = (form: string, unit: string, period: string) => [
    keys.request(form, unit, period),
    keys.reopened(unit),
    keys.steps(form, unit, period),
    keys.log(),
  ];

  /** One script: refused while a request is pending or the period is already reopened. */
  async function requestReopen(request: NewRequest): Promise<RequestOutcome> {
    const { form, unit, period } = request;
    const reply = await scripted.calReopenRequest(
      ...scriptKeys(form, unit, period),
      grantField(form, period),
      String(request.at),
      String(request.by),
      request.reason,
      String(request.updateId),
      form,
      unit,
      period,
      String(LOG_MAXLEN),
    );
    const [status, value] = reply;
    if (status === "open") return { status, until: Number(value) };
    if (status === "created" || status === "duplicate") return { status, n: Number(value) };
    const current = await getRequest(form, unit, period);
    if (!current) throw new Error("a pending reopening request vanished");
    return { status: "pending", request: current };
  }

  /** One script: only a pending request with this number is decided; anything else is stale (already decided). */
  async function decideReopen(decision: Decision): Promise<DecisionOutcome> {
    const { form, unit, period } = decision;
    const [status] = await scripted.calReopenDecide(
      ...scriptKeys(form, unit, period),
      String(decision.n),
      decision.decision,
      String(decision.by),
      String(decision.at),
      String(decision.until),
      grantField(form, period),
      String(LOG_MAXLEN),
    );
    const request = await getRequest(form, unit, period);
    if (status === "decided" && request) return { status: "decided", request };
    return { status: "stale", request };
  }

  /** One HGETALL. */
  async function getRequest(form: string, unit: string, period: string): Promise<ReopenRequest | null> {
    return parseRequest(await redis.hgetall(keys.request(form, unit, period)), form, unit, period);
  }

  /** Remembers where the leadership's copies of request `n` are (one small script-free check-and-set). */
  async function setNotices(form: string, unit: string, period: string, n: number, notices: ReopenRequest["notices"]): Promise<void> {
    const key = keys.request(form, unit, period);
    const current = await redis.hget(key, "n");
    if (current === String(n)) await redis.hset(key, "notices", JSON.stringify(notices));
  }

  /** The end of the unit's reopening of this report (ms), or null when none was granted. One HGET. */
  async function reopenedUntil(form: string, unit: string, period: string): Promise<number | null> {
    const until = await redis.hget(keys.reopened(unit), grantField(form, period));
    return until === null ? null : Number(until);
  }

  /** Is this report reopened for its unit at `now`? One HGET. */
  async function isReopened(form: string, unit: string, period: string, now: Date): Promise<boolean> {
    const until = await reopenedUntil(form, unit, period);
    return until !== null && until > now.getTime();
  }

  /** Periods of a form reopened for a unit at `now`, newest first; one HGETALL (ended grants are dropped). */
  async function reopenedPeriods(form: string, unit: string, now: Date): Promise<{ period: string; until: number }[]> {
    const key = keys.reopened(unit);
    const grants = await redis.hgetall(key);
    const open: { period: string; until: number }[] = [];
    const ended: string[] = [];
    for (const [field, until] of Object.entries(grants)) {
      if (Number(until) <= now.getTime()) ended.push(field);
      else if (field.startsWith(`${form}:`)) open.push({ period: field.slice(form.length + 1), until: Number(until) });
    }
    if (ended.length > 0) await redis.hdel(key, ...ended);
    return open.sort((a, b) => (a.period < b.period ? 1 : -1));
  }

  return { requestReopen, decideReopen, getRequest, setNotices, reopenedUntil, isReopened, reopenedPeriods };
}

function parseRequest(hash: Record<string, string>, form: string, unit: string, period: string): ReopenRequest | null {
  if (hash.status === undefined || hash.n === undefined) return null;
  return {
    form,
    unit,
    period,
    n: Number(hash.n),
    status: hash.status as ReopenStatus,
    by: Number(hash.by),
    at: Number(hash.at),
    reason: hash.reason ?? "",
    ...(hash.decidedBy ? { decidedBy: Number(hash.decidedBy) } : {}),
    ...(hash.decidedAt ? { decidedAt: Number(hash.decidedAt) } : {}),
    ...(hash.until ? { until: Number(hash.until) } : {}),
    notices: hash.notices ? (JSON.parse(hash.notices) as ReopenRequest["notices"]) : [],
  };
}
