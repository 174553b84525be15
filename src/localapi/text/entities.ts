// Message entities as tdlib keeps them while parsing, their order, their Bot API form, and URL checks.
import type { TgEntity } from "../types.ts";

export type TdType =
  | "Bold"
  | "Italic"
  | "Underline"
  | "Strikethrough"
  | "Spoiler"
  | "Code"
  | "Pre"
  | "PreCode"
  | "TextUrl"
  | "CustomEmoji"
  | "BlockQuote"
  | "ExpandableBlockQuote";

export interface TdEntity {
  type: TdType;
  /** UTF-16 offset into the parsed text. */
  offset: number;
  length: number;
  /** URL, language or custom emoji id. */
  argument: string;
}

/** A formatting error; the caller words it "Bad Request: can't parse entities: <message>". */
export class ParseError extends Error {}

// tdlib's get_type_priority: equal offset and length sort by this, smaller first.
const PRIORITY: Record<TdType, number> = {
  Bold: 90,
  Italic: 91,
  Code: 20,
  Pre: 11,
  PreCode: 10,
  TextUrl: 49,
  Underline: 92,
  Strikethrough: 93,
  BlockQuote: 0,
  Spoiler: 94,
  CustomEmoji: 99,
  ExpandableBlockQuote: 0,
};

export function sortEntities(entities: TdEntity[]): TdEntity[] {
  return entities.sort(
    (a, b) => a.offset - b.offset || b.length - a.length || PRIORITY[a.type] - PRIORITY[b.type],
  );
}

const API_TYPE: Record<TdType, string> = {
  Bold: "bold",
  Italic: "italic",
  Underline: "underline",
  Strikethrough: "strikethrough",
  Spoiler: "spoiler",
  Code: "code",
  Pre: "pre",
  PreCode: "pre",
  TextUrl: "text_link",
  CustomEmoji: "custom_emoji",
  BlockQuote: "blockquote",
  ExpandableBlockQuote: "expandable_blockquote",
};

export function toBotApi(entity: TdEntity): TgEntity {
  const out: TgEntity = { type: API_TYPE[entity.type], offset: entity.offset, length: entity.length };
  if (entity.type === "PreCode") out.language = entity.argument;
  if (entity.type === "TextUrl") out.url = entity.argument;
  if (entity.type === "CustomEmoji") out.custom_emoji_id = entity.argument;
  return out;
}

export function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), "utf8");
}

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const ALLOWED_SCHEMES = new Set(["http", "https", "tg", "ton", "tonsite"]);

/**
 * An approximation of tdlib's check_url: an http(s) URL needs a host with a dot and a plausible top-level
 * domain (or an IP address); "http://" and a trailing "/" are added the way Telegram normalises them.
 * tg:, ton: and tonsite: links pass as they are; other schemes are refused.
 */
export function checkUrl(input: string): UrlCheck {
  const wrong: UrlCheck = { ok: false, reason: "Wrong HTTP URL" };
  const url = input;
  if (url === "") return { ok: false, reason: "URL host is empty" };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && !ALLOWED_SCHEMES.has(scheme)) return { ok: false, reason: "Unsupported URL protocol" };
  if (scheme === "tg" || scheme === "ton" || scheme === "tonsite" || /^tg:/i.test(url)) return { ok: true, url };
  if (/\s/.test(url)) return wrong;
  let parsed: URL;
  try {
    parsed = new URL(scheme === undefined ? `http://${url}` : url);
  } catch {
    return wrong;
  }
  const host = parsed.hostname;
  if (host === "") return { ok: false, reason: "URL host is empty" };
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
  const tld = host.split(".").at(-1) ?? "";
  if (!isIp && (!host.includes(".") || !/^(xn--[a-z0-9-]+|[a-z\u00a1-\uffff]{2,})$/i.test(tld))) return wrong;
  return { ok: true, url: parsed.href };
}
