// Every feature states its audience through `only`.
import { Composer, type Middleware } from "grammy";
import type { BotContext } from "./context.ts";

// The role, the viewer and what they may see are domain concepts (src/domain/people.ts); re-exported for the features.
export { canReportFor, canSeeRegionForm, isKnown, type Role, type Viewer } from "../domain/people.ts";
import type { Viewer } from "../domain/people.ts";
import { FlatComposer } from "./composer.ts";

/** A composer that passes an update to `middleware` only for the listed roles; others fall through. */
export function only(roles: readonly Viewer["role"][], ...middleware: Middleware<BotContext>[]): Composer<BotContext> {
  const composer = new FlatComposer<BotContext>();
  composer.filter((ctx) => roles.includes(ctx.viewer.role), ...middleware);
  return composer;
}
