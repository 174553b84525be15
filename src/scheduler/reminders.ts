// One check of the calendar (a "tick"): every moment due by the injected clock's now and not yet sent is claimed in
// Redis, its messages are queued in the outbox, and the claim is made permanent. Claims make it exactly once across
// bot instances; a moment missed while the bot was stopped is found by the next tick, sent, and logged as late.
import type { Job } from "bullmq";
import { formUnitIds, type FormDefinition } from "../domain/forms.ts";
import { deadlineOf, duePeriod } from "../domain/periods.ts";
import type { BotDeps } from "../bot/deps.ts";
import type { Translator } from "../bot/i18n.ts";
import type { AuditEntry } from "../store/audit.ts";
import type { CalendarStep } from "../store/calendar.ts";
import type { UserRecord } from "../store/users.ts";
import { dueMoments, type Moment } from "../domain/calendar.ts";
import { enqueue, type OutboxMessage, type OutboxQueue } from "../outbox/queue.ts";
import { districtUsersByUnit, leadersFor, localeOf } from "../bot/calendar/recipients.ts";
import type { CalendarSettings } from "../domain/calendarSettings.ts";
import { readNotes } from "../reports/notes.ts";
import { briefText, correctionText, digestText, personName, readerOf, reminderKeyboard, reminderText, type BriefLine } from "../bot/calendar/texts.ts";

/** A claim not made permanent within this time (the sender crashed) is free to be taken again. */
export const LEASE_MS = 120_000;
const DAY_MS = 86_400_000;
const AUDIT_PAGE = 200;

export interface CalendarEnv {
  deps: Pick<BotDeps, "store" | "region" | "forms" | "clock" | "logger" | "timeZone">;
  translate: Translator;
  settings: CalendarSettings;
  outbox: OutboxQueue;
  /** This instance's name in leases and the log. */
  owner: string;
}

export interface FiredMoment {
  id: string;
  kind: Moment["kind"];
  at: Date;
  late: boolean;
  /** A moment missed while stopped whose message went out with a later one of the same period. */
  supersededBy?: string;
}

export interface TickResult {
  now: Date;
  /** Moments this instance claimed and sent in this tick. */
  fired: FiredMoment[];
  /** The outbox jobs it queued (tests await them). */
  jobs: Job<OutboxMessage, string, string>[];
}

type Jobs = TickResult["jobs"];

export async function tick(env: CalendarEnv): Promise<TickResult> {
  const now = env.deps.clock.now();
  const result: TickResult = { now, fired: [], jobs: [] };
  const due = dueMoments(env.deps.forms, now, env.settings, env.deps.timeZone);
  let users: UserRecord[] | undefined;
  const everyone = async () => (users ??= await env.deps.store.users.listUsers());

  // A period's reminders are claimed together: several missed while stopped become one message per person.
  const groups = new Map<string, Moment[]>();
  for (const moment of due.filter((m) => m.kind === "reminder")) {
    const key = `${moment.form}:${moment.period}`;
    groups.set(key, [...(groups.get(key) ?? []), moment]);
  }
  const singles = due.filter((m) => m.kind !== "reminder").map((m) => [m]);

  for (const group of [...groups.values(), ...singles]) {
    const claimedIds = new Set(await env.deps.store.calendar.claimMoments(group.map((m) => m.id), env.owner, LEASE_MS));
    const claimed = group.filter((m) => claimedIds.has(m.id));
    const latest = claimed.at(-1);
    if (!latest) continue;
    const late = isLate(env, latest, now);
    if (latest.kind === "reminder") result.jobs.push(...(await sendReminders(env, latest, now, late, await everyone())));
    else if (latest.kind === "digest") result.jobs.push(...(await sendDigest(env, latest, late, await everyone())));
    else result.jobs.push(...(await sendBrief(env, latest, now, late, await everyone())));
    result.fired.push(...(await finish(env, claimed, latest, now)));
  }
  result.jobs.push(...(await showCorrections(env, now, everyone)));
  return result;
}

const isLate = (env: CalendarEnv, moment: Moment, now: Date) => now.getTime() - moment.at.getTime() > env.settings.lateGraceMinutes * 60_000;

