// Webhook delivery for one bot: POSTs each pending update as JSON; one queue key (a chat) strictly in order,
// different keys concurrently up to max_connections; a non-2xx answer or a connection error is retried
// with a growing delay and remembered as last_error_message.
import http from "node:http";
import https from "node:https";
import type { QueuedUpdate, UpdateQueue } from "./updates.ts";

export interface WebhookConfig {
  url: string;
  secretToken: string;
  maxConnections: number;
}

export interface WebhookTiming {
  /** First retry delay; doubles per failure of the same update up to `retryMaxMs`. */
  retryInitialMs: number;
  retryMaxMs: number;
  /** How long one POST may take before it counts as failed. */
  timeoutMs: number;
}

export interface WebhookAttempt {
  updateId: number;
  url: string;
  ok: boolean;
  /** HTTP status, when an answer came. */
  status?: number;
  /** The error as getWebhookInfo reports it, when it failed. */
  error?: string;
}

export interface WebhookHooks {
  onAttempt(attempt: WebhookAttempt): void;
  /** A 2xx answer whose body is a JSON object with "method": run it as a call of the bot. */
  onReply(body: Record<string, unknown>): Promise<void>;
}

type PostOutcome =
  | { ok: true; status: number; body: string }
  | { ok: false; status?: number; error: string; retryAfter: number };

export class WebhookDelivery {
  config: WebhookConfig | undefined;
  lastError: { date: number; message: string } | undefined;
  private generation = 0;
  private active = 0;
  private readonly busy = new Map<QueuedUpdate, "sending" | "waiting">();
  private readonly failures = new Map<QueuedUpdate, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });
  private closed = false;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly timing: WebhookTiming,
    private readonly hooks: WebhookHooks,
  ) {
    queue.onAdded = () => this.pump();
  }

  set(config: WebhookConfig): void {
    this.reset();
    this.config = config;
    this.lastError = undefined;
    this.pump();
  }

  remove(): void {
    this.reset();
    this.config = undefined;
    this.lastError = undefined;
  }

  close(): void {
    this.closed = true;
    this.reset();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private reset(): void {
    this.generation++;
    this.active = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.busy.clear();
    this.failures.clear();
  }

  /** Starts every delivery that may start now. */
  pump(): void {
    const config = this.config;
    if (config === undefined || this.closed) return;
    const seen = new Set<string>();
    for (const item of this.queue.list()) {
      if (this.active >= config.maxConnections) break;
      if (seen.has(item.key)) continue;
      seen.add(item.key);
      if (!this.busy.has(item)) void this.deliver(item, config, this.generation);
    }
  }

  private async deliver(item: QueuedUpdate, config: WebhookConfig, generation: number): Promise<void> {
    this.busy.set(item, "sending");
    this.active++;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (config.secretToken !== "") headers["x-telegram-bot-api-secret-token"] = config.secretToken;
    const outcome = await this.post(config.url, JSON.stringify(item.update), headers);
    const current = generation === this.generation;
    if (current) this.active--;
    this.hooks.onAttempt({
      updateId: item.id,
      url: config.url,
      ok: outcome.ok,
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      ...(outcome.ok ? {} : { error: outcome.error }),
    });
    if (outcome.ok) {
      const reply = parseReply(outcome.body);
      if (reply !== undefined) await this.hooks.onReply(reply);
      if (current) {
        this.busy.delete(item);
        this.failures.delete(item);
      }
      this.queue.remove(item, "handled");
    } else if (current) {
      this.lastError = { date: Math.floor(Date.now() / 1000), message: outcome.error };
      const failures = (this.failures.get(item) ?? 0) + 1;
      this.failures.set(item, failures);
      const delay =
        outcome.retryAfter > 0
          ? outcome.retryAfter * 1000
          : Math.min(this.timing.retryMaxMs, this.timing.retryInitialMs * 2 ** (failures - 1));
      this.busy.set(item, "waiting");
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.busy.delete(item);
        this.pump();
      }, delay);
      this.timers.add(timer);
    }
    this.pump();
  }

  private post(url: string, body: string, headers: Record<string, string>): Promise<PostOutcome> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ ok: false, error: "Bad webhook URL", retryAfter: 0 });
        return;
      }
      const secure = target.protocol === "https:";
      const request = (secure ? https : http).request(
        target,
        { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: secure ? this.httpsAgent : this.httpAgent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => resolve({ ok: false, error: describe(error), retryAfter: 0 }));
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status <= 299) {
              resolve({ ok: true, status, body: Buffer.concat(chunks).toString("utf8") });
              return;
            }
            const retryAfter = Number.parseInt(String(response.headers["retry-after"] ?? "0"), 10);
            resolve({
              ok: false,
              status,
              error: `Wrong response from the webhook: ${status} ${response.statusMessage ?? ""}`.trimEnd(),
              retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 0,
            });
          });
        },
      );
      request.setTimeout(this.timing.timeoutMs, () => request.destroy(new TimeoutError()));
      request.on("error", (error) => resolve({ ok: false, error: describe(error), retryAfter: 0 }));
      request.end(body);
    });
  }
}

class TimeoutError extends Error {}

/** Worded like getWebhookInfo's last_error_message. */
function describe(error: Error): string {
  if (error instanceof TimeoutError) return "Read timeout expired";
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "Connection refused";
  if (code === "ECONNRESET" || error.message === "socket hang up") return "Connection reset by peer";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "Failed to resolve host: Name or service not known";
  return error.message;
}

function parseReply(body: string): Record<string, unknown> | undefined {
  if (body.trim() === "") return undefined;
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { method?: unknown }).method === "string") {
      return value as Record<string, unknown>;
    }
  } catch {
    // Any non-JSON 2xx body is fine: the update counts as delivered.
  }
  return undefined;
}
