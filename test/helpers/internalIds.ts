// What people read must never show an internal id: a report id (`public-services/2016-11/karatal/v1`), a Telegram
// user id ("id 7000011"), a form's or figure's id. Ids may stay in logs and in the spreadsheet's technical sheet.
import type { FormDefinition } from "../../src/domain/forms.ts";
import type { BotEvent } from "../../src/localapi/index.ts";

/** Every text a person reads in these events: messages, captions, edits, button labels, callback answers. */
function readTexts(event: BotEvent): string[] {
  const texts = [event.text, event.caption].filter((text): text is string => typeof text === "string");
  const markup = event.replyMarkup as { inline_keyboard?: { text: string }[][]; keyboard?: ({ text: string } | string)[][] } | undefined;
  for (const row of [...(markup?.inline_keyboard ?? []), ...(markup?.keyboard ?? [])]) {
    for (const button of row) texts.push(typeof button === "string" ? button : button.text);
  }
  return texts;
}

function patternsOf(forms: readonly FormDefinition[]): RegExp[] {
  // Ids written as words (snake or kebab case): "public-services", "services_ekyzmet"; "seminars" reads as a word.
  const ids = forms.flatMap((form) => [form.id, ...form.figures.map((f) => f.id), ...form.derived.map((d) => d.id)]).filter((id) => /[-_]/.test(id));
  const escaped = ids.map((id) => id.replace(/[-_]/g, "[-_]"));
  return [
    /\/v\d+\b/, // a report id's version: ".../karatal/v1"
    /\bid\b\s*[:#№]?\s*\d{3,}/i, // "(id 6101)", "пользователь id 7000011"
    /(?<![\d\s,.\u00a0\u202f])\d{7,}(?![\d,.])/, // a Telegram id on its own; figures are written with group separators
    new RegExp(`(?<![\\p{L}\\d])(${escaped.join("|")})(?![\\p{L}\\d])`, "u"),
  ];
}

/** The texts that show an internal id, each with the event's chat, for a failing assertion to name. */
export function internalIdsShown(events: readonly BotEvent[], forms: readonly FormDefinition[]): string[] {
  const patterns = patternsOf(forms);
  const found: string[] = [];
  for (const event of events) {
    if (event.kind === "document" && event.caption === undefined) continue;
    for (const text of readTexts(event)) {
      const pattern = patterns.find((p) => p.test(text));
      if (pattern) found.push(`chat ${event.chatId}: ${String(text.match(pattern)?.[0])} in "${text.slice(0, 300)}"`);
    }
  }
  return found;
}
