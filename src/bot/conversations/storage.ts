// Where the short dialogues keep their state. A person with a record keeps it in the record (field `conv`): the
// identity's HGETALL has already read it, so the conversations plugin costs no command on an update that is not part
// of a dialogue (it reads its state on every update that reaches it). Anyone else (an unknown person writing
// /language, an ADMIN_IDS admin without a record, a group) keeps it under the chat's key as before.
import type { VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import type { BotContext } from "../context.ts";

/** The record holds the dialogue when it is the person's own private chat. */
function inRecord(ctx: BotContext): number | undefined {
  const person = ctx.person;
  return person && ctx.chat?.type === "private" && ctx.chat.id === person.id ? person.id : undefined;
}

export function conversationStorage<S>(): VersionedStateStorage<BotContext, S> {
  const byChat = (ctx: BotContext) => ctx.deps.store.chats.conversationStorage<VersionedState<S>>();
  const chatKey = (ctx: BotContext) => String(ctx.chatId ?? ctx.from?.id);
  return {
    read(ctx) {
      if (inRecord(ctx) === undefined) return byChat(ctx).read(chatKey(ctx));
      const stored = ctx.person?.conversation;
      return stored === undefined ? undefined : (JSON.parse(stored) as VersionedState<S>);
    },
    async write(ctx, state) {
      const id = inRecord(ctx);
      if (id === undefined) return byChat(ctx).write(chatKey(ctx), state);
      const text = JSON.stringify(state);
      await ctx.deps.store.users.setConversation(id, text);
      ctx.person!.conversation = text;
    },
    async delete(ctx) {
      const id = inRecord(ctx);
      if (id === undefined) return byChat(ctx).delete(chatKey(ctx));
      if (ctx.person?.conversation === undefined) return;
      await ctx.deps.store.users.setConversation(id, null);
      delete ctx.person!.conversation;
    },
  };
}
