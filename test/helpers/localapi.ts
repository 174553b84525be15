// Shared setup for the local Bot API tests: a server with one registered bot, grammY bots pointed at it,
// raw calls, and a plain HTTP server to receive webhooks.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, GrammyError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { LocalBotApi, type LocalBotApiOptions } from "../../src/localapi/index.ts";

export const TOKEN = "7000001:AAtestTokenA";
export const BOT_ID = 7000001;
export const BOT_INFO: UserFromGetMe = {
  id: BOT_ID,
  is_bot: true,
  first_name: "Akimat",
  username: "akimat_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export async function startApi(options: LocalBotApiOptions = {}): Promise<LocalBotApi> {
  const api = await LocalBotApi.start({ webhookRetryMs: 20, webhookRetryMaxMs: 200, ...options });
  api.addBot({ token: TOKEN, id: BOT_ID, username: BOT_INFO.username, first_name: BOT_INFO.first_name });
  return api;
}

/** A real grammY bot talking to the local server. */
export function makeBot(api: LocalBotApi, token = TOKEN): Bot {
  return new Bot(token, { client: { apiRoot: api.apiRoot }, botInfo: BOT_INFO });
}

/** A raw Bot API call with a JSON body; returns the HTTP status and the decoded answer. */
export async function rawCall(
  api: LocalBotApi,
  method: string,
  body: Record<string, unknown> = {},
  token = TOKEN,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${api.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Awaits a promise that must fail with a GrammyError and returns that error. */
export async function grammyError(promise: Promise<unknown>): Promise<GrammyError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GrammyError, `expected a GrammyError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the call to fail");
}

export interface WebhookServer {
  url: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 handing every request to `handler`. */
export async function startWebhookServer(handler: http.RequestListener): Promise<WebhookServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Resolves with the next event `name` of `emitter` whose payload passes `test`. */
export function nextEmitted<T>(
  emitter: { on(name: string, listener: (payload: T) => void): unknown; off(name: string, listener: (payload: T) => void): unknown },
  name: string,
  test: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: T): void => {
      if (!test(payload)) return;
      emitter.off(name, listener);
      resolve(payload);
    };
    emitter.on(name, listener);
  });
}
