// "Remind the missing", called from a summary: reminders to the units that have not reported go out at once through
// the outbox, each unit at most once per `remindAgainAfterMinutes`, and who asked is recorded and named.
import { formUnitIds, type FormDefinition } from "../../domain/forms.ts";
import type { Locale } from "../../domain/locale.ts";
import { parsePeriodId } from "../../domain/periods.ts";
import type { BotDeps } from "../deps.ts";
import type { CalendarStep, Mute } from "../../store/calendar.ts";
import type { OutboxMessage } from "../../outbox/index.ts";
import { districtUsersByUnit, localeOf } from "./recipients.ts";
import { settingsFor } from "../../domain/calendarSettings.ts";
import { periodOfForm, standing } from "../../domain/calendar.ts";
import { translator } from "../translate.ts";
import { unitLabel } from "../../reports/format.ts";
import { personName, readerOf, reminderKeyboard, reminderText, when } from "./texts.ts";

export type RemindDeps = Pick<BotDeps, "outbox" | "store" | "region" | "forms" | "clock" | "logger" | "timeZone">;

export interface RemindMissingRequest {
  form: string;
  period: string;
  /** Telegram id of who asked: recorded, and named in the reminder. The caller checks they may see the form. */
  askedBy: number;
  /** Only these units (default: every unit of the form that has not reported). */
  units?: readonly string[];
}

export interface RemindMissingResult {
  /** Units reminded now, with how many people will get the reminder. */
  reminded: { unit: string; recipients: number }[];
  /** Units that have reported meanwhile: nothing sent. */
  reported: string[];
  /** Units that muted their reminders for this period with a reason: nothing sent. */
  muted: Mute[];
  /** Units with no district user to write to. */
  unreachable: string[];
  /** Units reminded by someone within the last `remindAgainAfterMinutes`: nothing sent again. */
  recently: { unit: string; by: number; at: number }[];
  /** Outbox job ids: the messages are sent by the outbox worker of any running instance. */
  jobIds: string[];
  /** The period is locked: a reminder could only ask for a report nobody may submit, so nothing was sent. */
  locked: boolean;
}

/**
 * Whether "remind the missing" can be true for a form's period now: the period is still open and some unit has
 * neither reported nor said why it has nothing to report (muted with a reason). One HGETALL, only when open.
 */
export async function canRemindMissing(deps: Pick<RemindDeps, "store" | "clock" | "timeZone">, form: FormDefinition, period: string, missing: readonly string[]): Promise<boolean> {
  if (missing.length === 0 || periodOfForm(form, period, deps.timeZone) === undefined) return false;
  if (standing(form, period, deps.clock.now(), deps.timeZone).stage === "locked") return false;
  const mutes = await deps.store.calendar.mutes(form.id, period);
  return missing.some((unit) => !mutes.has(unit));
}

export async function remindMissing(deps: RemindDeps, request: RemindMissingRequest): Promise<RemindMissingResult> {
  const form = deps.forms.find((f) => f.id === request.form);
  if (!form) throw new RangeError(`remindMissing: no form "${request.form}"`);
  parsePeriodId(request.period);
  const { store, region, timeZone } = deps;
  const settings = settingsFor(deps);
  const now = deps.clock.now();
  const expected = formUnitIds(form, region);
  const asked = request.units ? expected.filter((unit) => request.units!.includes(unit)) : expected;
  const [reports, mutes, users, names] = await Promise.all([
    store.reports.getReportsForUnits(form.id, request.period, asked),
    store.calendar.mutes(form.id, request.period),
    store.users.listUsers(),
    store.invites.getNames([request.askedBy]),
  ]);
  const result: RemindMissingResult = { reminded: [], reported: [], muted: [], unreachable: [], recently: [], jobIds: [], locked: false };
  if (standing(form, request.period, now, timeZone).stage === "locked") {
    result.locked = true;
    return result;
  }
  const byUnit = districtUsersByUnit(users, asked);
  const messages: OutboxMessage[] = [];
  const steps: CalendarStep[] = [];
  for (const unit of asked) {
    if (reports.has(unit)) {
      result.reported.push(unit);
      continue;
    }
    const mute = mutes.get(unit);
    if (mute) {
      result.muted.push(mute);
      continue;
    }
    const people = byUnit.get(unit) ?? [];
    if (people.length === 0) {
      result.unreachable.push(unit);
      continue;
    }
    const previous = await store.calendar.claimAsk(form.id, request.period, unit, request.askedBy, now.getTime(), settings.remindAgainAfterMinutes * 60);
    if (previous) {
      result.recently.push({ unit, ...previous });
      continue;
    }
    for (const person of people) {
      const reader = readerOf(translator(), localeOf(person), timeZone);
      messages.push({
        id: `remind/${form.id}/${request.period}/${unit}/${now.getTime()}/${person.id}`,
        chatId: person.id,
        text: reminderText(reader, region, { form, unit, period: request.period, now, askedBy: personName(reader, request.askedBy, names) }),
        keyboard: reminderKeyboard(reader, form.id, request.period),
        kind: "remind",
      });
    }
    result.reminded.push({ unit, recipients: people.length });
    steps.push({ kind: "remind", form: form.id, unit, period: request.period, by: request.askedBy, at: now.getTime(), recipients: people.length });
  }
  const jobs = await deps.outbox.enqueue(messages);
  await store.calendar.record(...steps);
  result.jobIds = jobs.map((job) => job.id!);
  deps.logger.info({ event: "remind-missing", form: form.id, period: request.period, by: request.askedBy, units: result.reminded.map((r) => r.unit) }, "remind the missing");
  return result;
}

/** The answer to whoever asked, in their language (for the summary feature's reply). */
export function remindResultText(t: (key: string, variables?: Record<string, string | number>) => string, deps: Pick<BotDeps, "region" | "timeZone">, locale: Locale, result: RemindMissingResult): string {
  const names = (units: readonly string[]) => units.map((unit) => unitLabel(deps.region, unit, locale)).join(", ");
  const lines: string[] = [];
  if (result.locked) return t("calendar-remind-locked");
  if (result.reminded.length > 0) lines.push(t("calendar-remind-sent", { count: result.reminded.length, names: names(result.reminded.map((r) => r.unit)) }));
  else lines.push(t("calendar-remind-none"));
  if (result.recently.length > 0) {
    const reader = { locale, t, timeZone: deps.timeZone };
    lines.push(t("calendar-remind-recently", { names: result.recently.map((r) => `${unitLabel(deps.region, r.unit, locale)} (${when(reader, r.at)})`).join(", ") }));
  }
  if (result.muted.length > 0) lines.push(t("calendar-remind-muted", { names: result.muted.map((m) => `${unitLabel(deps.region, m.unit, locale)}: «${m.reason}»`).join("; ") }));
  if (result.unreachable.length > 0) lines.push(t("calendar-remind-unreachable", { names: names(result.unreachable) }));
  return lines.join("\n");
}
