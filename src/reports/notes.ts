// The akims' own words beside their figures, for the leadership: explanations of unusual values given with a report
// (kept as the version's reason), "nothing to report this month" with its reason (a muted period), and the reason a
// locked report was asked to be reopened and corrected. The bot tells an akim the leadership sees these; this module
// is where every leadership surface (summary, unit view, spreadsheet, digest, morning brief, Mini App) reads them.
import type ExcelJS from "exceljs";
import { formUnitIds, type FormDefinition } from "../domain/forms.ts";
import { formatDate } from "../domain/periods.ts";
import type { Region } from "../domain/region.ts";
import type { StoredReport } from "../store/reports.ts";
import type { CalendarStep, Mute } from "../store/calendar.ts";
import { LATE_COUNT_LIMIT } from "./units.ts";
import { twelveMonthsTo } from "./charts.ts";
import type { Reader, ReportEnv } from "./types.ts";
import { unitLabel, periodName } from "./format.ts";

export type NoteKind =
  /** explanations given with a report (unusual values, a fall against last month): the version's reason */
  | "explanation"
  /** the unit has nothing to report this period, and said why (reminders muted) */
  | "nothing-to-report"
  /** why a locked report was asked to be reopened and corrected */
  | "correction";

export interface UnitNote {
  unit: string;
  period: string;
  kind: NoteKind;
  text: string;
  /** ms since epoch */
  at: number;
  /** Telegram id of who wrote it */
  by: number;
  /** explanation: the report version it came with */
  version?: number;
}

export interface NotesInput {
  unit: string;
  period: string;
  /** Every version of the unit's report for the period, oldest first (empty: none). */
  versions: readonly Pick<StoredReport, "version" | "at" | "by" | "reason">[];
  /** The unit's "nothing to report" for the period, if it muted its reminders. */
  mute?: Pick<Mute, "by" | "at" | "reason"> | undefined;
  /** The report's calendar steps (reopening requests carry their reason). */
  steps: readonly Pick<CalendarStep, "kind" | "by" | "at" | "reason">[];
}

/**
 * A unit's notes for one period, oldest first, from what the store keeps. Pure: the Mini App and tests call it with
 * data they read themselves. A reason repeated unchanged by a later version is given once; "nothing to report" is
 * dropped once the unit reported after all.
 */
export function unitNotes(input: NotesInput): UnitNote[] {
  const { unit, period } = input;
  const notes: UnitNote[] = [];
  let previous: string | undefined;
  for (const version of input.versions) {
    if (version.reason && version.reason !== previous) {
      notes.push({ unit, period, kind: "explanation", text: version.reason, at: version.at, by: version.by, version: version.version });
    }
    previous = version.reason;
  }
  if (input.mute && input.versions.length === 0) notes.push({ unit, period, kind: "nothing-to-report", text: input.mute.reason, at: input.mute.at, by: input.mute.by });
  for (const step of input.steps) {
    if (step.kind === "reopen-request" && step.reason) notes.push({ unit, period, kind: "correction", text: step.reason, at: step.at, by: step.by });
  }
  return notes.sort((a, b) => a.at - b.at);
}

/** One unit's notes for one period, read from the store (two round trips and one for the period's mutes). */
export async function readUnitNotes(env: Pick<ReportEnv, "store">, formId: string, unit: string, period: string): Promise<UnitNote[]> {
  const [versions, steps, mutes] = await Promise.all([
    env.store.reports.getReportVersions(formId, unit, period),
    env.store.calendar.steps(formId, unit, period),
    env.store.calendar.mutes(formId, period),
  ]);
  return unitNotes({ unit, period, versions, mute: mutes.get(unit), steps });
}

/**
 * The notes of a form's units over some months, oldest first; undefined when the form has more units than are read
 * for a summary (LATE_COUNT_LIMIT): the summary then says nothing about notes rather than something incomplete.
 */
export async function readNotes(env: ReportEnv, form: FormDefinition, months: readonly string[], units?: readonly string[]): Promise<UnitNote[] | undefined> {
  const unitIds = units ?? formUnitIds(form, env.region);
  if (unitIds.length > LATE_COUNT_LIMIT) return undefined;
  const perMonth = await Promise.all(
    months.map(async (period) => {
      const [mutes, ...perUnit] = await Promise.all([
        env.store.calendar.mutes(form.id, period),
        ...unitIds.map(async (unit) => {
          const [versions, steps] = await Promise.all([env.store.reports.getReportVersions(form.id, unit, period), env.store.calendar.steps(form.id, unit, period)]);
          return { unit, versions, steps };
        }),
      ]);
      const byMute = mutes as Map<string, Mute>;
      return (perUnit as { unit: string; versions: StoredReport[]; steps: CalendarStep[] }[]).flatMap((read) =>
        unitNotes({ unit: read.unit, period, versions: read.versions, mute: byMute.get(read.unit), steps: read.steps }),
      );
    }),
  );
  return perMonth.flat().sort((a, b) => a.at - b.at);
}

