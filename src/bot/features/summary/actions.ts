// /summary's buttons: what each carries (form, period, page…), and the button handler that gets the fields only when
// the data unpacks.
import { Composer, InlineKeyboard } from "grammy";
import { z } from "zod";
import type { BotContext } from "../../context.ts";
import { callbackAction, int, token } from "../../callbacks.ts";
import type { CallbackAction } from "../../callbacks.ts";
import { refuse } from "../../helpers/refuse.ts";
import { summaryFormAction } from "../../keyboards/summary.ts";

const page = z.coerce.number().int().min(0).max(10_000);
const year = z.coerce.number().int().min(1900).max(2999);

export const formAction = summaryFormAction;
export const showAction = callbackAction("sms", z.tuple([token, token, page]));
export const earlierAction = callbackAction("sme", z.tuple([token, year]));
export const chartAction = callbackAction("smc", z.tuple([token, token]));
export const chartFigureAction = callbackAction("smcf", z.tuple([token, token, int]));
export const sheetAction = callbackAction("smx", z.tuple([token, token]));
export const remindAction = callbackAction("smr", z.tuple([token, token]));
/** The last field: 1 to page the list in place, 0 to open it as a new message under the summary. */
export const unitsAction = callbackAction("smu", z.tuple([token, token, page, z.enum(["0", "1"])]));
export const unitHistoryAction = callbackAction("smuh", z.tuple([token]));
export const noopAction = callbackAction("smn", z.tuple([]));
export const formsListAction = callbackAction("smfl", z.tuple([]));

export const button = InlineKeyboard.text;

/** A button handler that gets its fields only when the data unpacks. */
export function onButton<T extends unknown[]>(composer: Composer<BotContext>, action: CallbackAction<T>, handle: (ctx: BotContext, ...fields: T) => Promise<void>): void {
  composer.callbackQuery(action.filter, async (ctx) => {
    const fields = action.unpack(ctx.callbackQuery.data);
    if (!fields) return refuse(ctx, action.name, "malformed");
    await handle(ctx, ...fields);
  });
}
