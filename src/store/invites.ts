// Access in Redis: invites, revoking a person, the names shown in /users, and the counter of wrong invite codes.
//
// Keys (all under the region's hash tag, beside those of keys.ts):
//   keys.invite(code)        hash: one invite: role, unit?, forms?, lang?, by, created, expires, state (open|used|revoked),
//                            usedBy?, usedAt?. The key holds only the code's SHA-256 (the invite id), never the code.
//   <root>invites            sorted set: ids of open invites, scored by expiry (ms of the bot's clock), for listing and revoking.
//   <root>names              hash: Telegram id → first name, as Telegram gave it when the person redeemed or was last active.
//   <root>redeemhold:<id>    string: the id of an invite that would change this person's role, until they confirm (10 min).
//   <root>redeemfail:<id>    string: wrong codes sent by a Telegram user in the current window; expires with the window.
//
// Validity is judged by the bot's injected clock (the `expires` field); Redis TTLs only clean up, a while later, so
// that a used, revoked or expired code can still be told apart from one that never existed.
import { createHash } from "node:crypto";
import type { Keys } from "./keys.ts";
import { assertSegment } from "./keys.ts";
import { execPipeline, type RedisClient } from "./redis.ts";
import type { Locale } from "../domain/locale.ts";
import type { Role } from "../domain/people.ts";

export interface InviteGrant {
  role: Role;
  unit?: string;
  /** Region users limited to these forms; absent: every form. */
  forms?: string[];
  /** The language the person starts with, unless they chose one before. */
  lang?: Locale;
}

export type InviteState = "open" | "used" | "revoked";

export interface InviteRecord extends InviteGrant {
  /** SHA-256 of the code, hex: safe to show and to log. */
  id: string;
  by: number;
  created: number;
  expires: number;
  state: InviteState;
  usedBy?: number;
  usedAt?: number;
}

export type TakeResult =
  | { status: "ok"; invite: InviteRecord }
  | { status: "unknown" | "used" | "revoked" | "expired" };

export interface InviteStoreOptions {
  /** How long a used, revoked or expired invite is remembered after its expiry (default 30 days). */
  retainMs?: number;
  /** Told after a write of a person's record (redeem, revoke): users.written. */
  userWritten?: (id: number) => void;
}