/** Makes the claims permanent and logs each moment; a late one is a warning (the bot was not running at its time). */
async function finish(env: CalendarEnv, claimed: readonly Moment[], latest: Moment, now: Date): Promise<FiredMoment[]> {
  const { store, logger } = env.deps;
  const late = isLate(env, latest, now);
  await store.calendar.completeMoments(
    claimed.map((m) => m.id),
    { at: now.getTime(), owner: env.owner, late, sentWith: latest.id },
  );
  const fired: FiredMoment[] = [];
  for (const moment of claimed) {
    const entry: FiredMoment = { id: moment.id, kind: moment.kind, at: moment.at, late: isLate(env, moment, now) };
    if (moment !== latest) entry.supersededBy = latest.id;
    fired.push(entry);
    await store.calendar.log("moment", {
      id: moment.id,
      due: moment.at.toISOString(),
      fired: now.toISOString(),
      late: entry.late,
      owner: env.owner,
      ...(entry.supersededBy ? { supersededBy: entry.supersededBy } : {}),
    });
    if (entry.late) {
      const lateByMinutes = Math.round((now.getTime() - moment.at.getTime()) / 60_000);
      logger.warn(
        { event: "calendar-late", moment: moment.id, dueAt: moment.at.toISOString(), firedAt: now.toISOString(), lateByMinutes, supersededBy: entry.supersededBy },
        "calendar moment sent late: the bot was not running at its time",
      );
    } else logger.info({ event: "calendar-fired", moment: moment.id }, "calendar moment sent");
  }
  return fired;
}

const formById = (env: CalendarEnv, id: string | undefined): FormDefinition => {
  const form = env.deps.forms.find((f) => f.id === id);
  if (!form) throw new Error(`calendar: no form "${id}"`);
  return form;
};

const jobIdOf = (momentId: string, userId: number) => `${momentId.replaceAll(":", "/")}/${userId}`;

/** The reminder to every district user of each unit that has neither reported nor muted its reminders. */
async function sendReminders(env: CalendarEnv, moment: Moment, now: Date, late: boolean, users: readonly UserRecord[]): Promise<Jobs> {
  const { store, region, timeZone } = env.deps;
  const form = formById(env, moment.form);
  const period = moment.period!;
  const units = formUnitIds(form, region);
  const [reports, mutes] = await Promise.all([store.reports.getReportsForUnits(form.id, period, units), store.calendar.mutes(form.id, period)]);
  const missing = units.filter((unit) => !reports.has(unit) && !mutes.has(unit));
  const byUnit = districtUsersByUnit(users, missing);
  const messages: OutboxMessage[] = [];
  const steps: CalendarStep[] = [];
  const unreachable = missing.filter((unit) => !byUnit.has(unit));
  if (unreachable.length > 0) env.deps.logger.warn({ event: "calendar-no-recipient", units: unreachable, form: form.id, period }, "units to remind have no district user");
  for (const unit of missing) {
    const people = byUnit.get(unit) ?? [];
    if (people.length === 0) continue;
    for (const person of people) {
      const reader = readerOf(env.translate, localeOf(person), timeZone);
      messages.push({
        id: jobIdOf(moment.id, person.id),
        chatId: person.id,
        text: reminderText(reader, region, { form, unit, period, now }),
        keyboard: reminderKeyboard(reader, form.id, period),
        kind: "reminder",
        late,
      });
    }
    steps.push({ kind: "reminder", form: form.id, unit, period, by: 0, at: now.getTime(), late, recipients: people.length });
  }
  const jobs = await enqueue(env.outbox, messages);
  await store.calendar.record(...steps);
  return jobs;
}

/** The leadership's digest of one form's period, to every region user who may see the form. */
async function sendDigest(env: CalendarEnv, moment: Moment, late: boolean, users: readonly UserRecord[]): Promise<Jobs> {
  const { store, region, timeZone } = env.deps;
  const form = formById(env, moment.form);
  const period = moment.period!;
  const expected = formUnitIds(form, region);
  const [reports, mutes, notes] = await Promise.all([
    store.reports.getReportsForUnits(form.id, period, expected),
    store.calendar.mutes(form.id, period),
    readNotes(env.deps, form, [period]),
  ]);
  const messages = leadersFor(users, form.id).map((leader) => ({
    id: jobIdOf(moment.id, leader.id),
    chatId: leader.id,
    text: digestText(readerOf(env.translate, localeOf(leader), timeZone), region, { form, period, expected, reports, mutes, notes }),
    kind: "digest",
    late,
  }));
  return enqueue(env.outbox, messages);
}

