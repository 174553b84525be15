// The reporting calendar's state in Redis (layout in keys.ts): reopening (reopen.ts), steps and the log
// (calendar-steps.ts), muted reminders, claims of scheduled moments, reasons the bot waits for, short leases.
import type { Keys } from "./keys.ts";
import { createReopen } from "./reopen.ts";
import { createSteps } from "./calendar-steps.ts";
import { execPipeline, type RedisClient } from "./redis.ts";

export type { CalendarStep, StepKind } from "./calendar-steps.ts";
export type { ReopenRequest, RequestOutcome, DecisionOutcome } from "./reopen.ts";

/** A claim of a sent moment is kept this long: far beyond the longest catch-up, so nothing is sent twice. */
const FIRED_TTL_SECONDS = 400 * 86_400;
const PENDING_REASON_SECONDS = 30 * 60;
const DONE_REASON_SECONDS = 600;

export interface Mute {
  unit: string;
  by: number;
  at: number;
  reason: string;
}

/** What the bot waits for a person to type: the reason of a reopening request or of muting reminders. */
export interface PendingReason {
  kind: "reopen" | "mute";
  form: string;
  period: string;
}

export type ReasonState = { state: "pending"; pending: PendingReason } | { state: "done"; updateId: number } | { state: "none" };

// KEYS: the moments' claim keys. ARGV: 1 lease value, 2 lease ms. Returns the 1-based indexes claimed.
const CLAIM_LUA = `
local claimed = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) then table.insert(claimed, i) end
end
return claimed
`;

// KEYS: 1 lease. ARGV: 1 owner. Deletes the lease only if this owner still holds it.
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type CalendarRedis = RedisClient & {
  calClaim(numKeys: number, ...keysAndArgs: string[]): Promise<number[]>;
  calRelease(key: string, owner: string): Promise<number>;
};

function defineCalendarScripts(redis: RedisClient): CalendarRedis {
  if (!("calClaim" in redis)) redis.defineCommand("calClaim", { lua: CLAIM_LUA });
  if (!("calRelease" in redis)) redis.defineCommand("calRelease", { numberOfKeys: 1, lua: RELEASE_LUA });
  return redis as CalendarRedis;
}

