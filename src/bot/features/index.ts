// Every feature, in the order updates meet them. One line a feature; the fallback stays last (see ../index.ts).
import type { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { inviteFeature } from "./invite.ts";
import { usersFeature } from "./users.ts";
import { redeemFeature } from "./redeem.ts";
import { startFeature } from "./start.ts";
import { helpFeature } from "./help.ts";
import { languageFeature } from "./language.ts";
import { reportFeature } from "./report/index.ts";
import { totalsFeature } from "./totals.ts";
import { summaryFeature } from "./summary/index.ts";
import { inlineFeature } from "./inline.ts";
import { questionsFeature } from "./questions.ts";
import { calendarFeature } from "./calendar/index.ts";
import { notesFeature } from "./notes.ts";

export const features: Composer<BotContext>[] = [
  redeemFeature,
  startFeature,
  helpFeature,
  languageFeature,
  reportFeature,
  inviteFeature,
  usersFeature,
  totalsFeature,
  summaryFeature,
  inlineFeature,
  calendarFeature,
  notesFeature,
  // Typed questions take a region user's free text: after every other feature.
  questionsFeature,
];
