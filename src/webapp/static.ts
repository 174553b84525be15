// The page itself: three small files read once at start (HTML, one ES module, one stylesheet; no framework), gzip-ed
// once, the assets named by their content hash so a phone keeps them until they change. Strict CSP, no inline code.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

const PUBLIC = new URL("./public/", import.meta.url);

/** Scripts, styles and requests from this origin only; framed only by Telegram's web clients. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self' https://web.telegram.org",
].join("; ");

export const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  hash: string;
}

function asset(type: string, body: Buffer): Asset {
  return { type, body, gzip: gzipSync(body, { level: 9 }), hash: createHash("sha256").update(body).digest("base64url").slice(0, 12) };
}

export interface StaticFiles {
  /** Serves /app/, /app/app.js, /app/app.css; false for other paths. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean;
  /** Bytes sent for a first visit, compressed (HTML + JS + CSS). */
  sizes(): { html: number; js: number; css: number };
}

export function loadStaticFiles(): StaticFiles {
  const js = asset("text/javascript; charset=utf-8", readFileSync(new URL("app.js", PUBLIC)));
  const css = asset("text/css; charset=utf-8", readFileSync(new URL("app.css", PUBLIC)));
  const html = asset(
    "text/html; charset=utf-8",
    Buffer.from(readFileSync(new URL("index.html", PUBLIC), "utf8").replace("{{js}}", `app.js?v=${js.hash}`).replace("{{css}}", `app.css?v=${css.hash}`)),
  );
  const files = new Map([
    ["/app/", html],
    ["/app/app.js", js],
    ["/app/app.css", css],
  ]);
  return {
    serve(req, res, path) {
      const file = files.get(path);
      if (!file) return false;
      const versioned = file !== html && new URL(req.url ?? "/", "http://x").searchParams.get("v") === file.hash;
      const gzip = String(req.headers["accept-encoding"] ?? "").includes("gzip");
      const headers = {
        ...SECURITY_HEADERS,
        "content-type": file.type,
        // Never kept by a proxy; the page revalidated each time, the hashed assets kept by the phone.
        "cache-control": versioned ? "private, max-age=31536000, immutable" : "private, no-cache",
        etag: `"${file.hash}"`,
        vary: "accept-encoding",
      };
      // Unchanged since the phone last fetched it: nothing to send again.
      if (req.headers["if-none-match"] === `"${file.hash}"`) {
        res.writeHead(304, headers).end();
        return true;
      }
      res.writeHead(200, { ...headers, ...(gzip ? { "content-encoding": "gzip" } : {}) });
      res.end(req.method === "HEAD" ? undefined : gzip ? file.gzip : file.body);
      return true;
    },
    sizes: () => ({ html: html.gzip.length, js: js.gzip.length, css: css.gzip.length }),
  };
}
