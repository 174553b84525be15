// One read per update: who is writing, their role, unit and language.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.ts";
import type { Viewer } from "./access.ts";
import type { PersonRecord } from "./deps.ts";
import { negotiateLocale } from "./i18n.ts";

export function viewerOf(record: PersonRecord | undefined, userId: number | undefined, adminIds: readonly number[]): Viewer {
  if (userId !== undefined && adminIds.includes(userId)) return { role: "admin", userId };
  if (!record || record.revoked || userId === undefined) return { role: "unknown", userId };
  switch (record.role) {
    case "admin":
      return { role: "admin", userId };
    case "region":
      return { role: "region", userId, forms: record.forms };
    case "district":
      return record.unit ? { role: "district", userId, unit: record.unit } : { role: "unknown", userId };
  }
}

export function identify(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    const record = userId === undefined ? undefined : await ctx.deps.people.get(userId);
    ctx.viewer = viewerOf(record, userId, ctx.deps.adminIds);
    ctx.person = record;
    ctx.locale = negotiateLocale(ctx.viewer.role === "unknown" ? undefined : record?.lang, ctx.from?.language_code);
    await next();
  };
}
