// The button that opens /summary for a form (its period choice), offered by /summary itself and under /totals.
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { z } from "zod";
import { callbackAction, token } from "../callbacks.ts";

export const summaryFormAction = callbackAction("smf", z.tuple([token]));

export function summaryFormButton(label: string, formId: string): InlineKeyboardButton {
  return InlineKeyboard.text(label, summaryFormAction.pack(formId));
}
