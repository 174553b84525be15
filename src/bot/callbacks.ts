// Inline-button payloads: each feature defines its actions here-by-factory; data is packed and unpacked in one place
// and validated on the way in (callback data is never trusted).
import { z } from "zod";
import { LOCALES } from "../domain/locale.ts";

const SEPARATOR = "|";
const names = new Set<string>();

/** A short id-like field (form, unit, period ids). */
export const token = z.string().regex(/^[\w.-]{1,40}$/);
/** A small whole number (an index, a page, a version). */
export const int = z.coerce.number().int().min(0).max(1e9);

export interface CallbackAction<T extends unknown[]> {
  readonly name: string;
  pack(...fields: T): string;
  /** The fields, or undefined when the data is not this action or is malformed. */
  unpack(data: string | undefined): T | undefined;
  /** Matches any data of this action, for `bot.callbackQuery(action.filter, …)`. */
  readonly filter: RegExp;
}

export function callbackAction<S extends z.ZodTuple>(name: string, fields: S): CallbackAction<z.infer<S> & unknown[]> {
  if (!/^[a-z][\w-]{0,11}$/.test(name)) throw new Error(`callback action names are short words: ${name}`);
  if (names.has(name)) throw new Error(`callback action defined twice: ${name}`);
  names.add(name);
  type T = z.infer<S> & unknown[];
  return {
    name,
    filter: new RegExp(`^${name}(\\${SEPARATOR}|$)`),
    pack(...values: T): string {
      const data = [name, ...values.map(String)].join(SEPARATOR);
      if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${data}`);
      return data;
    },
    unpack(data: string | undefined): T | undefined {
      if (!data) return undefined;
      const [head, ...rest] = data.split(SEPARATOR);
      if (head !== name) return undefined;
      const parsed = fields.safeParse(rest);
      return parsed.success ? (parsed.data as T) : undefined;
    },
  };
}

/** Actions shared by several features. */
export const languageAction = callbackAction("lang", z.tuple([z.enum(LOCALES)]));
export const menuAction = callbackAction(
  "menu",
  z.tuple([z.enum(["report", "help", "language", "totals", "summary", "history", "users", "invite"])]),
);
