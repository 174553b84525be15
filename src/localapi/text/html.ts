// parse_mode "HTML", following tdlib's parse_html step by step, with its error messages and byte offsets.
import { byteOffset, checkUrl, ParseError, sortEntities, type TdEntity, type TdType } from "./entities.ts";

const TAGS = new Set([
  "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
  "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
]);

const SIMPLE: Record<string, TdType> = {
  i: "Italic", em: "Italic", b: "Bold", strong: "Bold", s: "Strikethrough", strike: "Strikethrough",
  del: "Strikethrough", u: "Underline", ins: "Underline", "tg-spoiler": "Spoiler", span: "Spoiler",
};

const INVALID_UNICODE =
  "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units";

/** tdlib's is_space, which also holds for the terminating NUL that `at()` returns past the end. */
const isSpace = (c: string): boolean =>
  c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\0" || c === "\v" || c === "\f";

/** &lt; &gt; &amp; &quot; and numeric references; the semicolon is optional. Unknown ones stay as text. */
export function decodeHtmlEntity(text: string, pos: number): { value: string; next: number } | undefined {
  if (text[pos] !== "&") return undefined;
  let end = pos + 1;
  let code = 0;
  if (text[pos + 1] === "#") {
    end++;
    const hex = text[pos + 2] === "x";
    if (hex) end++;
    const digit = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    while (end < text.length && digit.test(text[end]!)) {
      code = code * (hex ? 16 : 10) + parseInt(text[end++]!, 16);
      if (code >= 0x10ffff) return undefined;
    }
    if (code === 0) return undefined;
    if (code >= 0xd800 && code <= 0xdfff) throw new ParseError(INVALID_UNICODE);
  } else {
    while (end < text.length && /[a-zA-Z]/.test(text[end]!)) end++;
    const name = text.slice(pos + 1, end);
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    const value = named[name];
    if (value === undefined) return undefined;
    code = value;
  }
  return { value: String.fromCodePoint(code), next: text[end] === ";" ? end + 1 : end };
}

