// Call parameters the way the Bot API server sees them: every argument is a string (objects arrive as JSON
// text), whether the request came as JSON, a query string, a url-encoded form or multipart. Plus helpers that
// read fields of a decoded JSON object with tdlib's own error messages.
import { badRequest } from "./errors.ts";

export interface UploadedFile {
  field: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** Turns a decoded JSON body into string arguments, as telegram-bot-api does. */
export function argsFromJson(body: Record<string, unknown>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue;
    args[key] = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return args;
}

/** tdlib's to_integer: an optional sign and the leading digits; anything else reads as 0. */
export function toInteger(text: string): number {
  const match = /^\s*(-?\d+)/.exec(text);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export class Params {
  constructor(
    readonly args: Record<string, string>,
    readonly files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    return this.args[name] !== undefined;
  }

  str(name: string): string {
    return this.args[name] ?? "";
  }

  /** get_integer_arg: empty gives the default, otherwise the integer clamped into [min, max]. */
  int(name: string, fallback: number, min = -Infinity, max = Infinity): number {
    const raw = this.str(name);
    if (raw === "") return fallback;
    return Math.min(max, Math.max(min, toInteger(raw)));
  }

  /** to_bool: "true", "yes" or "1", case-insensitive. */
  bool(name: string): boolean {
    const value = this.str(name).trim().toLowerCase();
    return value === "true" || value === "yes" || value === "1";
  }

  /** A JSON argument; `undefined` when absent or empty; `parseError` (already worded) when it is not JSON. */
  json(name: string, parseError: string): unknown {
    const raw = this.str(name);
    if (raw === "") return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw badRequest(parseError);
    }
  }

  /** An uploaded file given by `attach://name` or sent directly under the argument's own name. */
  file(name: string): UploadedFile | undefined {
    const value = this.str(name);
    if (value.startsWith("attach://")) return this.files.get(value.slice("attach://".length));
    return value === "" ? this.files.get(name) : undefined;
  }

  /** A plain object of the arguments, uploaded files summarised, for call records. */
  summary(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.args };
    for (const [field, file] of this.files) out[field] = { fileName: file.fileName, size: file.bytes.length };
    return out;
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Field readers worded like td::JsonObject (the caller adds the "Can't parse X: " prefix). */
export const field = {
  requiredString(object: JsonObject, name: string): string {
    const value = object[name];
    if (value === undefined || value === null) throw fieldError(`Can't find field "${name}"`);
    return stringValue(value, name);
  },
  optionalString(object: JsonObject, name: string): string {
    const value = object[name];
    return value === undefined || value === null ? "" : stringValue(value, name);
  },
  optionalBool(object: JsonObject, name: string): boolean {
    const value = object[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") throw fieldError(`Field "${name}" must be of type Boolean`);
    return value;
  },
  requiredInt(object: JsonObject, name: string): number {
    const value = object[name];
    if (value === undefined || value === null) throw fieldError(`Can't find field "${name}"`);
    return numberValue(value, name);
  },
  optionalInt(object: JsonObject, name: string): number {
    const value = object[name];
    return value === undefined || value === null ? 0 : numberValue(value, name);
  },
  optionalArray(object: JsonObject, name: string): unknown[] | undefined {
    const value = object[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw fieldError(`Field "${name}" must be of type Array`);
    return value;
  },
  optionalObject(object: JsonObject, name: string): JsonObject | undefined {
    const value = object[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw fieldError(`Field "${name}" must be of type Object`);
    return value;
  },
};

function stringValue(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw fieldError(`Field "${name}" must be of type String`);
}

function numberValue(value: unknown, name: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  throw fieldError(`Field "${name}" must be a valid Number`);
}

/** A field error before it gets its context prefix; `withContext` turns it into the final 400. */
export class FieldError extends Error {}

function fieldError(message: string): FieldError {
  return new FieldError(message);
}

/** Runs `read`, turning a FieldError into `Bad Request: <context><message>`. */
export function withContext<T>(context: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FieldError) throw badRequest(`${context}${error.message}`);
    throw error;
  }
}

