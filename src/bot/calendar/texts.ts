// What the calendar says, in the reader's language: deadlines said plainly (due, late, locked), reminders, the
// leadership's digest and morning brief, and a correction made after the lock. Plain text (no parse mode).
import type { InlineKeyboardButton } from "grammy/types";
import { sumUnits } from "../../domain/aggregate.ts";
import { numericFigures, type FormDefinition } from "../../domain/forms.ts";
import type { Locale } from "../../domain/locale.ts";
import { formatFigureValue, formatShare } from "../../domain/numbers.ts";
import { deadlineOf, formatDate, localDateParts, type PeriodDeadline } from "../../domain/periods.ts";
import type { Region } from "../../domain/region.ts";
import { menuAction } from "../callbacks.ts";
import type { Translator } from "../i18n.ts";
import type { StoredReport } from "../../store/reports.ts";
import type { AuditEntry } from "../../store/audit.ts";
import type { CalendarStep, Mute, ReopenRequest } from "../../store/calendar.ts";
import { muteAction } from "./actions.ts";
import { standing, type PeriodStanding } from "../../domain/calendar.ts";
import { changeLines } from "../../domain/changes.ts";
import { formLabel, unitLabel, periodName } from "../../reports/format.ts";
import { notesLines, type UnitNote } from "../../reports/notes.ts";

export interface Reader {
  locale: Locale;
  t: (key: string, variables?: Record<string, string | number>) => string;
  timeZone: string;
}

export function readerOf(translate: Translator, locale: Locale, timeZone: string): Reader {
  return { locale, t: (key, variables) => translate(locale, key, variables), timeZone };
}

