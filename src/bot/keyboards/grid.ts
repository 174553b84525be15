// Inline keyboards laid out as a grid.
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";

/** Buttons laid out `columns` to a row, then any further rows (never an empty row: Telegram shows them as gaps). */
export function gridOf(buttons: InlineKeyboardButton[], columns: number, ...rows: InlineKeyboardButton[][]): InlineKeyboard {
  const grid: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += columns) grid.push(buttons.slice(i, i + columns));
  return InlineKeyboard.from([...grid, ...rows].filter((row) => row.length > 0));
}
