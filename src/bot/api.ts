// Transformers every Bot API call goes through, outside and inside conversations alike.
import { Readable } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import { setTimeout as sleep } from "node:timers/promises";
import { HttpError, type Api, type Transformer } from "grammy";
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
export const splitLongMessages: Transformer = (prev, method, payload, signal) => {
  const text = method === "sendMessage" ? (payload as { text?: unknown } | undefined)?.text : undefined;
  if (typeof text !== "string" || text.length <= TELEGRAM_TEXT_LIMIT) return prev(method, payload, signal);
  return sendInPieces(prev, method, payload as { text: string; reply_markup?: unknown }, signal);
};

async function sendInPieces(prev: Parameters<Transformer>[0], method: string, payload: { text: string; reply_markup?: unknown }, signal: Parameters<Transformer>[3]) {
  const { text, reply_markup, ...rest } = payload;
  const pieces = splitText(text);
  let last: Awaited<ReturnType<typeof prev>> | undefined;
  for (const [index, piece] of pieces.entries()) {
    const isLast = index === pieces.length - 1;
    const part = { ...rest, text: piece, ...(isLast && reply_markup ? { reply_markup } : {}) };
    last = await prev(method as "sendMessage", part as never, signal);
    if (!last.ok) return last;
  }
  return last!;
}

export interface ApiPolicy {
  /** The longest wait on a 429 before giving up (seconds); keep short under webhooks. */
  maxRetryDelaySeconds: number;
  /** Retries of one call after a 429, a 5xx or a lost connection. */
  maxRetryAttempts: number;
  /** The first wait after a 5xx or a lost connection (ms), doubling per retry (default 500: 0.5 + 1 + 2 + 4 + 8 s). */
  retryInitialDelayMs?: number;
}

export const defaultApiPolicy: ApiPolicy = { maxRetryDelaySeconds: 30, maxRetryAttempts: 5, retryInitialDelayMs: 500 };

type CallResult = Awaited<ReturnType<Parameters<Transformer>[0]>>;

/** A 400 that, after a lost connection, says the lost attempt did the work: the call counts as done. */
function doneBefore(method: string, result: CallResult): boolean {
  if (result.ok || result.error_code !== 400) return false;
  if (method.startsWith("editMessage")) return result.description.includes("message is not modified");
  if (method === "deleteMessage") return result.description.includes("message to delete not found");
  return false;
}

/** Waits, unless the call is aborted meanwhile (grammY's AbortSignal type is its own, structurally the same). */
const pause = (ms: number, signal: unknown) => sleep(ms, undefined, { signal: signal as AbortSignal | undefined });

/**
 * Retries a call after a 5xx or a lost connection (grammY's HttpError), waiting `retryInitialDelayMs` and doubling,
 * at most `maxRetryAttempts` times. A connection lost before Telegram processed the call costs only time; one lost
 * after it did cannot be told apart, so a resent sendMessage may arrive twice (Telegram has no idempotency key);
 * an edit or delete that finds its work already done counts as done.
 */
export function retryTransientErrors(policy: ApiPolicy = defaultApiPolicy): Transformer {
  return async (prev, method, payload, signal) => {
    let delay = policy.retryInitialDelayMs ?? 500;
    let lostConnection = false;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= policy.maxRetryAttempts;
      let result: CallResult;
      try {
        result = await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted === true || last) throw error;
        lostConnection = true;
        await pause(delay, signal);
        delay *= 2;
        continue;
      }
      if (lostConnection && doneBefore(method, result)) return { ok: true, result: true } as CallResult;
      if (result.ok || result.error_code < 500 || last) return result;
      await pause(delay, signal);
      delay *= 2;
    }
  };
}

/**
 * answerCallbackQuery only stops the button's spinner (or shows a toast): a query already answered (a resent update,
 * a retry after a lost connection) or too old is no reason to fail the update and apologise.
 */
export const forgiveSettledCallbackQueries: Transformer = (prev, method, payload, signal) => {
  if (method !== "answerCallbackQuery") return prev(method, payload, signal);
  return prev(method, payload, signal).then((result) => {
    if (result.ok || result.error_code !== 400 || !/query is too old|query ID is invalid/.test(result.description)) return result;
    return { ok: true, result: true } as CallResult;
  });
};

