// Prometheus metrics: one registry per app (tests run several apps in one process), every metric defined here,
// and the three small hooks that feed them: a bot middleware, a wrapper around submitReport, a Bot API transformer.
// The outbox worker counts its sends itself (src/outbox/queue.ts).
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Context, MiddlewareFn, Transformer } from "grammy";
import type { ReportStore, Submission, SubmitResult } from "./store/reports.ts";

export interface Metrics {
  registry: Registry;
  /** Updates received for handling, by type (message, callback_query, …). */
  updates: Counter<"type">;
  /** Updates whose handling threw (the user was told; see the log). */
  updateErrors: Counter<"type">;
  /** Time from the update entering the middleware to its end, in seconds. */
  updateSeconds: Histogram<"type">;
  /** Submissions by result: new, correction, conflict, duplicate. */
  submissions: Counter<"result">;
  /** Outbox messages sent (reminders, digests, briefs, …) by kind. */
  outboxSent: Counter<"kind">;
  /** Outbox messages given up on (blocked bot, unknown chat, tries used up) by kind. */
  outboxFailed: Counter<"kind">;
  /** Bot API calls that failed, each try counted (a retried call counts once per failed try), by method and code. */
  apiFailures: Counter<"method" | "code">;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC); on by default. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    updates: new Counter({ name: "akimat_updates_total", help: "Telegram updates handled, by type", labelNames: ["type"], registers }),
    updateErrors: new Counter({
      name: "akimat_update_errors_total",
      help: "Updates whose handling failed with an error, by type",
      labelNames: ["type"],
      registers,
    }),
    updateSeconds: new Histogram({
      name: "akimat_update_duration_seconds",
      help: "Time to handle one update, by type",
      labelNames: ["type"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    submissions: new Counter({
      name: "akimat_submissions_total",
      help: "Report submissions by result: new, correction, conflict (someone else's version came first), duplicate (a replayed update)",
      labelNames: ["result"],
      registers,
    }),
    outboxSent: new Counter({ name: "akimat_outbox_sent_total", help: "Messages sent by the outbox (reminders, digests, …), by kind", labelNames: ["kind"], registers }),
    outboxFailed: new Counter({ name: "akimat_outbox_failed_total", help: "Outbox messages given up on, by kind", labelNames: ["kind"], registers }),
    apiFailures: new Counter({
      name: "akimat_bot_api_failures_total",
      help: "Failed Bot API calls, each try counted (retried ones included), by method and error code (network: no answer)",
      labelNames: ["method", "code"],
      registers,
    }),
  };
}

/** The update's type: the one field besides update_id. */
export function updateType(update: object): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "unknown";
}

/** Counts and times every update; installed right after the error boundary, so it sees errors before they are caught. */
export function countUpdates(metrics: Metrics): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const type = updateType(ctx.update);
    metrics.updates.inc({ type });
    const stop = metrics.updateSeconds.startTimer({ type });
    try {
      await next();
    } catch (error) {
      metrics.updateErrors.inc({ type });
      throw error;
    } finally {
      stop();
    }
  };
}

/** The same report store, with every submission's result counted. */
export function countSubmissions(reports: ReportStore, metrics: Metrics): ReportStore {
  return {
    ...reports,
    submitReport: async (submission: Submission): Promise<SubmitResult> => {
      const result = await reports.submitReport(submission);
      metrics.submissions.inc({ result: submissionResult(result) });
      return result;
    },
  };
}

function submissionResult(result: SubmitResult): string {
  if (result.status !== "ok") return result.status;
  return result.version === 1 ? "new" : "correction";
}

/** Counts failed Bot API tries; install it before auto-retry so it sits inside it and sees every try. */
export function countApiFailures(metrics: Metrics): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) metrics.apiFailures.inc({ method, code: String(result.error_code) });
      return result;
    } catch (error) {
      metrics.apiFailures.inc({ method, code: "network" });
      throw error;
    }
  };
}
