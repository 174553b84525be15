// The one context type of the bot, with the flavours stacked.
import type { Context } from "grammy";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Locale } from "../domain/locale.ts";
import type { BotDeps, PersonRecord } from "./deps.ts";
import type { Viewer } from "../domain/people.ts";

export interface BotExtras {
  deps: BotDeps;
  /** Who is writing and what they may do; an unknown person has role "unknown". */
  viewer: Viewer;
  /** The stored record of the person, when there is one (also for revoked people). */
  person: PersonRecord | undefined;
  /** The language negotiated for this update. */
  locale: Locale;
}

export type InnerContext = Context & I18nFlavor & BotExtras;
export type BotContext = ConversationFlavor<Context & I18nFlavor & BotExtras>;