/** The morning brief: each form the leader sees, its due period's completeness and deadline. */
async function sendBrief(env: CalendarEnv, moment: Moment, now: Date, late: boolean, users: readonly UserRecord[]): Promise<Jobs> {
  const { store, region, timeZone, forms } = env.deps;
  const lines: BriefLine[] = await Promise.all(
    forms.map(async (form) => {
      const period = duePeriod(form, now, timeZone);
      const expected = formUnitIds(form, region);
      const [reports, notes] = await Promise.all([store.reports.getReportsForUnits(form.id, period, expected), readNotes(env.deps, form, [period])]);
      return { form, period, reported: reports.size, expected: expected.length, region, notes };
    }),
  );
  const messages: OutboxMessage[] = [];
  for (const leader of users.filter((user) => !user.revoked && user.role === "region")) {
    const visible = lines.filter((line) => leadersFor([leader], line.form.id).length > 0);
    if (visible.length === 0) continue;
    const reader = readerOf(env.translate, localeOf(leader), timeZone);
    messages.push({ id: jobIdOf(moment.id, leader.id), chatId: leader.id, text: briefText(reader, now, visible), kind: "brief", late });
  }
  return enqueue(env.outbox, messages);
}

/**
 * Reports changed after their period locked (through a reopening) are shown to the leadership with every change,
 * once: each form's audit stream is read from a cursor under a lease; job ids make a retried batch harmless.
 */
async function showCorrections(env: CalendarEnv, now: Date, everyone: () => Promise<UserRecord[]>): Promise<Jobs> {
  const { store, logger } = env.deps;
  const jobs: Jobs = [];
  const oldest = now.getTime() - env.settings.catchUpDays * DAY_MS;
  for (const form of env.deps.forms) {
    const leaseName = `corrections.${form.id}`;
    if (!(await store.calendar.lease(leaseName, env.owner, LEASE_MS))) continue;
    try {
      let cursor = (await store.calendar.getCursor(form.id)) ?? undefined;
      for (;;) {
        const entries = await store.audit.readAudit(form.id, { ...(cursor ? { after: cursor } : {}), count: AUDIT_PAGE });
        for (const entry of entries) {
          if (entry.at >= oldest && madeAfterLock(env, form, entry.period, entry.at)) jobs.push(...(await showCorrection(env, form, entry, now, await everyone())));
        }
        if (entries.length > 0) {
          cursor = entries.at(-1)!.id;
          await store.calendar.setCursor(form.id, cursor);
        }
        if (entries.length < AUDIT_PAGE) break;
      }
    } catch (err) {
      logger.error({ err, event: "calendar-corrections", form: form.id }, "could not show corrections to the leadership");
    } finally {
      await store.calendar.release(leaseName, env.owner);
    }
  }
  return jobs;
}

function madeAfterLock(env: CalendarEnv, form: FormDefinition, period: string, at: number): boolean {
  try {
    return at >= deadlineOf(form, period, env.deps.timeZone).lockAt.getTime();
  } catch {
    return false; // a period id of another type (the form's period type changed): not ours to judge
  }
}

async function showCorrection(env: CalendarEnv, form: FormDefinition, entry: AuditEntry, now: Date, users: readonly UserRecord[]): Promise<Jobs> {
  const { store, region, timeZone } = env.deps;
  const request = (await store.calendar.getRequest(form.id, entry.unit, entry.period)) ?? undefined;
  const names = await store.invites.getNames([entry.by, ...(request?.decidedBy ? [request.decidedBy] : [])]);
  const leaders = leadersFor(users, form.id);
  const messages = leaders.map((leader) => {
    const reader = readerOf(env.translate, localeOf(leader), timeZone);
    return {
      id: `correction/${form.id}/${entry.id}/${leader.id}`,
      chatId: leader.id,
      text: correctionText(reader, region, {
        form,
        entry,
        authorName: personName(reader, entry.by, names),
        ...(request ? { request } : {}),
        ...(request?.decidedBy ? { deciderName: personName(reader, request.decidedBy, names) } : {}),
      }),
      kind: "correction",
    };
  });
  const jobs = await enqueue(env.outbox, messages);
  await store.calendar.record({ kind: "correction-shown", form: form.id, unit: entry.unit, period: entry.period, by: 0, at: now.getTime(), n: entry.version, recipients: leaders.length });
  return jobs;
}
