// /help: what this person can do, by role.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { help } from "../helpers/greeting.ts";

export const helpFeature = new Composer<BotContext>();
helpFeature.command("help", help);
