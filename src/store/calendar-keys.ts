// Key layout of the reporting calendar (reopening, mutes, reminders, the outbox). Every key lives under the
// store's root `${prefix}{${regionId}}:`, so all of them share the region's Redis Cluster slot.
//
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
//   cal:gate:<chat>                   string: per-chat send gate of the outbox (PX)
//   cal:sent:<job id>                 string: the outbox sent this job's message (EX 8 days): a re-run never sends twice
//   bull:*                            BullMQ's queues (prefix `${root}bull`)
import { assertSegment } from "./keys.ts";

const MOMENT_PART = /^[A-Za-z0-9_.-]{1,64}$/;
const JOB_ID = /^[A-Za-z0-9_.\-/]{1,200}$/;

function seg(value: string, what: string): string {
  assertSegment(value, what);
  return value;
}

export function createCalendarKeys(root: string) {
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
      if (!Number.isSafeInteger(userId)) throw new TypeError(`user id must be an integer: ${userId}`);
      return `${root}cal:await:${userId}`;
    },
    asked: (form: string, period: string, unit: string) => `${root}cal:asked:${seg(form, "form id")}:${seg(period, "period")}:${seg(unit, "unit id")}`,
    cursor: (form: string) => `${root}cal:cursor:${seg(form, "form id")}`,
    lease: (name: string) => `${root}cal:lease:${seg(name, "lease name")}`,
    gate: (chatId: number) => {
      if (!Number.isSafeInteger(chatId)) throw new TypeError(`chat id must be an integer: ${chatId}`);
      return `${root}cal:gate:${chatId}`;
    },
    sent: (jobId: string) => {
      if (!JOB_ID.test(jobId)) throw new TypeError(`not an outbox job id: ${JSON.stringify(jobId)}`);
      return `${root}cal:sent:${jobId}`;
    },
    /** BullMQ's key prefix: its keys become `<root>bull:<queue>:…`, in the region's slot. */
    bullPrefix: `${root}bull`,
  };
}

export type CalendarKeys = ReturnType<typeof createCalendarKeys>;
