// Webhook mode: one HTTP server with the webhook endpoint (secret checked by grammY), /healthz and /metrics.
// Polling mode (or HEALTH_PORT): an ops server with /healthz and /metrics only.
import type { RedisClient } from "./store/redis.ts";
import { createServer, type Server, type IncomingMessage, type ServerResponse } from "node:http";
import { webhookCallback, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "./bot/context.ts";
import { createHealthCheck, type HealthCheck } from "./health.ts";
import { systemClock } from "./clock.ts";
import type { Metrics } from "./metrics.ts";
import type { WebappHandler } from "./webapp/index.ts";
import { BodyError, readJsonBody } from "./httpBody.ts";

export const WEBHOOK_PATH = "/telegram";
const MAX_BODY_BYTES = 1 << 20;

export interface WebhookServerOptions {
  bot: Bot<BotContext>;
  redis: RedisClient;
  secretToken: string;
  timeoutMilliseconds?: number;
  /** What /healthz checks (default: Redis only). */
  health?: HealthCheck;
  /** Served at /metrics when given. */
  metrics?: Metrics;
  /** The leadership's Mini App under /app/ (src/webapp), when given. */
  webapp?: WebappHandler;
}

export interface OpsEndpoints {
  health: HealthCheck;
  metrics?: Metrics;
}

export function createWebhookServer(options: WebhookServerOptions): Server {
  const ops: OpsEndpoints = { health: options.health ?? createHealthCheck({ redis: options.redis, clock: systemClock }), metrics: options.metrics };
  const handleUpdate = webhookCallback(options.bot, nodeAdapter, {
    secretToken: options.secretToken,
    onTimeout: "return",
    timeoutMilliseconds: options.timeoutMilliseconds ?? 9_000,
  });
  return createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(error instanceof BadRequestBody ? error.status : 500);
      res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url?.split("?")[0];
    if (await serveOps(req, res, ops)) return;
    if (options.webapp && (await options.webapp(req, res))) return;
    if (path !== WEBHOOK_PATH) return answer(res, 404, "not found");
    if (req.method !== "POST") return answer(res, 405, "method not allowed");
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return answer(res, 413, "too large");
    if (!String(req.headers["content-type"] ?? "").includes("application/json")) return answer(res, 415, "json expected");
    await handleUpdate(req, res);
  }
}

/** An HTTP server with /healthz and /metrics only. */
export function createOpsServer(ops: OpsEndpoints): Server {
  return createServer((req, res) => {
    serveOps(req, res, ops)
      .then((served) => {
        if (!served) answer(res, 404, "not found");
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
}

/** Answers GET /healthz (200 or 503 with a JSON body naming each check) and GET /metrics; false for any other request. */
async function serveOps(req: IncomingMessage, res: ServerResponse, ops: OpsEndpoints): Promise<boolean> {
  if (req.method !== "GET") return false;
  const path = req.url?.split("?")[0];
  if (path === "/healthz") {
    const report = await ops.health();
    res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(report));
    return true;
  }
  if (path === "/metrics" && ops.metrics) {
    const { registry } = ops.metrics;
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType });
    res.end(body);
    return true;
  }
  return false;
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}

/** A body that is not a Telegram update: answered 4xx and never processed. */
class BadRequestBody extends Error {
  constructor(readonly status: number) {
    super(`bad webhook body (${status})`);
  }
}

async function readUpdate(req: IncomingMessage): Promise<Update> {
  const body = await readJsonBody(req, MAX_BODY_BYTES).catch((error: unknown) => {
    throw error instanceof BodyError ? new BadRequestBody(error.status) : error;
  });
  const update = body as Update;
  if (typeof update !== "object" || update === null || !Number.isSafeInteger(update.update_id)) throw new BadRequestBody(400);
  return update;
}

/** grammY's node:http adapter with a size limit and a check that the body is an update. */
const nodeAdapter = (req: IncomingMessage, res: ServerResponse) => {
  const header = req.headers["x-telegram-bot-api-secret-token"];
  return {
    get update() {
      return readUpdate(req);
    },
    header: Array.isArray(header) ? header[0] : header,
    end: () => res.end(),
    respond: (json: string) => res.writeHead(200, { "Content-Type": "application/json" }).end(json),
    unauthorized: () => res.writeHead(401).end("secret token is wrong"),
  };
};
