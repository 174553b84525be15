// getUpdates, setWebhook, deleteWebhook and getWebhookInfo.
import { Described, type MethodHandler } from "../method.ts";
import { ApiError, badRequest } from "../errors.ts";
import type { Params } from "../params.ts";
import type { BotState } from "../state.ts";
import type { WebhookDelivery } from "../webhook.ts";

export const WEBHOOK_ACTIVE =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

/** allowed_updates, when given, replaces the bot's setting; an empty list means Telegram's default set. */
function updateAllowed(bot: BotState, p: Params): void {
  if (!p.has("allowed_updates")) return;
  let value: unknown;
  try {
    value = JSON.parse(p.str("allowed_updates"));
  } catch {
    return;
  }
  if (!Array.isArray(value)) return;
  const list = value.filter((item): item is string => typeof item === "string");
  bot.allowedUpdates = list.length === 0 ? undefined : list;
}

export const getUpdates: MethodHandler = async ({ core, bot, p, signal }) => {
  if (core.webhookOf(bot).config !== undefined) throw new ApiError(409, WEBHOOK_ACTIVE);
  const offset = p.int("offset", 0, -(2 ** 31), 2 ** 31 - 1);
  const limit = p.int("limit", 100, 1, 100);
  const timeout = p.int("timeout", 0, 0, 50);
  updateAllowed(bot, p);
  const { result, cancel } = bot.updates.fetch(offset, limit, timeout);
  if (signal.aborted) cancel();
  signal.addEventListener("abort", cancel, { once: true });
  try {
    return await result;
  } finally {
    signal.removeEventListener("abort", cancel);
  }
};

export const setWebhook: MethodHandler = ({ core, bot, p }) => {
  const url = p.str("url");
  if (url === "") return removeWebhook(core.webhookOf(bot), bot, p);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("invalid webhook URL specified");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw badRequest("invalid webhook URL specified");
  if (parsed.protocol === "http:" && core.options.requireHttpsWebhooks) {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  const secretToken = p.str("secret_token");
  if (secretToken.length > 256) throw badRequest("secret token is too long");
  if (!/^[A-Za-z0-9_-]*$/.test(secretToken)) throw badRequest("secret token contains unallowed characters");
  const maxConnections = p.int("max_connections", 40, 1, 100);
  const drop = p.bool("drop_pending_updates");
  const webhook = core.webhookOf(bot);
  const before = webhook.config;
  const allowedBefore = JSON.stringify(bot.allowedUpdates);
  updateAllowed(bot, p);
  if (before !== undefined && before.url === url && before.secretToken === secretToken && before.maxConnections === maxConnections && !drop) {
    return new Described(true, JSON.stringify(bot.allowedUpdates) === allowedBefore ? "Webhook is already set" : "Webhook was set");
  }
  if (drop) bot.updates.clear("dropped");
  bot.updates.abortPoll("Conflict: terminated by setWebhook request");
  webhook.set({ url, secretToken, maxConnections });
  return new Described(true, "Webhook was set");
};

function removeWebhook(webhook: WebhookDelivery, bot: BotState, p: Params): Described {
  if (p.bool("drop_pending_updates")) bot.updates.clear("dropped");
  const was = webhook.config !== undefined;
  webhook.remove();
  return new Described(true, was ? "Webhook was deleted" : "Webhook is already deleted");
}

export const deleteWebhook: MethodHandler = ({ core, bot, p }) => removeWebhook(core.webhookOf(bot), bot, p);

export const getWebhookInfo: MethodHandler = ({ core, bot }) => {
  const webhook = core.webhookOf(bot);
  const config = webhook.config;
  return {
    url: config?.url ?? "",
    has_custom_certificate: false,
    pending_update_count: bot.updates.size,
    ...(config === undefined ? {} : { ip_address: "127.0.0.1", max_connections: config.maxConnections }),
    ...(webhook.lastError === undefined
      ? {}
      : { last_error_date: webhook.lastError.date, last_error_message: webhook.lastError.message }),
    ...(bot.allowedUpdates === undefined ? {} : { allowed_updates: [...bot.allowedUpdates] }),
  };
};
