// /start: greets a known person by role and unit and shows what they can do.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { greet } from "../helpers/greeting.ts";

export const startFeature = new Composer<BotContext>();
startFeature.command("start", greet);
