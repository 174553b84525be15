// `Name: (xlsx …)` in a transcript: a real spreadsheet made for the step, as a person would send it.
//   (xlsx C7=5100; C8="1 600"; C9==C7+C8)   the last .xlsx the bot sent to this person, with these cells filled
//   (xlsx corrupt)                          the last .xlsx the bot sent, cut short (a broken download)
//   (xlsx for public-services 2016-05: C7=5) a template the bot would make for that form and period (the person's
//                                           unit and language, signed with the bot's key), filled
// Cells: a bare number is a number cell, "quoted" text a text cell, `=…` a formula, nothing an empty cell.
import { HARNESS_TOKEN, type Harness } from "../devtools/harness.ts";
import type { UserHandle } from "../localapi/index.ts";
import { fillWorkbook, parseCellAssignments } from "../devtools/xlsxFill.ts";
import { buildTemplate, templateKey } from "../reports/formWorkbook.ts";
import { createI18n, translatorOf } from "../bot/i18n.ts";

const translate = translatorOf(createI18n() as never);

export async function spreadsheetOf(harness: Harness, handle: UserHandle, args: string): Promise<Buffer> {
  const made = /^for\s+(\S+)\s+(\S+)\s*:\s*(.*)$/.exec(args.trim());
  if (made) {
    const [, formId, period, cells] = made as unknown as [string, string, string, string];
    const { deps } = harness.app;
    const form = deps.forms.find((f) => f.id === formId);
    const person = await deps.people.get(handle.user.id);
    if (!form || !person?.unit) throw new Error(`(xlsx for ${formId} …): no such form, or the person has no unit`);
    const locale = person.lang ?? "ru";
    const env = { store: deps.store, region: deps.region, forms: deps.forms, timeZone: deps.timeZone };
    const reader = { locale, t: (key: string, variables?: Record<string, string | number>) => translate(locale, key, variables) };
    const template = await buildTemplate(env, reader, { form, unit: person.unit, period }, templateKey(HARNESS_TOKEN), deps.clock.now());
    return fillWorkbook(template, parseCellAssignments(cells));
  }
  const sent = harness.api.events
    .all()
    .filter((event) => event.kind === "document" && event.chatId === handle.chatId && event.fileName?.endsWith(".xlsx") && event.bytes)
    .at(-1)?.bytes;
  if (!sent) throw new Error("(xlsx …): the bot has sent this person no .xlsx file yet");
  if (args.trim() === "corrupt") return sent.subarray(0, Math.floor(sent.length / 2));
  return fillWorkbook(sent, parseCellAssignments(args));
}
