// /start: greets a known person by role and unit and shows what they can do.
import type { BotContext } from "../context.ts";
import { greet } from "../helpers/greeting.ts";
import { FlatComposer } from "../composer.ts";

export const startFeature = new FlatComposer<BotContext>();
startFeature.command("start", greet);