/** The invite id: what keys.invite(code) keeps of a code. */
export function inviteIdOf(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

// Takes an open, unexpired invite and binds the person in one step: two presses at once, one wins.
// KEYS: 1 invite, 2 user, 3 user index, 4 invite index, 5 names, 6 wrong-code counter.
// ARGV: 1 now (ms), 2 user id, 3 first name ('' for none), 4 invite id.
const TAKE_INVITE_LUA = `
local invite = redis.call('HMGET', KEYS[1], 'state', 'expires', 'role', 'unit', 'forms', 'lang')
local state = invite[1]
if not state then return {'unknown'} end
if state ~= 'open' then return {state} end
if tonumber(invite[2]) <= tonumber(ARGV[1]) then return {'expired'} end
redis.call('HSET', KEYS[1], 'state', 'used', 'usedBy', ARGV[2], 'usedAt', ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[4])
local lang = redis.call('HGET', KEYS[2], 'lang')
if not lang then lang = invite[6] end
redis.call('DEL', KEYS[2])
local fields = {'id', ARGV[2], 'role', invite[3], 'lastSeen', ARGV[1]}
if invite[4] then fields[#fields + 1] = 'unit'; fields[#fields + 1] = invite[4] end
if invite[5] then fields[#fields + 1] = 'forms'; fields[#fields + 1] = invite[5] end
if lang then fields[#fields + 1] = 'lang'; fields[#fields + 1] = lang end
if ARGV[3] ~= '' then fields[#fields + 1] = 'name'; fields[#fields + 1] = ARGV[3] end
redis.call('HSET', KEYS[2], unpack(fields))
redis.call('SADD', KEYS[3], ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[5], ARGV[2], ARGV[3]) end
redis.call('DEL', KEYS[6])
return {'ok'}
`;

// KEYS: 1 invite, 2 invite index. ARGV: 1 invite id. Returns ok, or the state that stopped it (unknown, used, revoked).
const REVOKE_INVITE_LUA = `
local state = redis.call('HGET', KEYS[1], 'state')
redis.call('ZREM', KEYS[2], ARGV[1])
if not state then return 'unknown' end
if state ~= 'open' then return state end
redis.call('HSET', KEYS[1], 'state', 'revoked')
return 'ok'
`;

// Marks a person revoked and clears their pointer to an open draft (the unit's draft itself stays). KEYS: 1 user.
const REVOKE_USER_LUA = `
if redis.call('HEXISTS', KEYS[1], 'role') == 0 then return 0 end
redis.call('HSET', KEYS[1], 'revoked', '1')
redis.call('HDEL', KEYS[1], 'draft')
return 1
`;

// KEYS: 1 counter. ARGV: 1 window (ms). Returns {count, ms left in the window}.
const COUNT_FAILURE_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
`;

type AccessRedis = RedisClient & {
  takeInvite(...keysAndArgs: string[]): Promise<string[]>;
  revokeInvite(...keysAndArgs: string[]): Promise<string>;
  revokeUser(key: string): Promise<number>;
  countFailure(key: string, windowMs: string): Promise<[number, number]>;
};

function defineAccessScripts(redis: RedisClient): AccessRedis {
  if (!("takeInvite" in redis)) {
    redis.defineCommand("takeInvite", { numberOfKeys: 6, lua: TAKE_INVITE_LUA });
    redis.defineCommand("revokeInvite", { numberOfKeys: 2, lua: REVOKE_INVITE_LUA });
    redis.defineCommand("revokeUser", { numberOfKeys: 1, lua: REVOKE_USER_LUA });
    redis.defineCommand("countFailure", { numberOfKeys: 1, lua: COUNT_FAILURE_LUA });
  }
  return redis as AccessRedis;
}

export function createInvites(plainRedis: RedisClient, keys: Keys, options: InviteStoreOptions = {}) {
  const redis = defineAccessScripts(plainRedis);
  const retainMs = options.retainMs ?? 30 * 86_400_000;
  const inviteKey = keys.inviteById;
  const indexKey = keys.inviteIndex();
  const namesKey = keys.names();
  const failureKey = keys.redeemFailures;

  /** Stores a new invite under the hash of its code (one MULTI); returns its id. */
  async function saveInvite(code: string, invite: InviteGrant & { by: number; created: number; expires: number }): Promise<string> {
    const id = inviteIdOf(code);
    const key = keys.invite(code);
    const fields: Record<string, string> = {
      role: invite.role,
      by: String(invite.by),
      created: String(invite.created),
      expires: String(invite.expires),
      state: "open",
    };
    if (invite.unit !== undefined) {
      assertSegment(invite.unit, "unit id");
      fields.unit = invite.unit;
    }
    if (invite.forms !== undefined && invite.forms.length > 0) {
      for (const form of invite.forms) assertSegment(form, "form id");
      fields.forms = invite.forms.join(",");
    }
    if (invite.lang !== undefined) fields.lang = invite.lang;
    // A relative TTL: the bot's clock may be set apart from Redis's (sandbox, tests).
    const ttl = Math.max(invite.expires - invite.created, 0) + retainMs;
    await execPipeline(
      redis
        .multi()
        .hset(key, fields)
        .pexpire(key, ttl)
        .zadd(indexKey, invite.expires, id)
        .zremrangebyscore(indexKey, "-inf", `(${invite.created}`),
    );
    return id;
  }

  /** Takes the invite and binds the person to its grant, atomically (see TAKE_INVITE_LUA). */
  async function takeInvite(code: string, user: { id: number; name?: string }, now: number): Promise<TakeResult> {
    return takeInviteById(inviteIdOf(code), user, now);
  }

  /** takeInvite by the invite's id: a change of role the person confirmed (the code itself was never kept). */
  async function takeInviteById(id: string, user: { id: number; name?: string }, now: number): Promise<TakeResult> {
    const [status] = await redis
      .takeInvite(
      inviteKey(id),
      keys.user(user.id),
      keys.userIndex(),
      indexKey,
      namesKey,
      failureKey(user.id),
      String(now),
      String(user.id),
        user.name ?? "",
        id,
      )
      .finally(() => options.userWritten?.(user.id));
    if (status !== "ok") return { status: status as Exclude<TakeResult["status"], "ok"> };
    const invite = await getInvite(id);
    if (!invite) throw new Error("an invite taken a moment ago is gone");
    return { status: "ok", invite };
  }

  /** An invite that would change a person's role, held (by id only) until they confirm: SET EX, replacing any other. */
  async function holdInvite(userId: number, id: string, ttlSeconds: number): Promise<void> {
    await redis.set(`${keys.root}redeemhold:${userId}`, id, "EX", ttlSeconds);
  }

  /** The invite held for this person, taken off hold (GETDEL): null when none or expired. */
  async function takeHeldInvite(userId: number): Promise<string | null> {
    return redis.getdel(`${keys.root}redeemhold:${userId}`);
  }

  /** One HGETALL. */
  async function getInvite(id: string): Promise<InviteRecord | null> {
    return parseInvite(id, await redis.hgetall(inviteKey(id)));
  }

  /** Open invites not expired at `now`, soonest expiry first (two round trips). */
  async function listOpenInvites(now: number): Promise<InviteRecord[]> {
    const ids = await redis.zrangebyscore(indexKey, `(${now}`, "+inf");
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(inviteKey(id));
    const replies = await execPipeline(pipeline);
    return ids.flatMap((id, i) => {
      const invite = parseInvite(id, replies[i] as Record<string, string>);
      return invite?.state === "open" ? [invite] : [];
    });
  }

  /** Ids of open invites starting with `prefix` (for revoking by a short id). */
  async function findInviteIds(prefix: string): Promise<string[]> {
    const wanted = prefix.toLowerCase();
    if (!/^[0-9a-f]{1,64}$/.test(wanted)) return [];
    return (await redis.zrange(indexKey, "0", "-1")).filter((id) => id.startsWith(wanted));
  }

  async function revokeInvite(id: string): Promise<"ok" | "unknown" | "used" | "revoked"> {
    if (!/^[0-9a-f]{64}$/.test(id)) return "unknown";
    return (await redis.revokeInvite(inviteKey(id), indexKey, id)) as "ok" | "unknown" | "used" | "revoked";
  }

  /** Marks the person revoked and clears their open-draft pointer; false when there is no such person. */
  async function revokeUser(userId: number): Promise<boolean> {
    try {
      return (await redis.revokeUser(keys.user(userId))) === 1;
    } finally {
      options.userWritten?.(userId);
    }
  }

  /** Wrong codes of a user in the current window, and how long the window still runs (one round trip). */
  async function failures(userId: number): Promise<{ count: number; msLeft: number }> {
    const key = failureKey(userId);
    const [count, msLeft] = await execPipeline(redis.pipeline().get(key).pttl(key));
    return { count: Number(count ?? 0), msLeft: Math.max(Number(msLeft), 0) };
  }

  /** Counts one more wrong code; the window starts with the first. */
  async function countFailure(userId: number, windowMs: number): Promise<{ count: number; msLeft: number }> {
    const [count, msLeft] = await redis.countFailure(failureKey(userId), String(windowMs));
    return { count: Number(count), msLeft: Math.max(Number(msLeft), 0) };
  }

  async function setName(userId: number, name: string): Promise<void> {
    await redis.hset(namesKey, String(userId), name);
  }

  /** First names by Telegram id, for the ids that have one (one HMGET). */
  async function getNames(userIds: readonly number[]): Promise<Map<number, string>> {
    if (userIds.length === 0) return new Map();
    const names = await redis.hmget(namesKey, ...userIds.map(String));
    return new Map(userIds.flatMap((id, i) => (names[i] ? [[id, names[i]] as const] : [])));
  }

  async function removeName(userId: number): Promise<void> {
    await redis.hdel(namesKey, String(userId));
  }

  return {
    saveInvite,
    takeInvite,
    takeInviteById,
    holdInvite,
    takeHeldInvite,
    getInvite,
    listOpenInvites,
    findInviteIds,
    revokeInvite,
    revokeUser,
    failures,
    countFailure,
    setName,
    getNames,
    removeName,
  };
}

export type InviteStore = ReturnType<typeof createInvites>;

const STATES: readonly string[] = ["open", "used", "revoked"];

function parseInvite(id: string, hash: Record<string, string>): InviteRecord | null {
  if (!hash.state || !STATES.includes(hash.state) || !hash.role) return null;
  const invite: InviteRecord = {
    id,
    role: hash.role as Role,
    by: Number(hash.by ?? 0),
    created: Number(hash.created ?? 0),
    expires: Number(hash.expires ?? 0),
    state: hash.state as InviteState,
  };
  if (hash.unit) invite.unit = hash.unit;
  if (hash.forms) invite.forms = hash.forms.split(",");
  if (hash.lang) invite.lang = hash.lang as Locale;
  if (hash.usedBy) invite.usedBy = Number(hash.usedBy);
  if (hash.usedAt) invite.usedAt = Number(hash.usedAt);
  return invite;
}
