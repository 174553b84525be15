// The Mini App's menu button follows the person's role: set on the first update of a region user or admin seen by
// this process, taken away when a person is no longer one (revoked, or made a district akim). Only with WEBAPP_URL.
import type { BotContext } from "../context.ts";
import type { BotDeps } from "../deps.ts";
import { setMenuButton } from "../menuButton.ts";
import { FlatComposer } from "../composer.ts";

/** Per bot: whether each person seen has the button now. */
const shown = new WeakMap<BotDeps, Map<number, boolean>>();

export const webappMenuFeature = new FlatComposer<BotContext>();

webappMenuFeature.chatType("private").use(async (ctx, next) => {
  const url = ctx.deps.webappUrl;
  const userId = ctx.from?.id;
  if (url && userId !== undefined) {
    let known = shown.get(ctx.deps);
    if (!known) shown.set(ctx.deps, (known = new Map()));
    const wanted = ctx.viewer.role === "region" || ctx.viewer.role === "admin";
    if (known.get(userId) !== wanted) {
      known.set(userId, wanted);
      await setMenuButton({ api: ctx.api, logger: ctx.deps.logger }, userId, wanted ? { url, text: ctx.t("webapp-menu-button") } : undefined);
    }
  }
  await next();
});
