// /help: what this person can do, by role.
import type { BotContext } from "../context.ts";
import { help } from "../helpers/greeting.ts";
import { FlatComposer } from "../composer.ts";

export const helpFeature = new FlatComposer<BotContext>();
helpFeature.command("help", help);
