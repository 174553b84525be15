// The whole Redis key layout, in one place.
//
// Every key is `${prefix}{${regionId}}:<kind>:...`. The `{regionId}` hash tag puts all keys of a region
// in one Redis Cluster slot, so the submit script (which touches up to 21 keys) and every pipeline run on one node.
// Id segments (unit, form, figure, period, region) are restricted to [A-Za-z0-9_.-] so `:` `{` `}` never appear
// inside a segment and every key can be read back unambiguously.
//
// Numbers: values and totals are integers stored as decimal strings. Totals are changed with HINCRBY (64-bit
// integers in Redis); the submit script computes deltas as Lua doubles, exact while |value| ≤ 2^53 − 1
// (Number.MAX_SAFE_INTEGER), which is also the limit of a JS number. Values beyond it are rejected on submit
// and totals beyond it throw on read instead of being returned rounded.
//
// The reporting calendar's keys (`keys.calendar`, all `cal:…`), the outbox's and BullMQ's:
//   cal:req:<form>:<unit>:<period>    hash: the latest reopening request of a report: n (request number), status
//                                     (pending | approved | rejected), by, at, reason, upd (update id), decidedBy,
//                                     decidedAt, until (ms), notices (JSON [{chat, message}] of the leadership's copies)
//   cal:open:<unit>                   hash: `<form>:<period>` → until (ms): reopenings granted to a unit
//   cal:mute:<form>:<period>          hash: `<unit>` → JSON {by, at, reason}: units whose reminders are muted
//   cal:steps:<form>:<unit>:<period>  list: JSON steps of one report's calendar (reminders, mutes, reopening), oldest first
//   cal:log                           stream: every calendar step and fired moment, for operations (capped at ~100k)
//   cal:fired:<moment id>             string: a moment's claim: "lease:<owner>" (PX) while it is being sent, then JSON done
//   cal:await:<user>                  string: the reason the bot waits for from a user: "pending|<JSON>" or "done|<update>"
//   cal:asked:<form>:<period>:<unit>  string: JSON {by, at} of the last "remind the missing" of a unit (EX)
//   cal:cursor:<form>                 string: the last audit entry checked for corrections made after the lock
//   cal:lease:<name>                  string: a short lease (PX) so one instance at a time does a job
//   cal:gate:<chat>                   string: per-chat send gate of the outbox (PX)               (keys.outboxGate)
//   cal:sent:<job id>                 string: the outbox sent this job's message (EX 8 days)      (keys.outboxSent)
//   bull:*                            BullMQ's queues (prefix `${root}bull`)                      (keys.bullPrefix)
import { createHash } from "node:crypto";

const SEGMENT = /^[A-Za-z0-9_.-]{1,64}$/;

/** Throws unless `value` can be used as one segment of a key (unit, form, figure, period, region id). */
export function assertSegment(value: string, what: string): void {
  if (!SEGMENT.test(value)) throw new TypeError(`${what} must match ${SEGMENT}: ${JSON.stringify(value)}`);
}

