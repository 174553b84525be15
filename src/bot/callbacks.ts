// Inline-button payloads: packed and unpacked in one place, validated on the way in (callback data is never trusted).
import { z } from "zod";

const SEPARATOR = "|";
const token = z.string().regex(/^[\w.-]{1,40}$/);
const int = z.coerce.number().int().min(0).max(1e9);

/** Every action with its fields, in order. Adding an action here is all a keyboard needs. */
export const actions = {
  lang: z.tuple([z.enum(["kk", "ru", "en"])]),
  menu: z.tuple([z.enum(["report", "help", "language", "totals", "summary", "history", "users", "invite"])]),
  form: z.tuple([token]),
  period: z.tuple([token, token]),
  more: z.tuple([token]),
  nav: z.tuple([z.enum(["back", "skip", "cancel", "yes", "no", "submit", "change", "continue", "restart", "retype", "keep", "comment"])]),
  fig: z.tuple([int]),
  page: z.tuple([token, int]),
} as const;

export type Action = keyof typeof actions;
export type Payload<A extends Action> = z.infer<(typeof actions)[A]>;

export function pack<A extends Action>(action: A, ...fields: Payload<A>): string {
  const data = [action, ...fields.map(String)].join(SEPARATOR);
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${action}`);
  return data;
}

/** Unpacks data for the expected action, or undefined when it is not that action or malformed. */
export function unpack<A extends Action>(action: A, data: string | undefined): Payload<A> | undefined {
  if (!data) return undefined;
  const [head, ...rest] = data.split(SEPARATOR);
  if (head !== action) return undefined;
  const parsed = actions[action].safeParse(rest);
  return parsed.success ? (parsed.data as Payload<A>) : undefined;
}

/** A regular expression matching any data of this action, for `bot.callbackQuery`. */
export const matches = (action: Action) => new RegExp(`^${action}\\${SEPARATOR}`);
