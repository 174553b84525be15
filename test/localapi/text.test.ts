// Text formatting as Telegram parses it: cases taken from tdlib's own tests, plus properties.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { checkUrl } from "../../src/localapi/text/entities.ts";
import { detectBotCommands, finishText, parseText } from "../../src/localapi/text/format.ts";
import { parseHtml } from "../../src/localapi/text/html.ts";
import { parseMarkdown, parseMarkdownV2 } from "../../src/localapi/text/markdown.ts";

const short = (list: { type: string; offset: number; length: number; argument: string }[]): string[] =>
  list.map((e) => `${e.type}:${e.offset}:${e.length}${e.argument === "" ? "" : `:${e.argument}`}`);

describe("parse_mode HTML", () => {
  const errors: [string, string][] = [
    ["🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"],
    ["🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'],
    ["🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'],
    ["🏟 🏟&lt;<i    aba>", 'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 13'],
    ["🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'],
    ["🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"],
    ['🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"],
    ["🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"],
    ["🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"],
    ["🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"],
    ["🏟 🏟&lt;<i>a</em   >", 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
    ["<b><i>test</b></i>", 'Unmatched end tag at byte offset 10, expected "</i>", found "</b>"'],
    ["<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'],
    ["<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'],
    ["1 < 2", 'Unsupported start tag "" at byte offset 2'],
    ["<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
  ];
  for (const [input, message] of errors) {
    test(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseHtml(input), { message });
    });
  }

  test("strips tags, decodes entities and measures offsets in UTF-16", () => {
    const parsed = parseHtml("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>");
    assert.equal(parsed.text, "🏟 🏟🏟 ><🏟");
    assert.deepEqual(short(parsed.entities), ["Italic:5:7", "Bold:9:3"]);
    assert.equal(parseHtml("&lt;&gt;&amp;&quot;&laquo;&#12345678;").text, '<>&"&laquo;&#12345678;');
  });

  test("links, spoilers, code with a language and expandable quotes", () => {
    assert.deepEqual(short(parseHtml("<a href=telegram.org>x</a>").entities), ["TextUrl:0:1:http://telegram.org/"]);
    assert.deepEqual(short(parseHtml("<a>telegram.org </a>").entities), []);
    assert.deepEqual(short(parseHtml('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>').entities), [
      "Spoiler:0:1",
      "Spoiler:1:1",
    ]);
    assert.deepEqual(short(parseHtml('<pre><code class="language-ts">x</code></pre>').entities), ["PreCode:0:1:ts"]);
    assert.deepEqual(short(parseHtml("<blockquote expandable>q</blockquote>").entities), ["ExpandableBlockQuote:0:1"]);
    assert.deepEqual(short(parseHtml("<code><i><b> </b></i></code>").entities), ["Code:0:1", "Bold:0:1", "Italic:0:1"]);
  });

  test("any text with <, > and & escaped comes back unchanged and without entities", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const escaped = text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
        const parsed = parseHtml(escaped);
        assert.equal(parsed.text, text);
        assert.deepEqual(parsed.entities, []);
      }),
    );
  });
});

describe("parse_mode MarkdownV2 and Markdown", () => {
  const errors: [string, string][] = [
    ["🏟 🏟_abacaba", "Can't find end of Italic entity at byte offset 9"],
    ["🏟 🏟_abac * asd ", "Can't find end of Bold entity at byte offset 15"],
    ["🏟 🏟`", "Can't find end of Code entity at byte offset 9"],
    ["🏟 🏟```a ", "Can't find end of PreCode entity at byte offset 9"],
    ["🏟 🏟_🏟 🏟__", "Can't find end of Underline entity at byte offset 19"],
    ["[telegram\\.org](asd", "Can't find end of a URL at byte offset 16"],
    ["*bold _italic\\_*", "Can't find end of Bold entity at byte offset 15"],
    ["hello.", "Character '.' is reserved and must be escaped with the preceding '\\'"],
    ["a-b", "Character '-' is reserved and must be escaped with the preceding '\\'"],
  ];
  for (const [input, message] of errors) {
    test(`MarkdownV2 refuses ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseMarkdownV2(input), { message });
    });
  }

  test("MarkdownV2 entities", () => {
    const parsed = parseMarkdownV2("🏟 🏟_🏟 __🏟___ *b* ||s|| [t](http://example.com/a\\)b)");
    assert.equal(parsed.text, "🏟 🏟🏟 🏟 b s t");
    assert.deepEqual(short(parsed.entities), [
      "Italic:5:5",
      "Underline:8:2",
      "Bold:11:1",
      "Spoiler:13:1",
      "TextUrl:15:1:http://example.com/a)b",
    ]);
    assert.deepEqual(short(parseMarkdownV2("`_* *_`__*` `*__").entities), ["Code:0:5", "Code:5:1", "Bold:5:1", "Underline:5:1"]);
  });

  test("MarkdownV2: every printable character escaped comes back as itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii" }), (text) => {
        const escaped = text.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, (c) => `\\${c}`);
        assert.equal(parseMarkdownV2(escaped).text, text);
      }),
    );
  });

  test("legacy Markdown", () => {
    assert.throws(() => parseMarkdown("*unclosed"), { message: "Can't find end of the entity starting at byte offset 0" });
    assert.deepEqual(short(parseMarkdown("*b* _i_ `c` [t](http://x.com)").entities), [
      "Bold:0:1",
      "Italic:2:1",
      "Code:4:1",
      "TextUrl:6:1:http://x.com/",
    ]);
  });
});

describe("message text checks", () => {
  const finish = (text: string, mode = "", entities = "") =>
    finishText(parseText(text, mode, entities), { maxLength: 4096, tooLong: "Message is too long", allowEmpty: false });

  test("Telegram's descriptions", () => {
    assert.throws(() => finish("x", "XML"), { description: "Bad Request: unsupported parse_mode" });
    assert.throws(() => finish("<b>x", "HTML"), {
      description: 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    });
    assert.throws(() => finish("   "), { description: "Bad Request: text must be non-empty" });
    assert.throws(() => finish("x".repeat(4097)), { description: "Bad Request: message is too long" });
    assert.equal(finish("x".repeat(4096)).text.length, 4096);
    assert.throws(() => finish("hello", "", JSON.stringify([{ type: "bold", offset: 100, length: 1 }])), {
      description: "Bad Request: entity begins after the end of the text at UTF-16 offset 100",
    });
    assert.throws(() => finish("hello", "", JSON.stringify([{ type: "nope", offset: 0, length: 1 }])), {
      description: "Bad Request: can't parse MessageEntity: Unsupported type specified",
    });
    assert.throws(() => finish("click", "", JSON.stringify([{ type: "text_link", offset: 0, length: 5, url: "not-a-url" }])), {
      description: "Bad Request: entity URL 'not-a-url' is invalid: Wrong HTTP URL",
    });
  });

  test("trims surrounding white space and shifts entities", () => {
    assert.deepEqual(finish("  <b> hi </b> there \n", "HTML"), {
      text: "hi  there",
      entities: [{ type: "bold", offset: 0, length: 3 }],
    });
  });

  test("bot commands in what users type", () => {
    assert.deepEqual(detectBotCommands("/start"), [{ type: "bot_command", offset: 0, length: 6 }]);
    assert.deepEqual(detectBotCommands("/report@akimat_bot now"), [{ type: "bot_command", offset: 0, length: 18 }]);
    assert.deepEqual(detectBotCommands("a/b and http://x/y"), []);
  });

  test("URLs", () => {
    assert.deepEqual(checkUrl("telegram.org"), { ok: true, url: "http://telegram.org/" });
    assert.deepEqual(checkUrl("ftp://example.com"), { ok: false, reason: "Unsupported URL protocol" });
    assert.deepEqual(checkUrl("localhost"), { ok: false, reason: "Wrong HTTP URL" });
  });
});
