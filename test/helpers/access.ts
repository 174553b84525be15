// Shared by the end-to-end access tests: reading what the bot said, and putting a button into a chat as an old
// message of the bot would hold it (how a stale or forged button reaches a person).
import type { Harness } from "../../src/devtools/harness.ts";
import type { BotEvent, UserHandle } from "../../src/localapi/index.ts";
import type { Locale } from "../../src/domain/locale.ts";

/** Texts of the messages and edits the bot made. */
export function textsOf(events: readonly BotEvent[]): string[] {
  return events.filter((e) => e.kind === "message" || e.kind === "edit").map((e) => e.text ?? e.caption ?? "");
}

/** The bot's answer to a callback query, if any. */
export function answerOf(events: readonly BotEvent[]): string | undefined {
  const answer = events.find((e) => e.kind === "callback_answer");
  return answer ? (answer.text ?? "") : undefined;
}

export function buttonsOf(events: readonly BotEvent[]): string[] {
  return events.flatMap((e) => {
    const markup = e.replyMarkup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
    return markup?.inline_keyboard?.flat().map((b) => b.callback_data ?? "") ?? [];
  });
}

/** The bot sends `person` a message with one button carrying `data`; returns its message id. */
export async function plantButton(harness: Harness, person: UserHandle, data: string): Promise<number> {
  const sent = await harness.app.bot.api.sendMessage(person.chatId, "…", { reply_markup: { inline_keyboard: [[{ text: "⋯", callback_data: data }]] } });
  return sent.message_id;
}

/** Presses a button the bot never offered this person in this form (see plantButton). */
export async function pressPlanted(harness: Harness, person: UserHandle, data: string) {
  const messageId = await plantButton(harness, person, data);
  return person.press(data, messageId);
}

export function t(harness: Harness, locale: Locale, key: string, variables?: Record<string, string | number>): string {
  return harness.app.translate(locale, key, variables);
}

/** The invite code in the bot's message with a deep link. */
export function codeIn(text: string): string {
  const code = /\?start=([\w-]{24})(?![\w-])/.exec(text)?.[1];
  if (!code) throw new Error(`no invite link in: ${text}`);
  return code;
}
