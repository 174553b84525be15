// The calendar in chat, one flow a file: /history (history.ts), /reopen and the leadership's decision (reopen.ts),
// /deadlines (deadlines.ts), muting a period's reminders (mutes.ts), and the reason typed for either (reasons.ts,
// last: it takes a district user's free text). Reminder texts and buttons (texts.ts, actions.ts), who gets them
// (recipients.ts) and "remind the missing" (remind.ts) serve these flows, the summary and the scheduler.
import type { BotContext } from "../../context.ts";
import { historyFeature } from "./history.ts";
import { reopenFeature } from "./reopen.ts";
import { deadlinesFeature } from "./deadlines.ts";
import { mutesFeature } from "./mutes.ts";
import { reasonsFeature } from "./reasons.ts";
import { FlatComposer } from "../../composer.ts";

export const calendarFeature = new FlatComposer<BotContext>(historyFeature, reopenFeature, deadlinesFeature, mutesFeature, reasonsFeature);
