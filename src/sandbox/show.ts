// How the sandbox prints what the bot does, and finds the button the person means.
import type { BotEvent, UserHandle } from "../localapi/index.ts";

export function formatEvent(event: BotEvent, savedPath: string | undefined): string | undefined {
  const buttons = inlineButtons(event);
  const numbered = buttons.length ? `\n${buttons.map((label, i) => `  [${i + 1}] ${label}`).join("\n")}` : "";
  switch (event.kind) {
    case "message":
      return `\n🤖 ${event.text ?? ""}${numbered}`;
    case "edit":
      return `\n🤖 (edited) ${event.text ?? event.caption ?? ""}${numbered}`;
    case "photo":
    case "document":
      return `\n🤖 (${event.kind}) ${event.caption ?? ""} → saved to ${savedPath ?? "?"}${numbered}`;
    case "action":
      return event.action === "upload_document" || event.action === "upload_photo" ? "🤖 (sending a file…)" : undefined;
    case "callback_answer":
      return event.text ? `🤖 (notice) ${event.text}` : undefined;
    default:
      return undefined;
  }
}

function inlineButtons(event: BotEvent): string[] {
  const markup = event.replyMarkup as { inline_keyboard?: { text: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];
}

/** By number (of the newest message with buttons) or by a part of the label (newest message first). */
export function findButton(handle: UserHandle, wanted: string): { messageId: number; data: string } | undefined {
  const messages = handle.botMessages().reverse();
  const withButtons = messages.filter((m) => m.reply_markup?.inline_keyboard?.length);
  const index = /^\d+$/.test(wanted) ? Number(wanted) - 1 : -1;
  for (const message of index >= 0 ? withButtons.slice(0, 1) : withButtons) {
    const buttons = message.reply_markup!.inline_keyboard.flat();
    const button = index >= 0 ? buttons[index] : buttons.find((b) => b.text.toLowerCase().includes(wanted.toLowerCase()));
    if (button && "callback_data" in button && typeof button.callback_data === "string") {
      return { messageId: message.message_id, data: button.callback_data };
    }
  }
  return undefined;
}
