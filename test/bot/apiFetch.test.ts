// The bot's HTTP client to the Bot API (src/bot/api.ts botApiFetch, over undici): what grammY's client needs of a
// `fetch`, against a plain node:http server standing in for the Bot API.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { once } from "node:events";
import { Readable } from "node:stream";
import { AbortController as ShimAbortController } from "abort-controller";
import { botApiFetch } from "../../src/bot/api.ts";

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe("botApiFetch", () => {
  let server: http.Server;
  let root: string;
  const seen: Seen[] = [];
  const held: http.ServerResponse[] = [];

  before(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        seen.push({ method: request.method ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        if (request.url?.endsWith("/hold")) {
          held.push(response);
          server.emit("held");
          return;
        }
        const status = request.url?.endsWith("/missing") ? 404 : 200;
        const text = JSON.stringify({ ok: status === 200, echoed: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(status, { "content-type": "application/json" }).end(text);
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    root = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  after(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    server.close();
  });

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
