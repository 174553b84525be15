// The bot's HTTP clients to the Bot API (src/bot/api.ts, over undici): botApiFetch, what grammY's client needs of a
// `fetch`, and callBotApiDirectly, the transformer that makes JSON calls itself; against a plain node:http server
// standing in for the Bot API.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { once } from "node:events";
import { Readable } from "node:stream";
import { AbortController as ShimAbortController } from "abort-controller";
import { Api, GrammyError, HttpError } from "grammy";
import { botApiFetch, callBotApiDirectly, installApiTransformers, unread } from "../../src/bot/api.ts";

interface Seen {
  url: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A plain node:http server standing in for the Bot API: it records each call; an address with `/hold` is held, with
 * `/missing` answered 404 (JSON), with `/garbled` answered 502 in HTML, with `/split` answered in two writes, with
 * `/reordered` answered 200 with `ok` after `result`, with `/html` answered 200 in HTML, with `/message` answered
 * with a message holding the text sent.
 */
function standIn() {
  const seen: Seen[] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ url: request.url ?? "", method: request.method ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (request.url?.includes("/hold")) {
        held.push(response);
        server.emit("held");
        return;
      }
      if (request.url?.includes("/split")) {
        // An answer in two writes, a Kazakh letter's two bytes on either side of the cut.
        const bytes = Buffer.from(JSON.stringify({ ok: true, result: "Ауданның есебі ".repeat(2000) }));
        const cut = bytes.indexOf(Buffer.from("ң")) + 1;
        response.writeHead(200, { "content-type": "application/json" });
        response.write(bytes.subarray(0, cut), () => setImmediate(() => response.end(bytes.subarray(cut))));
        return;
      }
      if (request.url?.includes("/message")) {
        const { text } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text: string };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: { message_id: 5, text } }));
        return;
      }
      if (request.url?.includes("/reordered")) {
        // JSON with the same meaning as a success, but not beginning as Telegram's do.
        response.writeHead(200, { "content-type": "application/json" }).end('{"result":{"message_id":5},"ok":true}');
        return;
      }
      if (request.url?.includes("/html")) {
        response.writeHead(200, { "content-type": "text/html" }).end("<html>Welcome to nginx</html>");
        return;
      }
      if (request.url?.includes("/garbled")) {
        response.writeHead(502, { "content-type": "text/html" }).end("<html>Bad Gateway</html>");
        return;
      }
      const status = request.url?.includes("/missing") ? 404 : 200;
      const text = JSON.stringify({ ok: status === 200, echoed: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(status, { "content-type": "application/json" }).end(text);
    });
  });
  const stand = {
    server,
    seen,
    root: "",
    async start() {
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      stand.root = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    stop() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      server.close();
    },
  };
  return stand;
}