export function parseHtml(text: string): { text: string; entities: TdEntity[] } {
  const at = (i: number): string => (i < text.length ? text[i]! : "\0");
  let result = "";
  const entities: TdEntity[] = [];
  const open: { tag: string; argument: string; offset: number }[] = [];

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "&") {
      const decoded = decodeHtmlEntity(text, i);
      if (decoded !== undefined) {
        result += decoded.value;
        i = decoded.next - 1;
        continue;
      }
    }
    if (c !== "<") {
      result += c;
      continue;
    }
    const begin = i++;
    const where = (): number => byteOffset(text, begin);
    if (at(i) !== "/") {
      while (!isSpace(at(i)) && at(i) !== ">") i++;
      if (at(i) === "\0") throw new ParseError(`Unclosed start tag at byte offset ${where()}`);
      const tag = text.slice(begin + 1, i).toLowerCase();
      if (!TAGS.has(tag)) throw new ParseError(`Unsupported start tag "${tag}" at byte offset ${where()}`);
      let argument = "";
      while (at(i) !== ">") {
        while (at(i) !== "\0" && isSpace(at(i))) i++;
        if (at(i) === ">") break;
        const nameBegin = i;
        while (!isSpace(at(i)) && at(i) !== "=" && at(i) !== ">") i++;
        const name = text.slice(nameBegin, i);
        if (name === "") throw new ParseError(`Empty attribute name in the tag "${tag}" at byte offset ${where()}`);
        while (at(i) !== "\0" && isSpace(at(i))) i++;
        if (at(i) !== "=") {
          if (tag === "blockquote" && name === "expandable") {
            argument = "1";
            continue;
          }
          throw new ParseError(
            `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${where()}`,
          );
        }
        i++;
        while (at(i) !== "\0" && isSpace(at(i))) i++;
        if (at(i) === "\0") throw new ParseError(`Unclosed start tag "${tag}" at byte offset ${where()}`);
        let value = "";
        if (at(i) !== "'" && at(i) !== '"') {
          const tokenBegin = i;
          while (/[a-zA-Z0-9.-]/.test(at(i))) i++;
          value = text.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(at(i)) && at(i) !== ">") {
            throw new ParseError(`Unexpected end of name token at byte offset ${byteOffset(text, tokenBegin)}`);
          }
        } else {
          const quote = at(i++);
          while (at(i) !== quote && at(i) !== "\0") {
            const decoded = at(i) === "&" ? decodeHtmlEntity(text, i) : undefined;
            if (decoded !== undefined) {
              value += decoded.value;
              i = decoded.next;
            } else {
              value += at(i++);
            }
          }
          if (at(i) === quote) i++;
        }
        if (at(i) === "\0") throw new ParseError(`Unclosed start tag at byte offset ${where()}`);
        if (tag === "a" && name === "href") argument = value;
        else if (tag === "code" && name === "class" && value.startsWith("language-")) argument = value.slice(9);
        else if (tag === "span" && name === "class" && value.startsWith("tg-")) argument = value.slice(3);
        else if (tag === "tg-emoji" && name === "emoji-id") argument = value;
        else if (tag === "blockquote" && name === "expandable") argument = "1";
      }
      if (tag === "span" && argument !== "spoiler") {
        throw new ParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${where()}`);
      }
      open.push({ tag, argument, offset: result.length });
    } else {
      if (open.length === 0) throw new ParseError(`Unexpected end tag at byte offset ${where()}`);
      while (!isSpace(at(i)) && at(i) !== ">") i++;
      const endName = text.slice(begin + 2, i);
      while (isSpace(at(i)) && at(i) !== "\0") i++;
      if (at(i) !== ">") throw new ParseError(`Unclosed end tag at byte offset ${where()}`);
      const top = open[open.length - 1]!;
      if (endName !== "" && endName !== top.tag) {
        throw new ParseError(
          `Unmatched end tag at byte offset ${where()}, expected "</${top.tag}>", found "</${endName}>"`,
        );
      }
      const length = result.length - top.offset;
      if (length > 0) closeEntity(entities, top, length, result);
      open.pop();
    }
  }
  const last = open.at(-1);
  if (last !== undefined) throw new ParseError(`Can't find end tag corresponding to start tag "${last.tag}"`);
  return { text: result, entities: sortEntities(entities) };
}

function closeEntity(
  entities: TdEntity[],
  top: { tag: string; argument: string; offset: number },
  length: number,
  result: string,
): void {
  const { tag, argument, offset } = top;
  const simple = SIMPLE[tag];
  const previous = entities.at(-1);
  const sameSpan = previous !== undefined && previous.offset === offset && previous.length === length;
  if (simple !== undefined) {
    entities.push({ type: simple, offset, length, argument: "" });
  } else if (tag === "tg-emoji") {
    if (!/^\d{1,19}$/.test(argument) || BigInt(argument) <= 0n || BigInt(argument) >= 2n ** 63n) {
      throw new ParseError("Invalid custom emoji identifier specified");
    }
    entities.push({ type: "CustomEmoji", offset, length, argument });
  } else if (tag === "a") {
    const checked = checkUrl(argument === "" ? result.slice(offset) : argument);
    if (checked.ok) entities.push({ type: "TextUrl", offset, length, argument: checked.url });
  } else if (tag === "pre") {
    if (sameSpan && previous.type === "Code" && previous.argument !== "") previous.type = "PreCode";
    else entities.push({ type: "Pre", offset, length, argument: "" });
  } else if (tag === "code") {
    if (sameSpan && previous.type === "Pre" && argument !== "") {
      previous.type = "PreCode";
      previous.argument = argument;
    } else {
      entities.push({ type: "Code", offset, length, argument });
    }
  } else if (tag === "blockquote") {
    entities.push({ type: argument === "" ? "BlockQuote" : "ExpandableBlockQuote", offset, length, argument: "" });
  }
}
