// parse_mode "MarkdownV2" and legacy "Markdown", following tdlib's parsers and their error messages.
import { byteOffset, checkUrl, ParseError, sortEntities, type TdEntity, type TdType } from "./entities.ts";

const isSpace = (c: string): boolean =>
  c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\0" || c === "\v" || c === "\f";

interface Open {
  type: TdType;
  argument: string;
  offset: number;
  byte: number;
  begin: number;
}

/** Skips the language after ``` and one line break; returns the new position and the language. */
function preHeader(text: string, from: number): { next: number; language: string } {
  const at = (k: number): string => (k < text.length ? text[k]! : "\0");
  let i = from;
  let language = "";
  let end = i;
  while (!isSpace(at(end)) && at(end) !== "`") end++;
  if (i !== end && end < text.length && at(end) !== "`") {
    language = text.slice(i, end);
    i = end;
  }
  if (at(i) === "\n" || at(i) === "\r") {
    i += (at(i + 1) === "\n" || at(i + 1) === "\r") && at(i) !== at(i + 1) ? 2 : 1;
  }
  return { next: i, language };
}

export function parseMarkdownV2(text: string): { text: string; entities: TdEntity[] } {
  const at = (k: number): string => (k < text.length ? text[k]! : "\0");
  let result = "";
  const entities: TdEntity[] = [];
  const open: Open[] = [];
  let quote: { offset: number; type: TdType } | undefined;

  const closeQuote = (): void => {
    if (quote === undefined) return;
    let end = result.length;
    if (result.endsWith("\n")) end--;
    if (end > quote.offset) entities.push({ type: quote.type, offset: quote.offset, length: end - quote.offset, argument: "" });
    quote = undefined;
  };

  for (let i = 0; i < text.length; i++) {
    const lineStart = i === 0 || text[i - 1] === "\n";
    const inCode = open.length > 0 && ["Code", "Pre", "PreCode"].includes(open.at(-1)!.type);
    if (lineStart && !inCode) {
      if (text.startsWith("**>", i)) {
        closeQuote();
        quote = { offset: result.length, type: "ExpandableBlockQuote" };
        i += 2;
        continue;
      }
      if (at(i) === ">") {
        if (quote === undefined) quote = { offset: result.length, type: "BlockQuote" };
        continue;
      }
      if (quote !== undefined && open.length === 0) closeQuote();
    }
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (c === "\\" && at(i + 1) !== "\0" && at(i + 1).charCodeAt(0) <= 126) {
      result += text[++i];
      continue;
    }
    const reserved = inCode ? "`" : "_*[]()~`>#+-=|{}.!";
    if (!reserved.includes(c) || code === 0) {
      result += c;
      continue;
    }
    const top = open.at(-1);
    let ending = false;
    if (top !== undefined) {
      switch (top.type) {
        case "Bold": ending = c === "*"; break;
        case "Italic": ending = c === "_" && at(i + 1) !== "_"; break;
        case "Code": ending = c === "`"; break;
        case "Pre": case "PreCode": ending = c === "`" && at(i + 1) === "`" && at(i + 2) === "`"; break;
        case "TextUrl": case "CustomEmoji": ending = c === "]"; break;
        case "Underline": ending = c === "_" && at(i + 1) === "_"; break;
        case "Strikethrough": ending = c === "~"; break;
        case "Spoiler": ending = c === "|" && at(i + 1) === "|"; break;
        default: ending = false;
      }
    }
    if (!ending) {
      const byte = byteOffset(text, i);
      let type: TdType;
      let argument = "";
      if (c === "_" && at(i + 1) === "_") {
        type = "Underline";
        i++;
      } else if (c === "_") type = "Italic";
      else if (c === "*") type = "Bold";
      else if (c === "~") type = "Strikethrough";
      else if (c === "|" && at(i + 1) === "|") {
        type = "Spoiler";
        i++;
      } else if (c === "[") type = "TextUrl";
      else if (c === "!" && at(i + 1) === "[") {
        type = "CustomEmoji";
        i++;
      } else if (c === "`" && at(i + 1) === "`" && at(i + 2) === "`") {
        const header = preHeader(text, i + 3);
        type = header.language === "" ? "Pre" : "PreCode";
        argument = header.language;
        i = header.next - 1;
      } else if (c === "`") type = "Code";
      else throw new ParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
      open.push({ type, argument, offset: result.length, byte, begin: result.length });
      continue;
    }
    const entity = open.pop()!;
    let argument = entity.argument;
    let skip = result.length === entity.offset;
    if (entity.type === "Underline" || entity.type === "Spoiler") i++;
    else if (entity.type === "Pre" || entity.type === "PreCode") i += 2;
    else if (entity.type === "TextUrl" || entity.type === "CustomEmoji") {
      let url = "";
      if (at(i + 1) !== "(") {
        url = result.slice(entity.begin);
      } else {
        i += 2;
        const urlBegin = i;
        while (i < text.length && text[i] !== ")") {
          if (text[i] === "\\" && at(i + 1) !== "\0" && at(i + 1).charCodeAt(0) <= 126) {
            url += text[i + 1];
            i += 2;
            continue;
          }
          url += text[i++];
        }
        if (at(i) !== ")") throw new ParseError(`Can't find end of a URL at byte offset ${byteOffset(text, urlBegin)}`);
      }
      if (entity.type === "CustomEmoji") {
        const id = /^tg:\/\/emoji\?id=(\d{1,19})$/.exec(url)?.[1];
        if (id === undefined) throw new ParseError("Custom emoji URL must have an emoji identifier");
        argument = id;
      } else {
        const checked = checkUrl(url);
        if (checked.ok) argument = checked.url;
        else skip = true;
      }
    }
    if (!skip) entities.push({ type: entity.type, offset: entity.offset, length: result.length - entity.offset, argument });
  }
  const last = open.at(-1);
  if (last !== undefined) throw new ParseError(`Can't find end of ${last.type} entity at byte offset ${last.byte}`);
  closeQuote();
  return { text: result, entities: sortEntities(entities) };
}

/** Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); backslash escapes only _ * ` [. */
export function parseMarkdown(text: string): { text: string; entities: TdEntity[] } {
  const at = (k: number): string => (k < text.length ? text[k]! : "\0");
  let result = "";
  const entities: TdEntity[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && "_*`[".includes(at(i + 1)) && at(i + 1) !== "\0") {
      result += text[++i];
      continue;
    }
    if (c !== "_" && c !== "*" && c !== "`" && c !== "[") {
      result += c;
      continue;
    }
    const begin = i;
    const endChar = c === "[" ? "]" : c;
    let isPre = false;
    let language = "";
    i++;
    if (c === "`" && at(i) === "`" && at(i + 1) === "`") {
      isPre = true;
      const header = preHeader(text, i + 2);
      language = header.language;
      i = header.next;
    }
    const offset = result.length;
    while (i < text.length && (text[i] !== endChar || (isPre && !(at(i + 1) === "`" && at(i + 2) === "`")))) {
      result += text[i++];
    }
    if (i >= text.length) {
      throw new ParseError(`Can't find end of the entity starting at byte offset ${byteOffset(text, begin)}`);
    }
    const length = result.length - offset;
    if (length > 0) {
      if (c === "_") entities.push({ type: "Italic", offset, length, argument: "" });
      else if (c === "*") entities.push({ type: "Bold", offset, length, argument: "" });
      else if (c === "`") {
        entities.push({ type: isPre ? (language === "" ? "Pre" : "PreCode") : "Code", offset, length, argument: language });
      } else {
        let url = "";
        if (at(i + 1) !== "(") url = text.slice(begin + 1, i);
        else {
          i += 2;
          while (i < text.length && text[i] !== ")") url += text[i++];
        }
        const checked = checkUrl(url);
        if (checked.ok) entities.push({ type: "TextUrl", offset, length, argument: checked.url });
      }
    }
    if (isPre) i += 2;
  }
  return { text: result, entities: sortEntities(entities) };
}
