// multipart/form-data bodies as grammY sends them, parsed with busboy into string arguments and files.
// grammY writes `filename=<name>` unquoted (Response.formData() refuses that); busboy accepts it only while
// the name is a plain token, and silently drops the file when the name has a space or other separators
// ("отчёт март.csv"). Telegram keeps such names, so the part headers are quoted before busboy reads them.
import { Readable } from "node:stream";
import busboy from "busboy";
import type { UploadedFile } from "./params.ts";

export class TooLargeError extends Error {}

/** Quotes unquoted filename= parameters in the part headers of a multipart body. */
export function quoteFilenames(body: Buffer, boundary: string): Buffer {
  const delimiter = Buffer.from(`--${boundary}\r\n`, "latin1");
  const pieces: Buffer[] = [];
  let position = 0;
  for (;;) {
    const at = body.indexOf(delimiter, position);
    const headersEnd = at < 0 ? -1 : body.indexOf("\r\n\r\n", at + delimiter.length);
    if (headersEnd < 0) {
      pieces.push(body.subarray(position));
      return Buffer.concat(pieces);
    }
    const headersStart = at + delimiter.length;
    pieces.push(body.subarray(position, headersStart));
    const headers = body.subarray(headersStart, headersEnd).toString("utf8");
    const quoted = headers.replace(
      /(;\s*filename=)(?!")([^;\r\n]*)/gi,
      (_, prefix: string, name: string) => `${prefix}"${name.replace(/["\\]/g, "\\$&")}"`,
    );
    pieces.push(Buffer.from(quoted, "utf8"));
    position = headersEnd;
  }
}

export function parseMultipart(
  contentType: string,
  body: Buffer,
  maxFileBytes: number,
): Promise<{ args: Record<string, string>; files: Map<string, UploadedFile> }> {
  return new Promise((resolve, reject) => {
    const args: Record<string, string> = {};
    const files = new Map<string, UploadedFile>();
    let tooLarge = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        defParamCharset: "utf8",
        limits: { fileSize: maxFileBytes, fieldSize: 16 * 1024 * 1024 },
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    parser.on("field", (name, value) => {
      args[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => {
        tooLarge = true;
      });
      stream.on("end", () => {
        files.set(name, { field: name, fileName: info.filename ?? name, mimeType: info.mimeType, bytes: Buffer.concat(chunks) });
      });
    });
    parser.on("error", (error) => reject(error instanceof Error ? error : new Error(String(error))));
    parser.on("close", () => (tooLarge ? reject(new TooLargeError()) : resolve({ args, files })));
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const fixed = boundary === null ? body : quoteFilenames(body, boundary[1] ?? boundary[2] ?? "");
    Readable.from([fixed]).pipe(parser);
  });
}