describe("botApiFetch", () => {
  const stand = standIn();
  const { server, seen } = stand;
  let root: string;

  before(async () => {
    await stand.start();
    root = stand.root;
  });

  after(() => stand.stop());

  it("posts a JSON string and reads the answer as JSON, leaving the connection header to the client", async () => {
    const body = JSON.stringify({ chat_id: 1, text: "Сколько услуг оказано?" });
    const response = await botApiFetch(`${root}/botT/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json", connection: "keep-alive" },
      body,
    });
    assert.equal(response.ok, true);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, echoed: body });
    const last = seen.at(-1)!;
    assert.equal(last.method, "POST");
    assert.equal(last.headers["content-type"], "application/json");
    assert.equal(last.body, body);
  });

  it("streams a multipart body (a file upload) as it comes", async () => {
    const parts = ["--b\r\n", 'content-disposition: form-data; name="chat_id"\r\n\r\n1\r\n', "--b--\r\n"];
    const response = await botApiFetch(`${root}/botT/sendDocument`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=b" },
      body: Readable.from(parts.map((part) => Buffer.from(part))),
    });
    assert.equal(response.ok, true);
    assert.equal(seen.at(-1)!.body, parts.join(""));
  });

  it("answers a status that is not 2xx as not ok, with its text", async () => {
    const response = await botApiFetch(`${root}/botT/missing`, { method: "POST", body: "{}" });
    assert.equal(response.ok, false);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /"ok":false/);
  });

  it("stops a call when grammY's signal (its AbortController shim) aborts, and refuses one aborted before", async () => {
    const controller = new ShimAbortController();
    const call = botApiFetch(`${root}/botT/hold`, { method: "POST", body: "{}", signal: controller.signal as never });
    await once(server, "held");
    controller.abort();
    await assert.rejects(call, { name: "AbortError" });
    await assert.rejects(botApiFetch(`${root}/botT/sendMessage`, { method: "POST", body: "{}", signal: controller.signal as never }), {
      name: "AbortError",
    });
  });
});

describe("callBotApiDirectly", () => {
  const stand = standIn();
  const token = "123456:SECRET-token";
  const upstream: unknown[][] = [];
  const prev = ((...args: unknown[]) => {
    upstream.push(args);
    return Promise.resolve({ ok: true, result: "via grammY" });
  }) as never;

  before(() => stand.start());
  after(() => stand.stop());

  /** A call through the transformer to the stand-in, under `path` (one of its routes, or none). */
  const direct = (path: string, method: string, payload: unknown, signal?: unknown, timeoutSeconds?: number) =>
    (callBotApiDirectly({ token, apiRoot: stand.root + path, timeoutSeconds }) as (...args: unknown[]) => Promise<unknown>)(prev, method, payload, signal);
  const call = (method: string, payload: unknown, signal?: unknown) => direct("", method, payload, signal);

  it("posts a JSON call to the method's address, leaving out nulls as grammY does, and gives back the answer's JSON", async () => {
    const payload = { chat_id: 7, text: "Ауданның есебі қабылданды", reply_markup: null, reply_parameters: undefined };
    const answer = (await call("sendMessage", payload)) as { ok: boolean; echoed: string };
    assert.equal(answer.ok, true);
    const last = stand.seen.at(-1)!;
    assert.equal(last.url, `/bot${token}/sendMessage`);
    assert.equal(last.method, "POST");
    assert.equal(last.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(last.body), { chat_id: 7, text: "Ауданның есебі қабылданды" });
    assert.equal(answer.echoed, last.body);
    assert.equal(upstream.length, 0);
  });

  it("reads an answer that comes in pieces whole, a letter cut between two pieces included", async () => {
    const answer = (await direct("/split", "getUpdates", { offset: 1 })) as { ok: boolean; result: string };
    assert.equal(answer.result, "Ауданның есебі ".repeat(2000));
  });

  it("posts an empty object for a call without parameters", async () => {
    await call("getMe", undefined);
    assert.equal(stand.seen.at(-1)!.body, "{}");
  });

  it("gives an answer that is not 2xx to the transformers above as it is (ok: false), not as a failure", async () => {
    const answer = (await direct("/missing", "sendMessage", { chat_id: 1 })) as { ok: boolean };
    assert.equal(answer.ok, false);
  });

  it("leaves every method that may upload a file (a chart, a spreadsheet) to grammY's client, untouched", async () => {
    upstream.length = 0;
    const before = stand.seen.length;
    const payload = { chat_id: 1, document: "file" };
    const signal = new AbortController().signal;
    assert.deepEqual(await call("sendDocument", payload, signal), { ok: true, result: "via grammY" });
    assert.deepEqual(upstream, [["sendDocument", payload, signal]]);
    assert.equal(stand.seen.length, before);
  });

  it("fails as grammY does, an HttpError naming the method and never the token: no server, an answer not JSON", async () => {
    const nowhere = callBotApiDirectly({ token, apiRoot: "http://127.0.0.1:1" }) as (...args: unknown[]) => Promise<unknown>;
    const garbled = direct("/garbled", "answerCallbackQuery", { callback_query_id: "q" });
    for (const failing of [nowhere(prev, "sendMessage", { chat_id: 1 }), garbled]) {
      const error = await failing.then(
        () => assert.fail("the call should fail"),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof HttpError);
      assert.match(error.message, /^Network request for '(sendMessage|answerCallbackQuery)' failed!$/);
      assert.doesNotMatch(`${error.message} ${String((error as { error?: unknown }).error)}`, /SECRET/);
    }
  });

  it("stops when grammY's signal aborts, and when the call outlasts its timeout; refuses a signal aborted before", async () => {
    const controller = new ShimAbortController();
    const held = direct("/hold", "getUpdates", { offset: 0, timeout: 30 }, controller.signal);
    await once(stand.server, "held");
    controller.abort();
    await assert.rejects(held, (error: unknown) => error instanceof HttpError && (error.error as Error).name === "AbortError");
    await assert.rejects(direct("/hold", "getUpdates", {}, controller.signal), (error: unknown) => error instanceof HttpError && (error.error as Error).name === "AbortError");
    await assert.rejects(direct("/hold", "sendMessage", { chat_id: 1 }, undefined, 0.2), (error: unknown) => error instanceof HttpError && error.message === "Network request for 'sendMessage' failed!");
  });
});

describe("answers nobody reads", () => {
  const stand = standIn();
  const token = "123456:SECRET-token";
  const prev = (() => Promise.reject(new Error("grammY's client was not to be called"))) as never;
  const direct = (path: string, method: string, payload: unknown) =>
    (callBotApiDirectly({ token, apiRoot: stand.root + path }) as (...args: unknown[]) => Promise<unknown>)(prev, method, payload, undefined);

  before(() => stand.start());
  after(() => stand.stop());

  it("gives `true` for a successful call marked unread, without its answer, and sends no trace of the mark", async () => {
    const answer = await direct("", "sendMessage", { chat_id: 7, text: "Есеп қабылданды", ...unread });
    assert.deepEqual(answer, { ok: true, result: true });
    assert.deepEqual(JSON.parse(stand.seen.at(-1)!.body), { chat_id: 7, text: "Есеп қабылданды" });
  });

  it("gives `true` for methods whose success is always `true` (a button's answer), marked or not", async () => {
    assert.deepEqual(await direct("", "answerCallbackQuery", { callback_query_id: "q" }), { ok: true, result: true });
  });

  it("reads the answer of a call not marked: sendMessage gives the message Telegram sent back", async () => {
    const answer = (await direct("", "sendMessage", { chat_id: 7, text: "Есеп" })) as { ok: boolean; echoed: string };
    assert.equal(answer.echoed, stand.seen.at(-1)!.body);
  });

  it("reads the answer of a marked call that failed, for its description", async () => {
    const answer = (await direct("/missing", "sendMessage", { chat_id: 1, ...unread })) as { ok: boolean; echoed: string };
    assert.equal(answer.ok, false);
    assert.equal(answer.echoed, stand.seen.at(-1)!.body);
  });

  it("reads a 200 answer that does not begin as a success does: parsed when it is JSON, a failure when it is not", async () => {
    assert.deepEqual(await direct("/reordered", "sendMessage", { chat_id: 1, ...unread }), { result: { message_id: 5 }, ok: true });
    await assert.rejects(direct("/html", "answerCallbackQuery", { callback_query_id: "q" }), (error: unknown) => error instanceof HttpError);
  });

  it("keeps the mark through grammY's methods, which spread their options into the payload", async () => {
    const root = `${stand.root}/message`;
    const api = new Api(token, { apiRoot: root });
    installApiTransformers(api, { maxRetryAttempts: 0, maxRetryDelaySeconds: 1 }, undefined, { token, apiRoot: root });
    const quiet = { disable_notification: true, ...unread };
    assert.equal(await api.sendMessage(7, "Есеп қабылданды", quiet), true);
    assert.deepEqual(await api.sendMessage(7, "Есеп қабылданды"), { message_id: 5, text: "Есеп қабылданды" });
    const failing = new Api(token, { apiRoot: `${stand.root}/missing` });
    installApiTransformers(failing, { maxRetryAttempts: 0, maxRetryDelaySeconds: 1 }, undefined, { token, apiRoot: `${stand.root}/missing` });
    await assert.rejects(failing.sendMessage(7, "Есеп", quiet), (error: unknown) => error instanceof GrammyError);
  });
});
