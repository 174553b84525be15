// A request body read whole and parsed as JSON, with a size cap: the webhook and the Mini App's API both need it.

/** Why a body was refused: 413 (over the cap) or 400 (not JSON). */
export class BodyError extends Error {
  constructor(readonly status: 400 | 413) {
    super(status === 413 ? "request body too large" : "request body is not JSON");
  }
}

/** Reads at most `maxBytes` and parses them; rejects with BodyError (and stops reading) past the cap or on bad JSON. */
export function readJsonBody(req: NodeJS.ReadableStream & { destroy(): void }, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyError(413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once("error", reject);
    req.once("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new BodyError(400));
      }
    });
  });
}
