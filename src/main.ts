// Start: config → Redis → bot → long polling or webhook; a graceful stop on SIGTERM/SIGINT.
import { existsSync } from "node:fs";
import { parseConfig, ConfigurationError, type Config } from "./config.ts";
import { createApp, type App } from "./app.ts";
import { createOpsServer, createWebhookServer, WEBHOOK_PATH } from "./server.ts";
import { createHealthCheck } from "./health.ts";
import { registerCommands } from "./bot/commands.ts";
import { startScheduler } from "./scheduler/index.ts";
import { createWebapp, createWebappServer, type WebappHandler } from "./webapp/index.ts";
import { syncMenuButtons } from "./bot/menuButton.ts";
import { startPolling as pollUpdates, type Polling } from "./bot/polling.ts";

const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = readConfig();
  if (!config.BOT_TOKEN) {
    console.error(
      "BOT_TOKEN is not set. Put the token from @BotFather into .env or the environment (see .env.example), " +
        "or try the bot locally without Telegram: npm run sandbox",
    );
    process.exit(1);
  }
  const app = await createApp(config, config.BOT_TOKEN);
  await registerCommands(app.bot.api, app.translate);
  const stopScheduler = await startScheduler(app);
  const webapp = createWebapp(app, { token: config.BOT_TOKEN, maxAgeSeconds: config.WEBAPP_AUTH_MAX_AGE_S });
  const onWebhookPort = config.BOT_MODE === "webhook" && (config.WEBAPP_PORT ?? config.WEBHOOK_PORT) === config.WEBHOOK_PORT;
  const stop = config.BOT_MODE === "webhook" ? await startWebhook(app, config, onWebhookPort ? webapp : undefined) : startPolling(app, config);
  const stopOps = await startOps(app, config);
  const stopWebapp = onWebhookPort ? async () => {} : await startWebapp(app, config, webapp);
  void syncMenuButtons(app).catch((error: unknown) => app.logger.warn({ err: error }, "menu buttons not set"));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "stopping: finishing updates in flight");
    try {
      await stop();
      await stopOps();
      await stopWebapp();
      await stopScheduler();
      await app.close();
    } catch (error) {
      app.logger.error({ err: error }, "stop failed");
      process.exit(1);
    }
    app.logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

function readConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function startPolling(app: App, config: Config): () => Promise<void> {
  let polling: Polling | undefined;
  app.deps.redeliveryIsUnanswered = true;
  const started = app.bot.api.deleteWebhook().then(() => {
    polling = pollUpdates(app.bot, { allowedUpdates: ALLOWED_UPDATES, logger: app.logger, inbox: app.store.inbox, inboxAfter: config.POLLING_INBOX_AFTER });
    app.logger.info({ mode: "polling" }, "bot started");
  });
  return async () => {
    await started;
    await polling?.stop();
  };
}

/** The webhook this deployment wants: ours in webhook mode, none in polling mode. */
function webhookUrlOf(config: Config): string {
  return config.BOT_MODE === "webhook" ? new URL(WEBHOOK_PATH, config.WEBHOOK_URL).toString() : "";
}

function healthOf(app: App, config: Config) {
  const url = webhookUrlOf(config);
  return createHealthCheck({ redis: app.redis, api: app.bot.api, webhookUrl: () => url, clock: app.deps.clock });
}

/** HEALTH_PORT: /healthz and /metrics on a port of their own, in either mode. */
async function startOps(app: App, config: Config): Promise<() => Promise<void>> {
  if (config.HEALTH_PORT === undefined) return async () => {};
  const server = createOpsServer({ health: healthOf(app, config), metrics: app.metrics });
  await new Promise<void>((resolve) => server.listen(config.HEALTH_PORT, config.HEALTH_HOST, resolve));
  app.logger.info({ port: config.HEALTH_PORT }, "health and metrics served");
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The Mini App on a port of its own: in polling mode when WEBAPP_URL is set, in webhook mode when WEBAPP_PORT differs. */
async function startWebapp(app: App, config: Config, webapp: WebappHandler): Promise<() => Promise<void>> {
  if (config.BOT_MODE === "polling" && !config.WEBAPP_URL) return async () => {};
  const port = config.WEBAPP_PORT ?? config.WEBHOOK_PORT;
  const server = createWebappServer(webapp);
  await new Promise<void>((resolve) => server.listen(port, config.WEBAPP_HOST, resolve));
  app.logger.info({ port }, "mini app served");
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

async function startWebhook(app: App, config: Config, webapp?: WebappHandler): Promise<() => Promise<void>> {
  const server = createWebhookServer({
    webapp,
    bot: app.bot,
    redis: app.redis,
    secretToken: config.WEBHOOK_SECRET!,
    health: healthOf(app, config),
    // With an ops port of its own, /metrics stays off the public address.
    metrics: config.HEALTH_PORT === undefined ? app.metrics : undefined,
  });
  await new Promise<void>((resolve) => server.listen(config.WEBHOOK_PORT, config.WEBHOOK_HOST, resolve));
  const url = webhookUrlOf(config);
  await app.bot.api.setWebhook(url, {
    secret_token: config.WEBHOOK_SECRET,
    allowed_updates: [...ALLOWED_UPDATES],
  });
  app.logger.info({ mode: "webhook", port: config.WEBHOOK_PORT }, "bot started");
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
