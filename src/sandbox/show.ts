// How the sandbox prints what the bot does, and finds the button the person means.
import type { BotEvent, TgMessage } from "../localapi/index.ts";

type Button = { text: string; callback_data?: string; url?: string; web_app?: { url: string }; switch_inline_query?: string; switch_inline_query_current_chat?: string };

const SHOWN = new Set(["message", "edit", "photo", "document"]);

/**
 * One bot action as printed. `tag` names the persona (or group) whose chat it is when that is not the chat being
 * played: the buttons are then listed, not numbered (they are pressed after `:as NAME`).
 */
export function formatEvent(event: BotEvent, savedPath: string | undefined, tag?: string): string | undefined {
  const labels = buttonsOf(event.replyMarkup).map((b) => b.text);
  const numbered = labels.length === 0 ? "" : tag ? `\n  (buttons: ${labels.join(" | ")})` : `\n${labels.map((label, i) => `  [${i + 1}] ${label}`).join("\n")}`;
  const lead = tag ? `\n→ ${tag}: 🤖 ` : "\n🤖 ";
  switch (event.kind) {
    case "message":
      return `${lead}${event.text ?? ""}${numbered}`;
    case "edit":
      return `${lead}(edited) ${event.text ?? event.caption ?? ""}${numbered}`;
    case "photo":
    case "document":
      return `${lead}(${event.kind}) ${event.caption ?? ""} → saved to ${savedPath ?? "?"}${numbered}`;
    case "action":
      if (tag) return undefined;
      return event.action === "upload_document" || event.action === "upload_photo" ? "🤖 (sending a file…)" : undefined;
    case "callback_answer":
      return event.text && !tag ? `🤖 (notice) ${event.text}` : undefined;
    default:
      return undefined;
  }
}

/** A message as it stands now (edits applied), with its buttons numbered: what `:as NAME` shows of a chat. */
export function formatMessage(message: TgMessage): string {
  const labels = buttonsOf(message.reply_markup).map((b) => b.text);
  const numbered = labels.length ? `\n${labels.map((label, i) => `  [${i + 1}] ${label}`).join("\n")}` : "";
  const body = message.text ?? message.caption ?? (message.document ? `(document) ${message.document.file_name ?? ""}` : message.photo ? "(photo)" : "");
  return `\n🤖 ${body}${numbered}`;
}

function buttonsOf(markup: unknown): Button[] {
  return (markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard?.flat() ?? [];
}

/**
 * The bot's messages in a chat that carry inline buttons now, the most recently sent or edited first (an edited
 * message counts as new: it is the one the person is looking at).
 */
export function messagesWithButtons(events: readonly BotEvent[], current: readonly TgMessage[]): TgMessage[] {
  const byId = new Map(current.map((m) => [m.message_id, m]));
  const seen = new Set<number>();
  const ordered: TgMessage[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.messageId === undefined || !SHOWN.has(event.kind) || seen.has(event.messageId)) continue;
    seen.add(event.messageId);
    const message = byId.get(event.messageId);
    if (message && buttonsOf(message.reply_markup).length > 0) ordered.push(message);
  }
  return ordered;
}

export type ButtonChoice =
  | { kind: "callback"; messageId: number; data: string; label: string }
  | { kind: "link"; url: string; label: string }
  | { kind: "inline"; query: string; label: string }
  | { kind: "none"; reason: string };

const normal = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, " ").trim().toLowerCase();

/**
 * `[2015]`, `[2]`, `[Submit]`: a button whose label is exactly this (newest message first), else by number the button
 * of the newest message with buttons, else one whose label contains it (newest message first).
 */
export function findButton(messages: readonly TgMessage[], wanted: string): ButtonChoice {
  if (messages.length === 0) return { kind: "none", reason: "No message with buttons in this chat." };
  const target = normal(wanted);
  const lookup = (match: (button: Button) => boolean) => {
    for (const message of messages) {
      const button = buttonsOf(message.reply_markup).find(match);
      if (button) return choiceOf(message, button);
    }
    return undefined;
  };
  const exact = lookup((b) => normal(b.text) === target);
  if (exact) return exact;
  if (/^\d+$/.test(target)) {
    const buttons = buttonsOf(messages[0]!.reply_markup);
    const button = buttons[Number(target) - 1];
    if (button) return choiceOf(messages[0]!, button);
    return { kind: "none", reason: `The newest message with buttons has ${buttons.length}: [1]…[${buttons.length}].` };
  }
  return lookup((b) => normal(b.text).includes(target)) ?? { kind: "none", reason: `No button "${wanted}" on the messages of this chat.` };
}

function choiceOf(message: TgMessage, button: Button): ButtonChoice {
  if (typeof button.callback_data === "string") return { kind: "callback", messageId: message.message_id, data: button.callback_data, label: button.text };
  const url = button.url ?? button.web_app?.url;
  if (url) return { kind: "link", url, label: button.text };
  const query = button.switch_inline_query ?? button.switch_inline_query_current_chat;
  if (query !== undefined) return { kind: "inline", query, label: button.text };
  return { kind: "none", reason: `The button "${button.text}" does nothing the sandbox can do.` };
}

/** One inline result as listed by `:inline`. */
export function formatInlineResult(result: unknown, index: number): string {
  const r = result as { title?: string; description?: string; input_message_content?: { message_text?: string } };
  const description = r.description ? ` — ${r.description}` : "";
  return `  (${index + 1}) ${r.title ?? "(no title)"}${description}`;
}
