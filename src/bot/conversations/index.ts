// Every conversation with its id (the id is stored in Redis: never rename one in use; raise CONVERSATIONS_VERSION
// in ../index.ts when a conversation's code changes).
import type { ConversationBuilder } from "@grammyjs/conversations";
import type { BotContext, InnerContext } from "../context.ts";
import { chooseLanguage } from "./language.ts";
import { inviteWizard } from "./invite.ts";

export const conversationList: { id: string; builder: ConversationBuilder<BotContext, InnerContext> }[] = [
  { id: "language", builder: chooseLanguage },
  { id: "invite", builder: inviteWizard },
];
