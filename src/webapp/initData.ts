// Who opened the Mini App: Telegram's init data from `Authorization: tma <initData>`, its HMAC checked with the bot's
// token and its auth_date against the allowed age by @telegram-apps/init-data-node. Nothing else identifies a caller.
import { isExpiredError, isSignatureInvalidError, isSignatureMissingError, validate } from "@telegram-apps/init-data-node";
import { z } from "zod";

export type Authentication =
  | { ok: true; userId: number; languageCode?: string; startParam?: string }
  | { ok: false; reason: "missing" | "forged" | "expired" | "malformed" };

const SCHEME = /^tma (.+)$/;
/** Longer than any init data Telegram sends (a few hundred bytes to ~2 KiB). */
const MAX_INIT_DATA = 8192;

export function authenticate(header: string | undefined, token: string, maxAgeSeconds: number): Authentication {
  const match = header === undefined ? null : SCHEME.exec(header.trim());
  if (!match) return { ok: false, reason: "missing" };
  const initData = match[1]!;
  if (initData.length > MAX_INIT_DATA) return { ok: false, reason: "malformed" };
  try {
    validate(initData, token, { expiresIn: maxAgeSeconds });
  } catch (error) {
    if (isExpiredError(error)) return { ok: false, reason: "expired" };
    if (isSignatureInvalidError(error) || isSignatureMissingError(error)) return { ok: false, reason: "forged" };
    return { ok: false, reason: "malformed" };
  }
  // Only the fields used are read (the library's parser also demands Telegram's third-party `signature`).
  const fields = new URLSearchParams(initData);
  const user = userSchema.safeParse(parseJson(fields.get("user")));
  if (!user.success) return { ok: false, reason: "malformed" };
  const startParam = fields.get("start_param");
  return {
    ok: true,
    userId: user.data.id,
    ...(user.data.language_code ? { languageCode: user.data.language_code } : {}),
    ...(startParam ? { startParam } : {}),
  };
}

const userSchema = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), language_code: z.string().max(35).optional() });

function parseJson(text: string | null): unknown {
  try {
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
