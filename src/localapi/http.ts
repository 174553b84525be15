// The HTTP side: node:http on 127.0.0.1, /bot<token>/<method> calls (query string, JSON, url-encoded or
// multipart arguments), /file/bot<token>/<path> downloads, and dropped connections for injected faults.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Core } from "./core.ts";
import { parseMultipart, TooLargeError } from "./multipart.ts";
import { argsFromJson, Params } from "./params.ts";

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_FILE_BYTES = 50 * 1024 * 1024;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

const failure = (code: number, description: string): Record<string, unknown> => ({ ok: false, error_code: code, description });

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new TooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

class BadJsonError extends Error {}

async function readParams(request: IncomingMessage, url: URL): Promise<Params> {
  const args: Record<string, string> = Object.fromEntries(url.searchParams);
  const contentType = request.headers["content-type"] ?? "";
  const type = contentType.toLowerCase();
  const raw = await readBody(request);
  if (type.startsWith("multipart/form-data")) {
    const body = await parseMultipart(contentType, raw, MAX_FILE_BYTES);
    return new Params({ ...args, ...body.args }, body.files);
  }
  if (raw.length === 0) return new Params(args);
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return new Params({ ...args, ...Object.fromEntries(new URLSearchParams(raw.toString("utf8"))) });
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new BadJsonError();
  }
  if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) throw new BadJsonError();
  return new Params({ ...args, ...argsFromJson(decoded as Record<string, unknown>) });
}

export class HttpFront {
  private readonly server: http.Server;

  constructor(private readonly core: Core) {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        console.error("local Bot API: request failed:", error);
        if (!response.headersSent) sendJson(response, 500, failure(500, "Internal Server Error"));
        else response.destroy();
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download !== null) return this.download(response, decodeURIComponent(download[1]!), decodeURIComponent(download[2]!));
    const call = /^\/bot([^/]*)\/([^/]*)\/?$/.exec(url.pathname);
    if (call === null) return sendJson(response, 404, failure(404, "Not Found"));
    let params: Params;
    try {
      params = await readParams(request, url);
    } catch (error) {
      if (error instanceof TooLargeError) return sendJson(response, 413, failure(413, "Request Entity Too Large"));
      if (error instanceof BadJsonError) return sendJson(response, 400, failure(400, "Bad Request: can't parse JSON object"));
      return sendJson(response, 400, failure(400, "Bad Request: can't parse the request body"));
    }
    const abort = new AbortController();
    response.on("close", () => {
      if (!response.writableEnded) abort.abort();
    });
    const outcome = await this.core.call(decodeURIComponent(call[1]!), decodeURIComponent(call[2]!), params, abort.signal);
    if (outcome.kind === "drop" || outcome.kind === "drop_after") {
      request.socket.destroy();
      return;
    }
    if (!abort.signal.aborted) sendJson(response, outcome.status, outcome.body);
  }

  private download(response: ServerResponse, token: string, path: string): void {
    const bot = this.core.bots.get(token);
    const file = bot === undefined ? undefined : [...bot.files.values()].find((f) => f.filePath === path);
    if (file === undefined) return sendJson(response, 404, failure(404, "Not Found"));
    response.writeHead(200, { "content-type": file.mimeType ?? "application/octet-stream", "content-length": file.bytes.length });
    response.end(file.bytes);
  }
}
