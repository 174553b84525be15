// Buttons of the calendar's messages (reminders, reopening, history). Each carries ids only; handlers re-check
// that the person may touch the unit, form and period named (callback data is never trusted).
import { z } from "zod";
import { callbackAction, int, token } from "../callbacks.ts";

/** On a reminder: no report this month, with a reason (form, period). */
export const muteAction = callbackAction("cmute", z.tuple([token, token]));
/** Reminders back on (form, period). */
export const unmuteAction = callbackAction("cunmute", z.tuple([token, token]));
/** /reopen: the form chosen. */
export const reopenForm = callbackAction("cropf", z.tuple([token]));
/** /reopen: the locked period chosen (form, period). */
export const reopenPeriod = callbackAction("cropp", z.tuple([token, token]));
/** The leadership's decision on request n: a(pprove) or r(eject) (form, unit, period, n). */
export const reopenDecision = callbackAction("cdec", z.tuple([z.enum(["a", "r"]), token, token, token, int]));
/** /history: a unit chosen (region and admin users). */
export const historyUnit = callbackAction("hunit", z.tuple([token]));
/** /history: a form of a unit chosen (unit, form). */
export const historyForm = callbackAction("hform", z.tuple([token, token]));
/** /history: a period chosen (unit, form, period). */
export const historyPeriod = callbackAction("hper", z.tuple([token, token, token]));
/** Under a question for a reason (reopening, muting): never mind. */
export const reasonCancel = callbackAction("cwhy", z.tuple([z.enum(["cancel"])]));
/** Under a summary: the units' notes for the period shown (form, report period id as in the summary's buttons). */
export const notesAction = callbackAction("notes", z.tuple([token, token]));
