// The environment, parsed once. The rest of the code never reads process.env.
import { z } from "zod";
import { parseInstant } from "./domain/zonedTime.ts";

const idList = z
  .string()
  .default("")
  .transform((s, ctx) => {
    const parts = s.split(/[\s,]+/).filter(Boolean);
    const ids = parts.map(Number);
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
      ctx.addIssue({ code: "custom", message: "a comma-separated list of Telegram user ids" });
      return z.NEVER;
    }
    return ids;
  });

const redisUrl = z
  .string()
  .refine((s) => /^(redis|rediss):\/\//.test(s) || s.startsWith("/"), "redis://, rediss:// or a unix socket path");

/** `host:port,host:port` (Redis Cluster seed nodes, Sentinels). */
const hostPortList = z.string().transform((s, ctx) => {
  const parts = s.split(/[\s,]+/).filter(Boolean);
  const nodes = parts.map((part) => /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(part)).map((m) => m && { host: m[1]!, port: Number(m[2]) });
  if (nodes.length === 0 || nodes.some((node) => !node || node.port < 1 || node.port > 65535)) {
    ctx.addIssue({ code: "custom", message: "a comma-separated list of host:port" });
    return z.NEVER;
  }
  return nodes as { host: string; port: number }[];
});

export const configSchema = z
  .object({
    BOT_TOKEN: z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, "looks like 123456:ABC-DEF… as given by @BotFather")
      .optional(),
    BOT_API_ROOT: z.url().default("https://api.telegram.org"),
    BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
    WEBHOOK_URL: z.url().optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
    WEBHOOK_HOST: z.string().default("0.0.0.0"),
    WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    HEALTH_HOST: z.string().default("0.0.0.0"),
    // A per-chat lock in Redis across instances (bot/chatLock.ts): auto = on in webhook mode, off with polling.
    CHAT_LOCK: z.enum(["auto", "on", "off"]).default("auto"),
    // The person's record kept in memory while Redis says it has not changed (store/identityCache.ts): auto = on with
    // polling and one Redis server (or Sentinel), off in webhook mode (several instances) and on a Cluster.
    IDENTITY_CACHE: z.enum(["auto", "on", "off"]).default("auto"),
    // Long polling: updates being handled that Telegram alone keeps before they go to the Redis inbox (bot/polling.ts).
    POLLING_INBOX_AFTER: z.coerce.number().int().min(0).max(100).default(10),
    REDIS_URL: redisUrl.default("redis://127.0.0.1:6379"),
    REDIS_PREFIX: z
      .string()
      .regex(/^[\w.:-]{1,40}$/, "letters, digits and . : _ - (up to 40)")
      .default("akimat:"),
    // Redis Cluster (seed nodes) or Sentinel (sentinels and the master's name) instead of REDIS_URL; see src/store/redis.ts.
    REDIS_CLUSTER_NODES: hostPortList.optional(),
    REDIS_SENTINELS: hostPortList.optional(),
    REDIS_SENTINEL_NAME: z.string().regex(/^[\w.-]{1,64}$/, "letters, digits and . _ -").default("mymaster"),
    REDIS_SENTINEL_PASSWORD: z.string().optional(),
    REDIS_USERNAME: z.string().optional(),
    REDIS_PASSWORD: z.string().optional(),
    REDIS_TLS: z.stringbool().default(false),
    // A submission is acknowledged only once this many replicas have it (WAIT); 0: as soon as the primary has it.
    REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(10).default(0),
    REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(2000),
    ADMIN_IDS: idList,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Read in the region's time zone (config/region.yaml `timeZone`, the one source of it) unless an offset is given.
    CLOCK_START: z
      .string()
      .refine((s) => parseInstant(s, "UTC") !== undefined, "a date and time such as 2016-11-03T10:00 (the region's time) or 2016-11-03T10:00+06:00")
      .optional(),
    CONFIG_DIR: z.string().default("config"),
    INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    DRAFT_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(60),
    // The leadership's Mini App (src/webapp): the public HTTPS address Telegram opens, and its listener.
    WEBAPP_URL: z.url().refine((url) => url.startsWith("https://"), "an https:// address (Telegram opens Mini Apps over HTTPS only)").optional(),
    WEBAPP_HOST: z.string().default("0.0.0.0"),
    WEBAPP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // How long init data signed by Telegram is accepted (auth_date), in seconds.
    WEBAPP_AUTH_MAX_AGE_S: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  })
  .superRefine((env, ctx) => {
    if (env.REDIS_CLUSTER_NODES && env.REDIS_SENTINELS)
      ctx.addIssue({ code: "custom", path: ["REDIS_SENTINELS"], message: "set REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both" });
    if (env.WEBAPP_PORT !== undefined && env.WEBAPP_PORT === env.HEALTH_PORT)
      ctx.addIssue({ code: "custom", path: ["WEBAPP_PORT"], message: "must differ from HEALTH_PORT (the ops port stays private)" });
    if (env.BOT_MODE !== "webhook") return;
    if (!env.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "required when BOT_MODE=webhook" });
    if (!env.WEBHOOK_SECRET)
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "required when BOT_MODE=webhook" });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigurationError extends Error {}

/** Parses the environment; throws ConfigurationError with one line per problem (never echoing secret values). */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
  throw new ConfigurationError(`Bad setting: ${lines.join("; ")}`);
}
