// Wiring shared by main, the sandbox, transcripts and benchmarks: logger, Redis, configuration, store, bot.
import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "./config.ts";
import { clockStartingAt, systemClock, type Clock } from "./clock.ts";
import { createLogger, type Logger } from "./logger.ts";
import { loadDomainConfig } from "./configFiles.ts";
import { parseInstant } from "./domain/zonedTime.ts";
import { createRedis, redisTargetOf, type RedisClient, type RedisConfig } from "./store/redis.ts";
import { createStore, type Store } from "./store/index.ts";
import { createKeys } from "./store/keys.ts";
import { createIdentityCache, type IdentityCache } from "./store/identityCache.ts";
import { Redis } from "ioredis";
import { createBot } from "./bot/index.ts";
import type { BotContext } from "./bot/context.ts";
import type { BotDeps, People } from "./bot/deps.ts";
import { createI18n, translatorOf, type Translator } from "./bot/i18n.ts";
import type { ApiPolicy } from "./bot/api.ts";
import { countSubmissions, createMetrics, type Metrics } from "./metrics.ts";
import { createOutbox } from "./outbox/index.ts";

export interface App {
  bot: Bot<BotContext>;
  redis: RedisClient;
  store: Store;
  deps: BotDeps;
  logger: Logger;
  metrics: Metrics;
  translate: Translator;
  /** The identity reads' cache, when on (IDENTITY_CACHE). */
  identityCache?: IdentityCache;
  close(): Promise<void>;
}

export interface AppOverrides {
  redis?: RedisClient;
  clock?: Clock;
  logger?: Logger;
  botInfo?: UserFromGetMe;
  apiPolicy?: ApiPolicy;
  metrics?: Metrics;
}

export type AppConfig = Pick<
  Config,
  | "BOT_API_ROOT"
  | "REDIS_URL"
  | "REDIS_PREFIX"
  | "ADMIN_IDS"
  | "LOG_LEVEL"
  | "CLOCK_START"
  | "CONFIG_DIR"
  | "INVITE_TTL_DAYS"
  | "DRAFT_TTL_DAYS"
> &
  RedisConfig &
  Pick<Config, "REDIS_WAIT_REPLICAS" | "REDIS_WAIT_TIMEOUT_MS"> &
  Partial<Pick<Config, "BOT_MODE" | "CHAT_LOCK" | "WEBAPP_URL" | "IDENTITY_CACHE">>;

export async function createApp(config: AppConfig, token: string, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL, secrets: [token] });
  const domain = loadDomainConfig(config.CONFIG_DIR);
  const ownsRedis = overrides.redis === undefined;
  const redis = overrides.redis ?? createRedis(redisTargetOf(config));
  watchRedis(redis, logger);
  const keys = createKeys(config.REDIS_PREFIX, domain.region.id);
  const identityCache = identityCacheWanted(config, redis)
    ? createIdentityCache(redis as Redis, [keys.userPrefix(), keys.draftPrefix()], { onState: (state, reason) => logger.info({ state, reason }, "identity cache") })
    : undefined;
  const store = createStore(redis, {
    prefix: config.REDIS_PREFIX,
    regionId: domain.region.id,
    ...(identityCache ? { identityCache } : {}),
    ttlMs: config.DRAFT_TTL_DAYS * 86_400_000,
    durability: { replicas: config.REDIS_WAIT_REPLICAS, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS },
  });
  // Reports stored before the units' history hashes are built into them once, in the background (reports.ts).
  store.reports.prepareHistories().catch((err: unknown) => logger.warn({ err }, "unit histories not prepared; read from the reports meanwhile"));
  const metrics = overrides.metrics ?? createMetrics();
  store.reports = countSubmissions(store.reports, metrics);
  const clock = overrides.clock ?? clockFrom(config, domain.region.timeZone, logger);
  const deps: BotDeps = {
    prefix: config.REDIS_PREFIX,
    store,
    outbox: createOutbox(redis, store.keys, logger),
    people: peopleOf(store),
    region: domain.region,
    forms: domain.forms,
    clock,
    logger,
    metrics,
    timeZone: domain.region.timeZone,
    adminIds: config.ADMIN_IDS,
    inviteTtlDays: config.INVITE_TTL_DAYS,
    ...(config.WEBAPP_URL ? { webappUrl: config.WEBAPP_URL } : {}),
  };
  const chatLock = config.CHAT_LOCK === "on" || (config.CHAT_LOCK !== "off" && config.BOT_MODE === "webhook");
  const bot = createBot({ token, deps, apiRoot: config.BOT_API_ROOT, botInfo: overrides.botInfo, apiPolicy: overrides.apiPolicy, chatLock });
  const translate = translatorOf(createI18n() as never);
  return {
    bot,
    redis,
    store,
    deps,
    logger,
    metrics,
    translate,
    ...(identityCache ? { identityCache } : {}),
    close: async () => {
      await identityCache?.close();
      if (!ownsRedis) return;
      // QUIT lets the replies in flight arrive. With Redis away it would wait behind the commands queued for the
      // reconnect and fail with them (an error out of a clean stop): the connection is cut instead.
      if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

/** CLOCK_START without an offset is the region's local time. */
function clockFrom(config: AppConfig, timeZone: string, logger: Logger): Clock {
  const start = config.CLOCK_START === undefined ? undefined : parseInstant(config.CLOCK_START, timeZone);
  if (start === undefined) return systemClock;
  logger.warn({ clockStart: start.toISOString(), timeZone }, "CLOCK_START is set: the bot's clock does not show the real time");
  return clockStartingAt(start);
}

function peopleOf(store: Store): People {
  return {
    get: async (id) => (await store.users.getPerson(id)) ?? undefined,
    put: (record) => store.users.putUser(record),
    setLanguage: (id, lang) => store.users.setUserLanguage(id, lang),
  };
}

/**
 * The identity cache (store/identityCache.ts) where one process sees every update of a chat: with polling (or when
 * asked) and a client of one server; never on a Cluster.
 */
function identityCacheWanted(config: AppConfig, redis: RedisClient): boolean {
  if (!(redis instanceof Redis) || config.IDENTITY_CACHE === "off") return false;
  return config.IDENTITY_CACHE === "on" || config.BOT_MODE === "polling";
}

/** Connection trouble is logged once per outage, not once per reconnect attempt. */
function watchRedis(redis: RedisClient, logger: Logger): void {
  let down = false;
  redis.on("error", (err: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err }, "Redis connection lost; reconnecting");
  });
  redis.on("ready", () => {
    if (down) logger.info("Redis connection back");
    down = false;
  });
}
