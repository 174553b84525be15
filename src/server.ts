// Webhook mode: one HTTP server with the webhook endpoint (secret checked by grammY) and a health endpoint.
import { createServer, type Server, type IncomingMessage, type ServerResponse } from "node:http";
import { webhookCallback, type Bot } from "grammy";
import type { Redis } from "ioredis";
import type { BotContext } from "./bot/context.ts";

export const WEBHOOK_PATH = "/telegram";
const MAX_BODY_BYTES = 1 << 20;

export interface WebhookServerOptions {
  bot: Bot<BotContext>;
  redis: Redis;
  secretToken: string;
  timeoutMilliseconds?: number;
}

export function createWebhookServer(options: WebhookServerOptions): Server {
  const handleUpdate = webhookCallback(options.bot, "http", {
    secretToken: options.secretToken,
    onTimeout: "return",
    timeoutMilliseconds: options.timeoutMilliseconds ?? 9_000,
  });
  return createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url?.split("?")[0];
    if (req.method === "GET" && path === "/healthz") return health(res);
    if (path !== WEBHOOK_PATH) return answer(res, 404, "not found");
    if (req.method !== "POST") return answer(res, 405, "method not allowed");
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return answer(res, 413, "too large");
    if (!String(req.headers["content-type"] ?? "").includes("application/json")) return answer(res, 415, "json expected");
    await handleUpdate(req, res);
  }

  async function health(res: ServerResponse): Promise<void> {
    const redisOk = await options.redis.ping().then(
      () => true,
      () => false,
    );
    answer(res, redisOk ? 200 : 503, JSON.stringify({ redis: redisOk }));
  }
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}