export const when = (reader: Reader, at: Date | number) => formatDate(new Date(at), reader.locale, reader.timeZone, { time: true });
const clockTime = (reader: Reader, at: Date) => {
  const p = localDateParts(at, reader.timeZone);
  return `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
};

/**
 * Due, late and locked said plainly: which is which is what users confuse. Given `now`, a moment already passed is
 * said in the past tense ("locked on 30 October", not "locks: 30 October").
 */
export function deadlineLines(reader: Reader, deadline: PeriodDeadline, now?: Date): string[] {
  const past = (at: Date) => now !== undefined && now.getTime() >= at.getTime();
  const due = { due: when(reader, deadline.dueAt) };
  const lines =
    deadline.lateAt.getTime() === deadline.dueAt.getTime()
      ? [reader.t(past(deadline.dueAt) ? "calendar-due-late-same-past" : "calendar-due-late-same", due)]
      : [reader.t(past(deadline.dueAt) ? "calendar-due-past" : "calendar-due", due), reader.t("calendar-late-from", { late: when(reader, deadline.lateAt) })];
  lines.push(reader.t(past(deadline.lockAt) ? "calendar-locked-past" : "calendar-locks", { lock: when(reader, deadline.lockAt) }));
  return lines;
}

export interface ReminderSubject {
  form: FormDefinition;
  unit: string;
  period: string;
  now: Date;
  /** "Remind the missing": the name of who asked. */
  askedBy?: string;
}

export function reminderText(reader: Reader, region: Region, subject: ReminderSubject): string {
  const { form, period, now } = subject;
  const at = standing(form, period, now, reader.timeZone);
  const vars = {
    form: formLabel(form, reader.locale),
    unit: unitLabel(region, subject.unit, reader.locale),
    period: periodName(reader, period),
    days: Math.max(at.daysLeft, 1),
    time: clockTime(reader, at.dueAt),
  };
  // After the due time but before reports count as late (lateAfterDays > 0), "it will be marked late" is not yet true.
  const grace = at.stage === "overdue" && now < at.lateAt;
  const head =
    at.stage === "ahead" ? "calendar-reminder-ahead" : at.stage === "today" ? "calendar-reminder-today" : grace ? "calendar-reminder-grace" : "calendar-reminder-overdue";
  const lines = [reader.t(head, { ...vars, late: when(reader, at.lateAt) })];
  if (subject.askedBy !== undefined) lines.push(reader.t("calendar-reminder-asked", { name: subject.askedBy }));
  lines.push("", ...deadlineLines(reader, at, now));
  return lines.join("\n");
}

export function reminderKeyboard(reader: Reader, form: string, period: string): InlineKeyboardButton[][] {
  return [
    [{ text: reader.t("calendar-button-report"), callback_data: menuAction.pack("report") }],
    [{ text: reader.t("calendar-button-mute"), callback_data: muteAction.pack(form, period) }],
  ];
}

/** Missing units named in a digest before "and N more": a region of thousands of units still gets a readable line. */
const MAX_NAMES = 30;

export interface DigestData {
  form: FormDefinition;
  period: string;
  expected: readonly string[];
  reports: ReadonlyMap<string, StoredReport>;
  mutes: ReadonlyMap<string, Mute>;
  /** The units' notes for the period (explanations, reasons for corrections); "nothing to report" comes from mutes. */
  notes?: readonly UnitNote[] | undefined;
}

/** After the deadline: completeness, who is missing (and who explained why), the totals so far. */
export function digestText(reader: Reader, region: Region, data: DigestData): string {
  const { form, period, expected, reports, mutes } = data;
  const { locale, t } = reader;
  const reported = expected.filter((unit) => reports.has(unit));
  const missing = expected.filter((unit) => !reports.has(unit));
  const late = reported.filter((unit) => reports.get(unit)?.late).length;
  const deadline = deadlineOf(form, period, reader.timeZone);
  const lines = [
    t("calendar-digest-title", { form: formLabel(form, locale), period: periodName({ locale, t }, period) }),
    t("calendar-digest-deadline", { due: when(reader, deadline.dueAt) }),
    t("calendar-digest-reported", {
      reported: reported.length,
      expected: expected.length,
      share: formatShare(reported.length, expected.length, locale),
      late,
    }),
  ];
  const unexplained = missing.filter((unit) => !mutes.has(unit));
  if (missing.length === 0) lines.push(t("calendar-digest-all-in"));
  else if (unexplained.length > 0) {
    const named = unexplained.slice(0, MAX_NAMES).map((unit) => unitLabel(region, unit, locale)).join(", ");
    const more = unexplained.length > MAX_NAMES ? ` ${t("calendar-digest-more", { count: unexplained.length - MAX_NAMES })}` : "";
    lines.push(t("calendar-digest-missing", { count: unexplained.length, names: `${named}${more}` }));
  }
  const explained = missing.filter((unit) => mutes.has(unit));
  if (explained.length > 0) {
    lines.push(t("calendar-digest-muted"));
    for (const unit of explained) lines.push(t("calendar-digest-muted-line", { unit: unitLabel(region, unit, locale), reason: mutes.get(unit)!.reason }));
  }
  const explanations = (data.notes ?? []).filter((note) => note.kind !== "nothing-to-report");
  if (explanations.length > 0) lines.push("", t("calendar-digest-notes"), ...notesLines(reader, region, explanations));
  lines.push("", t("calendar-digest-totals", { count: reported.length }));
  lines.push(...totalsLines(reader, form, reported.map((unit) => reports.get(unit)!.values)));
  return lines.join("\n");
}

/** The form's key figures summed over the reports given (figures that add up over units). */
function totalsLines(reader: Reader, form: FormDefinition, values: readonly StoredReport["values"][]): string[] {
  if (values.length === 0) return [reader.t("calendar-digest-no-totals")];
  const totals = sumUnits(form, values);
  const byId = new Map(numericFigures(form).map((figure) => [figure.id, figure]));
  return form.keyFigures.flatMap((id) => {
    const figure = byId.get(id);
    const total = totals[id];
    if (!figure || figure.unitAggregation !== "sum" || total === undefined) return [];
    return [`• ${figure.label[reader.locale]}: ${formatFigureValue(total, figure, reader.locale, { compact: figure.type === "money" })}`];
  });
}

export interface BriefLine {
  form: FormDefinition;
  period: string;
  reported: number;
  expected: number;
  /** For the units' names in the notes. */
  region: Region;
  /** The units' notes for the period, newest last. */
  notes?: readonly UnitNote[] | undefined;
}

/** Notes named in a brief per form before "and N more": a morning message stays short. */
const BRIEF_NOTES = 5;

/** The morning brief: each form's due period, how many reported, how it stands against its deadline. */
export function briefText(reader: Reader, now: Date, lines: readonly BriefLine[]): string {
  const { locale, t } = reader;
  const out = [t("calendar-brief-title", { date: formatDate(now, locale, reader.timeZone) })];
  for (const line of lines) {
    const at = standing(line.form, line.period, now, reader.timeZone);
    out.push(
      t("calendar-brief-line", {
        form: formLabel(line.form, locale),
        period: periodName({ locale, t }, line.period),
        reported: line.reported,
        expected: line.expected,
        when: briefWhen(reader, at),
      }),
    );
    const notes = line.notes ?? [];
    if (notes.length > 0) {
      out.push(t("calendar-brief-notes", { count: notes.length }), ...notesLines(reader, line.region, notes.slice(-BRIEF_NOTES)));
      if (notes.length > BRIEF_NOTES) out.push(t("calendar-brief-notes-more", { count: notes.length - BRIEF_NOTES }));
    }
  }
  return out.join("\n");
}

function briefWhen(reader: Reader, at: PeriodStanding): string {
  if (at.stage === "ahead") return reader.t("calendar-brief-when-ahead", { due: when(reader, at.dueAt) });
  if (at.stage === "today") return reader.t("calendar-brief-when-today", { time: clockTime(reader, at.dueAt) });
  if (at.stage === "overdue") return reader.t("calendar-brief-when-overdue", { due: when(reader, at.dueAt) });
  return reader.t("calendar-brief-when-locked");
}

export interface CorrectionData {
  form: FormDefinition;
  entry: AuditEntry;
  authorName: string;
  request?: ReopenRequest;
  deciderName?: string;
}

/** A correction made after the lock, for the leadership: who, when, why, and each value old → new. */
export function correctionText(reader: Reader, region: Region, data: CorrectionData): string {
  const { form, entry } = data;
  const { locale, t } = reader;
  const lines = [
    t("calendar-correction-title", { unit: unitLabel(region, entry.unit, locale), form: formLabel(form, locale), period: periodName({ locale, t }, entry.period) }),
    t("calendar-correction-version", { version: entry.version, at: when(reader, entry.at), name: data.authorName }),
  ];
  if (data.request?.status === "approved" && data.deciderName !== undefined) {
    lines.push(t("calendar-correction-reopened", { name: data.deciderName, reason: data.request.reason }));
  }
  if (entry.reason) lines.push(t("calendar-correction-reason", { reason: entry.reason }));
  const changes = changeLines(form, entry.version > 1 ? entry.old : undefined, entry.new, locale);
  lines.push("", ...(changes.length > 0 ? changes : [t("calendar-correction-no-change")]));
  return lines.join("\n");
}

/**
 * A version made after its period locked: "corrected after the period was reopened (approved by …)", naming who
 * approved the reopening in force at that moment; undefined for a version made while the period was open.
 */
export function correctedAfterLockLine(
  reader: Reader,
  version: Pick<StoredReport, "version" | "at">,
  lockAt: number,
  steps: readonly CalendarStep[],
  names: ReadonlyMap<number, string>,
): string | undefined {
  if (version.version === 1 || version.at < lockAt) return undefined;
  const approval = steps.filter((step) => step.kind === "reopen-approved" && step.at <= version.at && (step.until === undefined || version.at <= step.until)).at(-1);
  if (!approval) return reader.t("calendar-history-corrected-locked");
  return reader.t("calendar-history-corrected-reopened", { name: personName(reader, approval.by, names) });
}

/** A person as the reader sees them: their first name, or "the bot" for id 0; never their Telegram id. */
export function personName(reader: Reader, id: number, names: ReadonlyMap<number, string>): string {
  if (id === 0) return reader.t("calendar-person-bot");
  const name = names.get(id);
  return name ? reader.t("calendar-person", { name }) : reader.t("calendar-person-id");
}

export interface RequestView {
  form: FormDefinition;
  request: ReopenRequest;
  requesterName: string;
  /** The report in force now, if any. */
  current?: Pick<StoredReport, "version" | "at">;
  /** How it was decided, once it was. */
  decision?: string;
  /** When the text is written: a lock already passed is said in the past tense. */
  now?: Date;
}

/** A reopening request as the leadership receives it (and sees it again once decided). */
export function reopenRequestText(reader: Reader, region: Region, view: RequestView): string {
  const { locale, t } = reader;
  const { form, request } = view;
  const current = view.current
    ? t("calendar-reopen-current", { version: view.current.version, at: when(reader, view.current.at) })
    : t("calendar-reopen-current-none");
  const lines = [
    t("calendar-reopen-request", {
      unit: unitLabel(region, request.unit, locale),
      form: formLabel(form, locale),
      period: periodName({ locale, t }, request.period),
      name: view.requesterName,
      reason: request.reason,
      current,
    }),
    ...deadlineLines(reader, deadlineOf(form, request.period, reader.timeZone), view.now).slice(-1),
  ];
  if (view.decision) lines.push("", view.decision);
  return lines.join("\n");
}

/** How a decided request is noted under it: "✅ Approved by … until …" or "✖ Rejected by …". */
export function decisionNote(reader: Reader, request: ReopenRequest, deciderName: string): string {
  if (request.status === "approved") return reader.t("calendar-reopen-approved-note", { name: deciderName, until: when(reader, request.until ?? 0) });
  if (request.status === "rejected") return reader.t("calendar-reopen-rejected-note", { name: deciderName });
  return "";
}