export function installApiTransformers(api: Api, policy: ApiPolicy = defaultApiPolicy, metrics?: Metrics, client?: BotApiClient): void {
  // Innermost first: the call itself, then every try is counted (retries included), and each piece of a long
  // message is retried on its own.
  if (client) api.config.use(callBotApiDirectly(client));
  if (metrics) api.config.use(countApiFailures(metrics));
  api.config.use(forgiveSettledCallbackQueries);
  api.config.use(retryTransientErrors(policy));
  // auto-retry waits out 429s (retry_after); its own 5xx and network retries start at 3 s and, for network
  // errors, never stop: those are left to retryTransientErrors.
  api.config.use(
    autoRetry({
      maxDelaySeconds: policy.maxRetryDelaySeconds,
      maxRetryAttempts: policy.maxRetryAttempts,
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );
  api.config.use(splitLongMessages);
}

/**
 * Connections to the Bot API, kept alive between calls: undici (Node's own HTTP client project, the one behind its
 * `fetch`), driven through its lowest level, `dispatch` (`readWhole`). One per process, shared by every bot in it.
 * How long a call may take is grammY's to say (its timeoutSeconds, aborting through the signal), so undici's own
 * header and body timeouts (300 s) are off.
 */
const connections = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, headersTimeout: 0, bodyTimeout: 0 });

/** What grammY's client reads from a response: only `json()`. */
interface LeanResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** Hop-by-hop headers grammY sets for node-fetch, which undici manages itself (and refuses). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding"]);

/**
 * The `fetch` grammY calls the Bot API with: undici over kept-alive connections (`readWhole`), the body read whole.
 * node-fetch (grammY's default on Node) spent about 30 % of the bot's CPU in the profile (URL parsing, web streams
 * and headers objects per call); this does only what grammY's client uses: POST a string or a stream, `json()` of
 * the answer, and stops when grammY's signal (its own AbortSignal shim, an EventTarget undici listens to) fires.
 */
export async function botApiFetch(
  url: string | URL,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignalLike } = {},
): Promise<LeanResponse> {
  const headers: Record<string, string> = {};
  for (const name in init.headers) if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = init.headers[name]!;
  const body = init.body;
  const signal = init.signal;
  if (signal?.aborted) throw abortError();
  try {
    const target = typeof url === "string" ? new URL(url) : url;
    const answer = await readWhole(
      {
        origin: target.origin,
        path: target.pathname + target.search,
        method: (init.method ?? "GET") as Dispatcher.HttpMethod,
        headers,
        body: body === undefined || body === null ? undefined : typeof body === "string" || body instanceof Uint8Array || body instanceof Readable ? body : String(body),
      },
      signal,
    );
    const { status } = answer;
    const text = textOf(answer);
    return { ok: status >= 200 && status < 300, status, json: async () => JSON.parse(text) as unknown, text: async () => text };
  } catch (error) {
    throw signal?.aborted ? abortError() : error;
  }
}

