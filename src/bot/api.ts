// Transformers every Bot API call goes through, outside and inside conversations alike.
import type { Api, Transformer } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { countApiFailures, type Metrics } from "../metrics.ts";

export const TELEGRAM_TEXT_LIMIT = 4096;

/** Splits text into pieces of at most `limit` characters, at line ends where possible. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf("\n", limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(" ", limit);
    if (cut < limit / 2) cut = limit;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  pieces.push(rest);
  return pieces;
}

/** A message over Telegram's limit is sent as several, the buttons on the last one. */
export const splitLongMessages: Transformer = async (prev, method, payload, signal) => {
  if (method !== "sendMessage" || !payload || typeof (payload as { text?: unknown }).text !== "string") {
    return prev(method, payload, signal);
  }
  const { text, reply_markup, ...rest } = payload as { text: string; reply_markup?: unknown };
  if (text.length <= TELEGRAM_TEXT_LIMIT) return prev(method, payload, signal);
  const pieces = splitText(text);
  let last: Awaited<ReturnType<typeof prev>> | undefined;
  for (const [index, piece] of pieces.entries()) {
    const isLast = index === pieces.length - 1;
    const part = { ...rest, text: piece, ...(isLast && reply_markup ? { reply_markup } : {}) };
    last = await prev(method, part as typeof payload, signal);
    if (!last.ok) return last;
  }
  return last!;
};

export interface ApiPolicy {
  /** The longest wait on a 429 before giving up (seconds); keep short under webhooks. */
  maxRetryDelaySeconds: number;
  maxRetryAttempts: number;
}

export const defaultApiPolicy: ApiPolicy = { maxRetryDelaySeconds: 30, maxRetryAttempts: 5 };

export function installApiTransformers(api: Api, policy: ApiPolicy = defaultApiPolicy, metrics?: Metrics): void {
  // Innermost, so every try is seen, the ones auto-retry repeats included.
  if (metrics) api.config.use(countApiFailures(metrics));
  api.config.use(splitLongMessages);
  api.config.use(
    autoRetry({
      maxDelaySeconds: policy.maxRetryDelaySeconds,
      maxRetryAttempts: policy.maxRetryAttempts,
    }),
  );
}
