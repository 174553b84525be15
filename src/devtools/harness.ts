// The real bot against the project's local Bot API over HTTP, in webhook mode, on a real Redis: for transcripts,
// end-to-end tests, the sandbox and benchmarks. Nothing in it is fake but Telegram's servers.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Writable } from "node:stream";
import { createRedis, redisTargetOf } from "../store/redis.ts";
import { LocalBotApi, type LocalBotApiOptions } from "../localapi/index.ts";
import { parseConfig } from "../config.ts";
import { createApp, type App } from "../app.ts";
import { SettableClock } from "../clock.ts";
import { createLogger } from "../logger.ts";
import { createWebhookServer, WEBHOOK_PATH } from "../server.ts";
import { registerCommands } from "../bot/commands.ts";
import { createHealthCheck } from "../health.ts";
import { createWebapp, WEBAPP_PATH } from "../webapp/index.ts";
import { startRedisServer, type RedisServer } from "./redisServer.ts";

export const HARNESS_TOKEN = "1000001:LOCAL-harness-token-not-a-real-one";
export const HARNESS_BOT = { id: 1000001, username: "akimat_local_bot", first_name: "Akimat" };

export interface HarnessOptions {
  /**
   * A Redis to use (a fresh key prefix is taken); otherwise a private redis-server is started, unless `env` names
   * a Redis Cluster or Sentinels (REDIS_CLUSTER_NODES, REDIS_SENTINELS), which are then used.
   */
  redisUrl?: string;
  prefix?: string;
  env?: Record<string, string>;
  api?: LocalBotApiOptions;
  /** Where the bot's log lines go (default: kept in memory, see `logLines`). */
  logTo?: NodeJS.WritableStream;
  logLevel?: string;
}

export interface Harness {
  api: LocalBotApi;
  clock: SettableClock;
  app: App;
  prefix: string;
  /** Where the bot's webhook listens, and the secret the Bot API server sends. */
  readonly webhookUrl: string;
  readonly secret: string;
  /** The Mini App's page on the same server (http://127.0.0.1:<port>/app/); open it with `user.openWebApp(appUrl)`. */
  readonly appUrl: string;
  /** Log lines the bot wrote (when not redirected), parsed. */
  logLines: Record<string, unknown>[];
  /** Stops the bot (as a crash would: no goodbye) and starts a new instance on the same Redis. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  let redisServer: RedisServer | undefined;
  let redisUrl = options.redisUrl;
  if (!redisUrl && !options.env?.REDIS_CLUSTER_NODES && !options.env?.REDIS_SENTINELS) {
    redisServer = await startRedisServer();
    redisUrl = redisServer.socket;
  }
  const prefix = options.prefix ?? `h${randomBytes(4).toString("hex")}:`;
  const api = await LocalBotApi.start(options.api);
  const me = api.addBot({ token: HARNESS_TOKEN, ...HARNESS_BOT });
  const botInfo = { ...me, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true } as never;
  const clock = new SettableClock();
  const logLines: Record<string, unknown>[] = [];
  const memoryLog = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = parseConfig({
    BOT_API_ROOT: api.apiRoot,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: options.logLevel ?? "warn",
    ...options.env,
  });
  const secret = randomBytes(16).toString("hex");
  const redis = createRedis(redisTargetOf(config));

  let app: App;
  let server: Server;
  let webhookUrl = "";
  const boot = async () => {
    const logger = createLogger({ level: config.LOG_LEVEL, secrets: [HARNESS_TOKEN], destination: (options.logTo ?? memoryLog) as never });
    app = await createApp(config, HARNESS_TOKEN, { redis, clock, logger, botInfo, apiPolicy: { maxRetryDelaySeconds: 5, maxRetryAttempts: 5 } });
    await app.bot.init();
    const health = createHealthCheck({ redis, api: app.bot.api, webhookUrl: () => webhookUrl, clock });
    const webapp = createWebapp(app, { token: HARNESS_TOKEN, maxAgeSeconds: config.WEBAPP_AUTH_MAX_AGE_S });
    server = createWebhookServer({ bot: app.bot, redis, secretToken: secret, health, metrics: app.metrics, webapp });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    webhookUrl = `http://127.0.0.1:${port}${WEBHOOK_PATH}`;
    await app.bot.api.setWebhook(webhookUrl, { secret_token: secret });
    await registerCommands(app.bot.api, app.translate);
  };
  const stopServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await boot();

  return {
    api,
    clock,
    get app() {
      return app;
    },
    prefix,
    get webhookUrl() {
      return webhookUrl;
    },
    get appUrl() {
      return new URL(WEBAPP_PATH, webhookUrl).toString();
    },
    secret,
    logLines,
    restart: async () => {
      await stopServer();
      await app.close();
      await boot();
    },
    close: async () => {
      await stopServer();
      await app.close();
      await api.close();
      redis.disconnect();
      await redisServer?.stop();
    },
  };
}
