// Every feature states its audience through `only`.
import { Composer, type Middleware } from "grammy";
import type { BotContext } from "./context.ts";

// The role, the viewer and what they may see are domain concepts (src/domain/people.ts); re-exported for the features.
export { canReportFor, canSeeRegionForm, isKnown, type Role, type Viewer } from "../domain/people.ts";
import type { Viewer } from "../domain/people.ts";

/**
 * A composer that passes an update to `middleware` only for the listed roles; others fall through. A plain test in
 * front of the features' middleware, built once (grammY's `filter` builds a new composer per update).
 */
export function only(roles: readonly Viewer["role"][], ...middleware: Middleware<BotContext>[]): Composer<BotContext> {
  const inner = new Composer<BotContext>(...middleware).middleware();
  return new Composer<BotContext>((ctx, next) => (roles.includes(ctx.viewer.role) ? inner(ctx, next) : next()));
}