// ---- words ----

/** The reader, with the region's time zone for the notes' dates. */
export type NotesReader = Reader & { timeZone: string };

/** "Explanation with version 2", "Nothing to report", "Reason for the correction", in the reader's language. */
export function noteKindLabel(reader: Pick<NotesReader, "t">, note: UnitNote): string {
  if (note.kind === "explanation") return reader.t("calendar-notes-kind-explanation", { version: note.version ?? 1 });
  if (note.kind === "nothing-to-report") return reader.t("calendar-notes-kind-nothing");
  return reader.t("calendar-notes-kind-correction");
}

/** One note as a line: "• October 2016 · Nothing to report: «…»" (plain text; `escape` for an HTML message). */
export function noteLine(reader: Pick<NotesReader, "locale" | "t">, note: UnitNote, escape: (text: string) => string = (text) => text): string {
  return reader.t("calendar-notes-line", { period: periodName(reader, note.period), kind: noteKindLabel(reader, note), text: escape(note.text) });
}

/** The notes grouped by unit (units in the order of their first note), each unit's name then its lines. */
export function notesLines(reader: Pick<NotesReader, "locale" | "t">, region: Region, notes: readonly UnitNote[], escape: (text: string) => string = (text) => text, bold = false): string[] {
  const byUnit = new Map<string, UnitNote[]>();
  for (const note of notes) byUnit.set(note.unit, [...(byUnit.get(note.unit) ?? []), note]);
  const lines: string[] = [];
  for (const [unit, ofUnit] of byUnit) {
    const name = escape(unitLabel(region, unit, reader.locale));
    lines.push(bold ? `<b>${name}</b>` : name, ...ofUnit.map((note) => noteLine(reader, note, escape)));
  }
  return lines;
}

/** The marker under a summary: how many notes the units wrote for the period shown (nothing when none). */
export function notesMarker(reader: Pick<NotesReader, "t">, notes: readonly UnitNote[] | undefined): string | undefined {
  if (!notes || notes.length === 0) return undefined;
  return reader.t("calendar-notes-marker", { count: notes.length, units: new Set(notes.map((note) => note.unit)).size });
}

/** The message the summary's "Notes" button opens (HTML). */
export function notesMessage(reader: Pick<NotesReader, "locale" | "t">, region: Region, title: { form: string; period: string }, notes: readonly UnitNote[], escape: (text: string) => string): string {
  const head = reader.t("calendar-notes-title", { form: escape(title.form), period: escape(title.period) });
  if (notes.length === 0) return `${head}\n\n${reader.t("calendar-notes-none")}`;
  return [head, "", ...notesLines(reader, region, notes, escape, true)].join("\n");
}

/** A "Notes" sheet: unit, period, kind, the text, when; the table the office files with the figures. */
export function addNotesSheet(workbook: ExcelJS.Workbook, reader: NotesReader, region: Region, notes: readonly UnitNote[] | undefined): void {
  const { t, locale } = reader;
  const sheet = workbook.addWorksheet(t("calendar-notes-sheet"));
  sheet.columns = [
    { header: t("calendar-notes-sheet-unit"), width: 30 },
    { header: t("calendar-notes-sheet-period"), width: 16 },
    { header: t("calendar-notes-sheet-kind"), width: 28 },
    { header: t("calendar-notes-sheet-text"), width: 70 },
    { header: t("calendar-notes-sheet-at"), width: 24 },
  ];
  sheet.getRow(1).font = { bold: true };
  if (!notes || notes.length === 0) {
    sheet.addRow([t("calendar-notes-none")]);
    return;
  }
  for (const note of notes) {
    const row = sheet.addRow([
      unitLabel(region, note.unit, locale),
      periodName({ locale, t }, note.period),
      noteKindLabel(reader, note),
      note.text,
      formatDate(new Date(note.at), locale, reader.timeZone, { time: true }),
    ]);
    row.alignment = { wrapText: true, vertical: "top" };
  }
}

/**
 * The unit view's notes block (HTML): the unit's notes over the twelve months shown, per form; "" when it wrote none.
 * `months`: the months of the unit view, as unitHistoryText shows them.
 */
export async function unitNotesText(
  env: ReportEnv,
  reader: Pick<NotesReader, "locale" | "t">,
  unitId: string,
  forms: readonly FormDefinition[],
  dueMonth: string,
  escape: (text: string) => string,
): Promise<string> {
  const months = twelveMonthsTo(dueMonth);
  const ofUnit = forms.filter((form) => formUnitIds(form, env.region).includes(unitId));
  const perForm = await Promise.all(ofUnit.map((form) => readNotes(env, form, months, [unitId])));
  const lines: string[] = [];
  ofUnit.forEach((form, i) => {
    const notes = perForm[i] ?? [];
    if (notes.length === 0) return;
    lines.push("", reader.t("calendar-notes-unit-title", { form: escape(form.names[reader.locale]) }), ...notes.map((note) => noteLine(reader, note, escape)));
  });
  return lines.join("\n");
}