/** grammY's AbortSignal (the abort-controller shim on Node): what this fetch uses of it. */
interface AbortSignalLike {
  aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

function abortError(): Error {
  const error = new Error("The operation was aborted");
  error.name = "AbortError";
  return error;
}

/** Where and how long: what `callBotApiDirectly` needs of grammY's client options. */
export interface BotApiClient {
  token: string;
  /** Without a trailing slash (grammY's rule); Telegram's when absent. */
  apiRoot?: string | undefined;
  /** How long one call may take, as grammY's `timeoutSeconds` (default 500). */
  timeoutSeconds?: number | undefined;
}

/**
 * Methods whose parameters can never hold a file: their calls are JSON, and `callBotApiDirectly` makes them itself.
 * Every other method (a chart, a spreadsheet, anything that may upload) goes through grammY's own client.
 */
const JSON_ONLY_METHODS: ReadonlySet<string> = new Set([
  "getUpdates",
  "getMe",
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "answerCallbackQuery",
  "deleteMessage",
  "deleteMessages",
  "sendChatAction",
  "setChatMenuButton",
  "setMyCommands",
]);

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * The key that marks a call whose result its caller does not read (`unread`, `say`): a symbol, which grammY's spreading
 * of a call's options into its payload keeps and JSON leaves out.
 */
const UNREAD = Symbol("unread answer");

/**
 * Spread into a call's options when its result is not read: a successful call then resolves to `true` without its
 * answer being decoded and parsed. Telegram answers a sendMessage with the whole message, keyboard and all; not
 * reading those answers saves about 7 % of the bot's CPU per answer of a form (`npm run bench -- --only length`).
 */
export const unread: { readonly [UNREAD]: true } = { [UNREAD]: true };

/** Methods that answer `true` on success (Bot API): their answers are never read either. */
const TRUE_METHODS: ReadonlySet<string> = new Set(["answerCallbackQuery", "deleteMessage", "deleteMessages", "sendChatAction", "setChatMenuButton", "setMyCommands"]);

/** How every successful answer of the Bot API begins (Telegram's and the local one's): `ok` is the first key. */
const SUCCESS_PREFIX = Buffer.from('{"ok":true');

/** grammY's payloads leave out `null` values (its `createJsonPayload`); so do these. */
const withoutNulls = (_key: string, value: unknown) => value ?? undefined;

/**
 * The innermost transformer: JSON calls (JSON_ONLY_METHODS) go straight to the Bot API over `connections`, and
 * grammY's own client is left for the rest. What this saves per call, against grammY's client with `botApiFetch`
 * (`npm run bench` forms, CPU profile): an AbortController shim, a timer and two promises raced, a URL built and the
 * fetch options spread, about a fifth of what the bot allocates per update. The outcome is grammY's: the answer's
 * JSON (`ok` or not) to the transformers above, or an HttpError naming only the method when the call fails on the
 * way (a lost connection, a timeout, an aborted signal, an answer that is not JSON).
 */
export function callBotApiDirectly(client: BotApiClient): Transformer {
  const root = new URL(client.apiRoot ?? "https://api.telegram.org");
  const origin = root.origin;
  const path = `${root.pathname.replace(/\/$/, "")}/bot${client.token}/`;
  const timeoutMs = (client.timeoutSeconds ?? 500) * 1000;
  return (prev, method, payload, signal) => {
    if (!JSON_ONLY_METHODS.has(method)) return prev(method, payload, signal);
    const skipAnswer = TRUE_METHODS.has(method) || (payload as { [UNREAD]?: true } | undefined)?.[UNREAD] === true;
    return postJson(origin, path + method, method, payload, signal, timeoutMs, skipAnswer) as ReturnType<typeof prev>;
  };
}

/**
 * POSTs one JSON call and gives back its answer's JSON; with `skipAnswer`, a successful answer is not read: it gives
 * `{ ok: true, result: true }` (a failure is read, for its description).
 */
async function postJson(
  origin: string,
  path: string,
  method: string,
  payload: unknown,
  signal: AbortSignalLike | undefined,
  timeoutMs: number,
  skipAnswer: boolean,
): Promise<unknown> {
  try {
    if (signal?.aborted) throw abortError();
    const body = JSON.stringify(payload ?? {}, withoutNulls);
    const answer = await readWhole({ origin, path, method: "POST", headers: JSON_HEADERS, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, signal);
    if (skipAnswer && answer.status === 200 && succeeded(answer.chunks)) return { ok: true, result: true };
    return JSON.parse(textOf(answer)) as unknown;
  } catch (error) {
    throw new HttpError(`Network request for '${method}' failed!`, signal?.aborted ? abortError() : error);
  }
}

/** An answer read whole: its status and its bytes, as they came. */
interface WholeAnswer {
  status: number;
  chunks: Buffer[];
}

const textOf = ({ chunks }: WholeAnswer): string => (chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));

/** Whether an answer's bytes begin as a successful one's do, without decoding them. */
function succeeded(chunks: Buffer[]): boolean {
  const first = chunks[0];
  return first !== undefined && first.length >= SUCCESS_PREFIX.length && first.compare(SUCCESS_PREFIX, 0, SUCCESS_PREFIX.length, 0, SUCCESS_PREFIX.length) === 0;
}

/**
 * One call over `connections` with undici's `dispatch` and a handler that only gathers the answer's bytes
 * (`Gatherer`): undici's `request` made an async resource, a headers object and a body stream per answer, and cost
 * twice the CPU per call (65 against 33 µs in a side-by-side loop). Rejects with undici's error, or an AbortError when
 * the signal aborts.
 */
function readWhole(options: Dispatcher.DispatchOptions, signal: AbortSignalLike | undefined): Promise<WholeAnswer> {
  return new Promise((resolve, reject) => {
    connections.dispatch(options, new Gatherer(resolve, reject, signal));
  });
}

/**
 * An undici dispatch handler (its callback interface) that gathers the answer's bytes and gives them as they came, any
 * status: the Bot API answers its errors in JSON too. The signal, when it aborts, aborts the call.
 */
class Gatherer implements Dispatcher.DispatchHandler {
  private readonly chunks: Buffer[] = [];
  private status = 0;
  private abort: ((reason?: Error) => void) | undefined;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (answer: WholeAnswer) => void,
    private readonly reject: (error: Error) => void,
    private readonly signal: AbortSignalLike | undefined,
  ) {
    if (signal) {
      this.onAbort = () => this.abort?.(abortError());
      signal.addEventListener("abort", this.onAbort);
    }
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.signal?.aborted) abort(abortError());
    else this.abort = abort;
  }

  onHeaders(status: number): boolean {
    this.status = status;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.settle();
    this.resolve({ status: this.status, chunks: this.chunks });
  }

  onError(error: Error): void {
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    if (this.onAbort) this.signal!.removeEventListener("abort", this.onAbort);
  }
}