function assertTelegramId(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${what} must be an integer: ${value}`);
}

/** A draft's place: one unit's report of one form for one period. */
export interface DraftRef {
  unit: string;
  form: string;
  period: string;
}

/** The draft id: the key suffix after `draft:`, kept in the user hash field `draft` as the pointer to the open draft. */
export function draftId(ref: DraftRef): string {
  assertSegment(ref.form, "form id");
  assertSegment(ref.unit, "unit id");
  assertSegment(ref.period, "period");
  return `${ref.form}:${ref.unit}:${ref.period}`;
}

export function parseDraftId(id: string): DraftRef {
  const [form, unit, period, extra] = id.split(":");
  if (form === undefined || unit === undefined || period === undefined || extra !== undefined) {
    throw new TypeError(`not a draft id: ${JSON.stringify(id)}`);
  }
  const ref = { form, unit, period };
  draftId(ref);
  return ref;
}

const MOMENT_PART = /^[A-Za-z0-9_.-]{1,64}$/;
const JOB_ID = /^[A-Za-z0-9_.\-/]{1,200}$/;

function seg(value: string, what: string): string {
  assertSegment(value, what);
  return value;
}

/** The reporting calendar's keys under the store's root (layout above). */
function calendarKeys(root: string) {
  const report = (form: string, unit: string, period: string) => `${seg(form, "form id")}:${seg(unit, "unit id")}:${seg(period, "period")}`;
  return {
    request: (form: string, unit: string, period: string) => `${root}cal:req:${report(form, unit, period)}`,
    reopened: (unit: string) => `${root}cal:open:${seg(unit, "unit id")}`,
    mutes: (form: string, period: string) => `${root}cal:mute:${seg(form, "form id")}:${seg(period, "period")}`,
    steps: (form: string, unit: string, period: string) => `${root}cal:steps:${report(form, unit, period)}`,
    log: () => `${root}cal:log`,
    fired: (momentId: string) => {
      if (!momentId.split(":").every((part) => MOMENT_PART.test(part))) throw new TypeError(`not a moment id: ${JSON.stringify(momentId)}`);
      return `${root}cal:fired:${momentId}`;
    },
    awaiting: (userId: number) => {
      assertTelegramId(userId, "user id");
      return `${root}cal:await:${userId}`;
    },
    asked: (form: string, period: string, unit: string) => `${root}cal:asked:${seg(form, "form id")}:${seg(period, "period")}:${seg(unit, "unit id")}`,
    cursor: (form: string) => `${root}cal:cursor:${seg(form, "form id")}`,
    lease: (name: string) => `${root}cal:lease:${seg(name, "lease name")}`,
  };
}

export type CalendarKeys = ReturnType<typeof calendarKeys>;

export function createKeys(prefix: string, regionId: string) {
  assertSegment(regionId, "region id");
  const root = `${prefix}{${regionId}}:`;
  const report3 = (form: string, unit: string, period: string): string => {
    assertSegment(form, "form id");
    assertSegment(unit, "unit id");
    assertSegment(period, "period");
    return `${form}:${unit}:${period}`;
  };
  const formMonth = (form: string, month: string): string => {
    assertSegment(form, "form id");
    assertSegment(month, "month");
    return `${form}:${month}`;
  };
  return {
    /** Common start of every key of this region (for SCAN MATCH in tests and admin tools). */
    root,
    /**
     * hash: user record by Telegram user id: role, unit, forms, lang, draft (pointer: the open draft's id), step (that
     * draft's cursor as this user last left it), revoked, lastSeen, name (first name when last seen), conv (the state
     * of a short dialogue in the private chat, conversations plugin).
     */
    user: (userId: number): string => {
      assertTelegramId(userId, "user id");
      return `${root}user:${userId}`;
    },
    /** The start of every user record's key (the identity cache's tracking prefix). */
    userPrefix: (): string => `${root}user:`,
    /** set: Telegram ids of every user with a record (listUsers without SCAN). */
    userIndex: (): string => `${root}users`,
    /** hash: chat id → language, for chats whose user has no record yet (the language picked before an invite). */
    chatLanguages: (): string => `${root}chatlang`,
    /**
     * hash: update id → the update as Telegram sent it (JSON): updates taken from long polling and not yet handled,
     * kept so that Telegram can be told they are taken while they are being handled (see inbox.ts, bot/polling.ts).
     */
    inbox: (): string => `${root}inbox`,
    /** hash: a draft (per unit × form × period, shared by the unit's users), see drafts.ts; expires (default 60 days). */
    draft: (id: string): string => `${root}draft:${draftId(parseDraftId(id))}`,
    /** The start of every draft's key (the identity cache's second tracking prefix). */
    draftPrefix: (): string => `${root}draft:`,
    /** hash: the current report: `n:<figure>` integers, `t:<figure>` texts, version, by, at, upd, reason?, late? (id = form/period/unit/v<version>). */
    report: (form: string, unit: string, period: string): string => `${root}report:${report3(form, unit, period)}`,
    /** SCAN MATCH pattern of every current report of the region. */
    reportPattern: (): string => `${root}report:*`,
    /** The unit, form and period a report key names (the reverse of report()). */
    parseReport: (key: string): DraftRef => {
      if (!key.startsWith(`${root}report:`)) throw new TypeError(`not a report key: ${key}`);
      return parseDraftId(key.slice(`${root}report:`.length));
    },
    /** list: the earlier versions of a report (the current one is the report hash), oldest first, as JSON {version, by, at, upd, reason?, late?, values}. */
    versions: (form: string, unit: string, period: string): string => `${root}versions:${report3(form, unit, period)}`,
    /** stream: audit trail of a form, one entry per submission or correction (who, when, update id, old → new values). */
    audit: (form: string): string => {
      assertSegment(form, "form id");
      return `${root}audit:${form}`;
    },
    /** hash: regional totals of a form for a month: `<figure>` = Σ units' values that month; `<figure>:last` = carry-forward Σ. */
    totals: (form: string, month: string): string => `${root}totals:${formMonth(form, month)}`,
    /** set: ids of the units that have reported a form for a month. */
    reported: (form: string, month: string): string => `${root}reported:${formMonth(form, month)}`,
    /** hash: a form's numbers for a month by unit: `<unit>` = `<figure>=<value>;…` of its current report (what coverage is counted from). */
    cover: (form: string, month: string): string => `${root}cover:${formMonth(form, month)}`,
    /** hash: one unit's numbers by period: `<period>` = `<figure>=<value>;…` of its current report, `-` none (what a draft's review reads). */
    history: (form: string, unit: string): string => {
      assertSegment(form, "form id");
      assertSegment(unit, "unit id");
      return `${root}history:${form}:${unit}`;
    },
    /** string: set once every report stored before the history hashes were kept is in them (reports.buildHistories). */
    historiesBuilt: (): string => `${root}history-built`,
    /** hash: one unit's "last" figures over a year: `<MM>` = "1" if reported that month, `<MM>:<figure>` = its value then. */
    carry: (form: string, unit: string, year: string): string => `${root}carry:${report3(form, unit, year)}`,
    /**
     * string: the key an import's submission names in the script's first slot (a bot update's replay is found in the
     * report's versions and claims nothing here; with REDIS_WAIT_REPLICAS a minute-long marker, the write WAIT counts).
     */
    claim: (updateId: number): string => {
      assertTelegramId(updateId, "update id");
      return `${root}claim:${updateId}`;
    },
    /** string: a filled spreadsheet's update id, once its values became a draft (a redelivery changes nothing); expires. */
    fileClaim: (updateId: number): string => {
      assertTelegramId(updateId, "update id");
      return `${root}claim:file:${updateId}`;
    },
    /** string: idempotency claim of one imported report version (instead of an update id's); `digest` names its content. */
    importClaim: (form: string, unit: string, period: string, version: number, digest: string): string => {
      assertTelegramId(version, "version");
      assertSegment(digest, "digest");
      return `${root}claim:import:${report3(form, unit, period)}:v${version}:${digest}`;
    },
    /** string: the per-chat lock of several bot instances (webhook mode): the holder's random token; expires, see bot/chatLock.ts. */
    chatLock: (chatId: number): string => {
      assertTelegramId(chatId, "chat id");
      return `${root}lock:chat:${chatId}`;
    },
    /** string: an unknown person was told once (EX an hour): the next notice waits. */
    notice: (userId: number): string => {
      assertTelegramId(userId, "user id");
      return `${root}notice:${userId}`;
    },
    /** string: a short dialogue's replay state (conversations plugin, JSON), by its storage key (the chat id). */
    conversation: (storageKey: string): string => `${root}conv:${storageKey}`,
    /** hash: an invite, keyed by the SHA-256 of its code so a dump of Redis reveals no usable code; expires. */
    invite: (code: string): string => `${root}invite:${createHash("sha256").update(code).digest("hex")}`,
    /** the same hash by the invite id (the code's SHA-256, what lists and revocations know of an invite). */
    inviteById: (id: string): string => {
      if (!/^[0-9a-f]{64}$/.test(id)) throw new TypeError(`not an invite id: ${JSON.stringify(id)}`);
      return `${root}invite:${id}`;
    },
    /** sorted set: invite ids by expiry time (the admin's list of open invites). */
    inviteIndex: (): string => `${root}invites`,
    /** hash: Telegram user id → the person's name as Telegram gave it when they redeemed or were added. */
    names: (): string => `${root}names`,
    /** string: a person's failed invite redemptions in the current window (slowing down guessing). */
    redeemFailures: (userId: number): string => {
      assertTelegramId(userId, "user id");
      return `${root}redeemfail:${userId}`;
    },
    /** The reporting calendar: reopening, mutes, steps, claims of moments, leases (layout above). */
    calendar: calendarKeys(root),
    /** string: the outbox's per-chat send gate (PX). */
    outboxGate: (chatId: number): string => {
      assertTelegramId(chatId, "chat id");
      return `${root}cal:gate:${chatId}`;
    },
    /** string: the outbox sent this job's message (EX 8 days): a re-run never sends twice. */
    outboxSent: (jobId: string): string => {
      if (!JOB_ID.test(jobId)) throw new TypeError(`not an outbox job id: ${JSON.stringify(jobId)}`);
      return `${root}cal:sent:${jobId}`;
    },
    /** BullMQ's key prefix (calendar checks, the outbox): its keys become `<root>bull:<queue>:…`, in the region's slot. */
    bullPrefix: `${root}bull`,
    /** stream: BullMQ's events of one queue (what its QueueEvents reads), under bullPrefix. */
    bullEvents: (queue: string): string => `${root}bull:${seg(queue, "queue name")}:events`,
  };
}

export type Keys = ReturnType<typeof createKeys>;
