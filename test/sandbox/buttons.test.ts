// The sandbox's `[…]`: which button of which message a typed label or number presses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findButton, messagesWithButtons } from "../../src/sandbox/show.ts";
import type { BotEvent, TgMessage } from "../../src/localapi/index.ts";

const chat = { id: 1, type: "private" } as TgMessage["chat"];
const message = (id: number, labels: string[]): TgMessage => ({
  message_id: id,
  date: 0,
  chat,
  text: `message ${id}`,
  reply_markup: { inline_keyboard: labels.map((label) => [{ text: label, callback_data: `${id}:${label}` }]) },
});
const event = (seq: number, kind: BotEvent["kind"], messageId: number): BotEvent => ({ seq, kind, botId: 9, chatId: 1, method: "x", messageId, at: 0 });

test("a number presses that button of the newest message with buttons", () => {
  const messages = messagesWithButtons([event(1, "message", 1), event(2, "message", 2)], [message(1, ["a", "b"]), message(2, ["c", "d"])]);
  assert.deepEqual(findButton(messages, "2"), { kind: "callback", messageId: 2, data: "2:d", label: "d" });
});

test("an edited older message counts as the newest", () => {
  const events = [event(1, "message", 1), event(2, "message", 2), event(3, "edit", 1)];
  const messages = messagesWithButtons(events, [message(1, ["2015", "2016"]), message(2, ["c", "d"])]);
  assert.deepEqual(findButton(messages, "1"), { kind: "callback", messageId: 1, data: "1:2015", label: "2015" });
});

test("a label that is a number is pressed by its label before it is read as a position", () => {
  const messages = messagesWithButtons([event(1, "message", 1)], [message(1, ["2014", "2015", "2016"])]);
  assert.deepEqual(findButton(messages, "2015"), { kind: "callback", messageId: 1, data: "1:2015", label: "2015" });
  assert.deepEqual(findButton(messages, "3"), { kind: "callback", messageId: 1, data: "1:2016", label: "2016" });
});

test("a message whose buttons were taken away by an edit offers none; a part of a label finds older buttons", () => {
  const stripped = { ...message(2, []), reply_markup: undefined };
  const messages = messagesWithButtons([event(1, "message", 1), event(2, "message", 2), event(3, "edit", 2)], [message(1, ["Submit report"]), stripped]);
  assert.equal(messages.length, 1);
  assert.deepEqual(findButton(messages, "submit"), { kind: "callback", messageId: 1, data: "1:Submit report", label: "Submit report" });
  assert.equal(findButton(messages, "7").kind, "none");
});