export function createCalendar(redis: RedisClient, storeKeys: Keys) {
  const keys = storeKeys.calendar;
  const scripted = defineCalendarScripts(redis);
  const steps = createSteps(redis, keys);

  /** Mutes a unit's reminders for one period of a form, with the reason (HSET, then the step). */
  async function mute(form: string, period: string, entry: Mute): Promise<void> {
    await redis.hset(keys.mutes(form, period), entry.unit, JSON.stringify({ by: entry.by, at: entry.at, reason: entry.reason }));
    await steps.record({ kind: "mute", form, unit: entry.unit, period, by: entry.by, at: entry.at, reason: entry.reason });
  }

  /** Returns whether the unit was muted. */
  async function unmute(form: string, period: string, unit: string, by: number, at: number): Promise<boolean> {
    const removed = await redis.hdel(keys.mutes(form, period), unit);
    if (removed > 0) await steps.record({ kind: "unmute", form, unit, period, by, at });
    return removed > 0;
  }

  /** The muted units of a form's period: one HGETALL. */
  async function mutes(form: string, period: string): Promise<Map<string, Mute>> {
    const hash = await redis.hgetall(keys.mutes(form, period));
    const found = new Map<string, Mute>();
    for (const [unit, json] of Object.entries(hash)) {
      const value = JSON.parse(json) as Omit<Mute, "unit">;
      found.set(unit, { unit, by: Number(value.by), at: Number(value.at), reason: String(value.reason) });
    }
    return found;
  }

  /**
   * Claims moments not sent yet, all in one script: each claim is a lease that a crashed sender leaves to expire,
   * and `completeMoments` makes it permanent. Returns the ids claimed by this caller.
   */
  async function claimMoments(momentIds: readonly string[], owner: string, leaseMs: number): Promise<string[]> {
    if (momentIds.length === 0) return [];
    const claimKeys = momentIds.map((id) => keys.fired(id));
    const claimed = await scripted.calClaim(claimKeys.length, ...claimKeys, `lease:${owner}`, String(leaseMs));
    return claimed.map((index) => momentIds[index - 1]!);
  }

  async function completeMoments(momentIds: readonly string[], done: Record<string, string | number | boolean>): Promise<void> {
    if (momentIds.length === 0) return;
    const multi = redis.multi();
    for (const id of momentIds) multi.set(keys.fired(id), JSON.stringify(done), "EX", FIRED_TTL_SECONDS);
    await execPipeline(multi);
  }

  /** How a moment stands: absent, being sent (a lease), or sent (what completeMoments stored). */
  async function momentState(momentId: string): Promise<"none" | "lease" | Record<string, unknown>> {
    const value = await redis.get(keys.fired(momentId));
    if (value === null) return "none";
    return value.startsWith("lease:") ? "lease" : (JSON.parse(value) as Record<string, unknown>);
  }

  /** Waits for a reason from this person (replacing any earlier wait). */
  async function awaitReason(userId: number, pending: PendingReason): Promise<void> {
    await redis.set(keys.awaiting(userId), `pending|${JSON.stringify(pending)}`, "EX", PENDING_REASON_SECONDS);
  }

  async function reasonState(userId: number): Promise<ReasonState> {
    const value = await redis.get(keys.awaiting(userId));
    if (value === null) return { state: "none" };
    const [head, ...rest] = value.split("|");
    const body = rest.join("|");
    if (head === "done") return { state: "done", updateId: Number(body) };
    return { state: "pending", pending: JSON.parse(body) as PendingReason };
  }

  /** The reason was taken by update `updateId`: a resend of that update is then recognised and ignored. */
  async function reasonTaken(userId: number, updateId: number): Promise<void> {
    await redis.set(keys.awaiting(userId), `done|${updateId}`, "EX", DONE_REASON_SECONDS);
  }

  async function cancelReason(userId: number): Promise<void> {
    await redis.del(keys.awaiting(userId));
  }

  /**
   * "Remind the missing" for one unit: claimed for `ttlSeconds` (SET NX EX); when someone asked within that time,
   * returns who and when instead.
   */
  async function claimAsk(form: string, period: string, unit: string, by: number, at: number, ttlSeconds: number): Promise<{ by: number; at: number } | null> {
    const key = keys.asked(form, period, unit);
    if (ttlSeconds <= 0) return null;
    const set = await redis.set(key, JSON.stringify({ by, at }), "EX", ttlSeconds, "NX");
    if (set === "OK") return null;
    const previous = await redis.get(key);
    if (previous === null) return null;
    const parsed = JSON.parse(previous) as { by: number; at: number };
    return { by: Number(parsed.by), at: Number(parsed.at) };
  }

  /** A short lease (SET NX PX): true when this owner got it. */
  async function lease(name: string, owner: string, ms: number): Promise<boolean> {
    return (await redis.set(keys.lease(name), owner, "PX", ms, "NX")) === "OK";
  }

  async function release(name: string, owner: string): Promise<void> {
    await scripted.calRelease(keys.lease(name), owner);
  }

  /**
   * Whether a report counts as late: lateness belongs to its first version (a correction, made while the period is
   * open or inside an approved reopening, keeps it). One round trip: the oldest kept version, else the report.
   */
  async function firstVersionLate(form: string, unit: string, period: string): Promise<boolean> {
    const [first, current] = await execPipeline(
      redis.pipeline().lindex(storeKeys.versions(form, unit, period), 0).hget(storeKeys.report(form, unit, period), "late"),
    );
    if (typeof first === "string") return (JSON.parse(first) as { late?: string }).late === "1";
    return current === "1";
  }

  async function getCursor(form: string): Promise<string | null> {
    return redis.get(keys.cursor(form));
  }

  async function setCursor(form: string, id: string): Promise<void> {
    await redis.set(keys.cursor(form), id);
  }

  return {
    ...createReopen(redis, keys),
    ...steps,
    mute,
    unmute,
    mutes,
    claimMoments,
    completeMoments,
    momentState,
    awaitReason,
    reasonState,
    reasonTaken,
    cancelReason,
    claimAsk,
    firstVersionLate,
    lease,
    release,
    getCursor,
    setCursor,
  };
}

export type CalendarStore = ReturnType<typeof createCalendar>;
