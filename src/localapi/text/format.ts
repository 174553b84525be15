// Message text and captions: parse_mode or explicit entities (first phase, before the chat is looked at),
// then entity checks, trimming and the length limit (second phase, after it), as the Bot API orders them.
import { badRequest } from "../errors.ts";
import { field, isObject, withContext } from "../params.ts";
import type { TgEntity } from "../types.ts";
import { checkUrl, ParseError, sortEntities, toBotApi, type TdEntity, type TdType } from "./entities.ts";
import { parseHtml } from "./html.ts";
import { parseMarkdown, parseMarkdownV2 } from "./markdown.ts";

export interface ParsedText {
  text: string;
  entities: TdEntity[];
}

export interface FormattedText {
  text: string;
  entities: TgEntity[];
}

const MANUAL: Record<string, TdType> = {
  bold: "Bold", italic: "Italic", underline: "Underline", strikethrough: "Strikethrough", spoiler: "Spoiler",
  code: "Code", pre: "Pre", text_link: "TextUrl", custom_emoji: "CustomEmoji", blockquote: "BlockQuote",
  expandable_blockquote: "ExpandableBlockQuote",
};
const DETECTED = new Set([
  "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bank_card_number", "text_mention",
]);

/** First phase: `parse_mode` wins over `entities`; an `entities` argument that is not JSON is ignored. */
export function parseText(text: string, parseMode: string, entitiesArg: string): ParsedText {
  if (Buffer.byteLength(text, "utf8") > 1 << 15) throw badRequest("Text is too long");
  const mode = parseMode.toLowerCase();
  if (text !== "" && mode !== "" && mode !== "none") {
    const parser =
      mode === "html" ? parseHtml : mode === "markdownv2" ? parseMarkdownV2 : mode === "markdown" ? parseMarkdown : undefined;
    if (parser === undefined) throw badRequest("Unsupported parse_mode");
    try {
      return parser(text);
    } catch (error) {
      if (error instanceof ParseError) throw badRequest(`Can't parse entities: ${error.message}`);
      throw error;
    }
  }
  let decoded: unknown;
  try {
    decoded = entitiesArg === "" ? undefined : JSON.parse(entitiesArg);
  } catch {
    decoded = undefined;
  }
  const entities: TdEntity[] = [];
  if (Array.isArray(decoded)) {
    for (const item of decoded) {
      const entity = withContext("Can't parse MessageEntity: ", () => manualEntity(item));
      if (entity !== undefined) entities.push(entity);
    }
  }
  return { text, entities };
}

function manualEntity(value: unknown): TdEntity | undefined {
  if (!isObject(value)) throw badRequest("Can't parse MessageEntity: expected an Object");
  const offset = field.requiredInt(value, "offset");
  const length = field.requiredInt(value, "length");
  const type = field.requiredString(value, "type");
  if (DETECTED.has(type)) {
    if (type === "text_mention" && field.optionalObject(value, "user") === undefined) {
      throw badRequest(`Can't parse MessageEntity: Can't find field "user"`);
    }
    return undefined;
  }
  const tdType = MANUAL[type];
  if (tdType === undefined) throw badRequest(`Can't parse MessageEntity: ${type === "" ? "Type is not specified" : "Unsupported type specified"}`);
  let argument = "";
  if (type === "text_link") argument = field.requiredString(value, "url");
  if (type === "custom_emoji") {
    argument = field.requiredString(value, "custom_emoji_id");
    if (!/^\d{1,19}$/.test(argument) || BigInt(argument) >= 2n ** 63n) {
      throw badRequest(`Can't parse MessageEntity: Field "custom_emoji_id" must be a valid Number`);
    }
  }
  if (type === "pre") {
    argument = field.optionalString(value, "language");
    return { type: argument === "" ? "Pre" : "PreCode", offset, length, argument };
  }
  return { type: tdType, offset, length, argument };
}

export interface FinishOptions {
  /** Longest text in UTF-16 code units after trimming. */
  maxLength: number;
  /** Description (without "Bad Request: ") when it is longer. */
  tooLong: string;
  /** Captions may be empty, message texts may not. */
  allowEmpty: boolean;
}

/** Second phase: entity bounds and URLs, trimming of surrounding white space, emptiness and length. */
export function finishText(parsed: ParsedText, options: FinishOptions): FormattedText {
  const total = parsed.text.length;
  const entities: TdEntity[] = [];
  for (const entity of parsed.entities) {
    if (entity.offset < 0) throw badRequest(`Receive an entity with incorrect offset ${entity.offset}`);
    if (entity.length < 0) throw badRequest(`Receive an entity with incorrect length ${entity.length}`);
    if (entity.offset > total) throw badRequest(`Entity begins after the end of the text at UTF-16 offset ${entity.offset}`);
    if (entity.offset + entity.length > total) {
      throw badRequest(
        `Entity beginning at UTF-16 offset ${entity.offset} ends after the end of the text at UTF-16 offset ${entity.offset + entity.length}`,
      );
    }
    if (entity.type === "TextUrl") {
      const checked = checkUrl(entity.argument);
      if (!checked.ok) throw badRequest(`Entity URL '${entity.argument}' is invalid: ${checked.reason}`);
      entities.push({ ...entity, argument: checked.url });
    } else if (entity.length > 0) {
      entities.push({ ...entity });
    }
  }
  const start = /^[ \t\r\n\v\f]*/.exec(parsed.text)?.[0].length ?? 0;
  const kept = parsed.text.slice(start).replace(/[ \t\r\n\v\f]+$/, "");
  if (kept === "" && !options.allowEmpty) throw badRequest("Text must be non-empty");
  if (kept.length > options.maxLength) throw badRequest(options.tooLong);
  const trimmed: TgEntity[] = [];
  for (const entity of sortEntities(entities)) {
    const from = Math.max(0, entity.offset - start);
    const to = Math.min(kept.length, entity.offset + entity.length - start);
    if (to > from) trimmed.push(toBotApi({ ...entity, offset: from, length: to - from }));
  }
  return { text: kept, entities: trimmed };
}

/** The bot_command entities Telegram marks in a user's text ("/start", "/help@my_bot"). */
export function detectBotCommands(text: string): TgEntity[] {
  const entities: TgEntity[] = [];
  const pattern = /(^|[^\w/<>])(\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?![\w/@])/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const command = match[2]!;
    entities.push({ type: "bot_command", offset: match.index + match[1]!.length, length: command.length });
  }
  return entities;
}
