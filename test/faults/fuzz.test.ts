// Bad input tried (issue 8): random inputs at random points of the forms, menus and admin flows, against the real bot
// (webhook mode over HTTP, real Redis). After every input: the webhook answered 2xx, no error was logged, no message
// shows a stack trace, and the district's drafts hold only values valid for their figures; at the end the regional
// totals equal a recomputation from every stored report.
//
// Size: FUZZ_RUNS inputs (default 1,500 for CI); the full run is `FUZZ_RUNS=10000`. The seed is fixed (FUZZ_SEED,
// default below) and printed, so a failure replays: the bot is stateful, so a run is one long sequence from a fresh
// harness and is not shrunk; the failure message names the failing input and the ones before it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { BotEvent, Delivered, TgMessage, UserHandle } from "../../src/localapi/index.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { parseFigureInput } from "../../src/bot/numberInput.ts";
import { formUnitIds, isNumericFigure, type Figure, type FormDefinition } from "../../src/domain/forms.ts";
import { evaluateRules } from "../../src/domain/rules.ts";
import { monthsFrom } from "../../src/store/months.ts";
import { draftId } from "../../src/store/keys.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20161103);
/** Inputs per fast-check run; runs follow each other on the same bot, so a run starts where the last one left. */
const STEPS = 25;

const FORM = "public-services";
const UNIT = "karatal";
const DISTRICT = 8001;
const REGION = 8002;
const ADMIN = 8003;
const YEAR = monthsFrom("2016", 1);

let redis: TestRedis;
let harness: Harness;
let form: FormDefinition;
const users = new Map<number, UserHandle>();

const user = (id: number): UserHandle => users.get(id)!;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10, minute: 0 }, "Asia/Almaty"));
  form = harness.app.deps.forms.find((f) => f.id === FORM)!;
  const people = harness.app.deps.people;
  await people.put({ id: DISTRICT, role: "district", unit: UNIT, lang: "kk" });
  await people.put({ id: REGION, role: "region", lang: "ru" });
  await people.put({ id: ADMIN, role: "admin", lang: "en" });
  users.set(DISTRICT, harness.api.user({ id: DISTRICT, first_name: "Akim", language_code: "kk" }));
  users.set(REGION, harness.api.user({ id: REGION, first_name: "Region", language_code: "ru" }));
  users.set(ADMIN, harness.api.user({ id: ADMIN, first_name: "Admin", language_code: "en" }));
  await startDraft();
});
after(async () => {
  await harness?.close();
  await redis?.stop();
});

/** /report → the form → October 2016: the district's open draft. */
async function startDraft(): Promise<Delivered[]> {
  const akim = user(DISTRICT);
  const steps: Delivered[] = [await akim.send("/report")];
  for (const data of [`rform|${FORM}`, `rper|${FORM}|2016-10`]) {
    if (hasButton(akim, data)) steps.push(await akim.press(data));
  }
  return steps;
}

/** The chat's last `count` messages (of the bot only, or of anyone), read in place: cloning the whole chat each
 * input would make a long run quadratic. */
function recent(handle: UserHandle, count: number, botOnly: boolean): TgMessage[] {
  const { messages, botMessages } = handle.record;
  return [...messages.values()].filter((m) => !botOnly || botMessages.has(m.message_id)).slice(-count);
}

function hasButton(handle: UserHandle, data: string): boolean {
  return recent(handle, 3, true).some((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data === data));
}

/**
 * A press of any data on the bot's last message, as a modified client can send: Telegram passes it on with a real
 * query id, so the bot's answerCallbackQuery works (as test/reports/access.test.ts does).
 */
function pressForged(handle: UserHandle, data: string): Promise<Delivered> {
  const message = recent(handle, 1, true)[0];
  if (message === undefined) return handle.send("/start");
  const callback = (handle as unknown as { callback(m: unknown, d: string): Promise<Delivered> }).callback.bind(handle);
  return callback(message, data);
}

// ---- what a person can do -------------------------------------------------------------------------------------

type Action =
  | { kind: "text"; who: number; text: string }
  | { kind: "edit"; who: number; text: string; pick: number }
  | { kind: "sticker"; who: number; emoji: string }
  | { kind: "photo"; who: number; caption?: string }
  | { kind: "document"; who: number; name: string; body: string; caption?: string }
  | { kind: "callback"; who: number; data: string }
  | { kind: "button"; who: number; pick: number }
  | { kind: "restart-draft" }
  /** The akim answers several questions in a row with plausible numbers, then maybe presses the card's submit. */
  | { kind: "answers"; values: number[]; submit: boolean };

const COMMANDS = ["/report", "/cancel", "/start", "/help", "/totals", "/summary", "/history", "/language", "/users", "/invite"];

const OFFICIAL_NUMBERS = [
  "0", "7", "91 337", "91 337 000", "1 234 567", "17,9 млрд", "17,9 mln", "1,5 mln", "1.5 млн", "2 тыс", "3 мың",
  "91,337", "91.337", "1,234.5", "1.234,5", "12,5", "12.5", "+5", "-5", "−5", "1e3", "1E-2", "00012", "1 000 000",
  "1000001", "10000", "10001", "500", "501", "١٢٣", "۱۲۳", "１２３", "१२३", "12 345 тг", "5 000 тенге", "1,5 млрд ₸",
  "12%", "½", "∞", "NaN", "Infinity", "0x10", "9007199254740993", "1_000", "1'000", "1 000", "1 000",
];
const TRICKY = [
  "<b>bold</b>", "<script>alert(1)</script>", "</code>", "<a href=\"tg://user?id=1\">x</a>", "*bold* _it_ `code` [l](http://x)",
  "```\ncode\n```", "||spoiler||", "\\", "\\n", "'; DROP TABLE users; --", "${process.env}", "{{7*7}}", "%s%s%s%n",
  "../../etc/passwd", "\u0000", "\u0007\u0008\u001b[31m", "\u202eԀdlrow", "مرحبا ١٢٣", "שלום 123", "\u200b", "\u200f12\u200e",
  "Z̴̡̛a̷l̶g̸o̵", "👨‍👩‍👧‍👦", "🏳️‍🌈 12", "\ud83d", "null", "undefined", "true", "[]", "{}", "__proto__", "constructor",
  "help", "yes", "да", "иә", "skip", "/", "//", "/ report", "/REPORT", "/report@akimat_local_bot", "/start abc", "/start inv_0",
  "/report extra words", "/foo", "/cancel@other_bot", "/users 1", "/invite district karatal", "/language xx",
];

/** Text that Telegram would deliver: not blank, at most 4096 characters. */
const telegramText = (text: string): string => {
  const clipped = [...text].slice(0, 4096).join("");
  return clipped.trim() === "" ? `${clipped}.` : clipped;
};

const anyText: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...OFFICIAL_NUMBERS) },
    { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
    { weight: 2, arbitrary: fc.constantFrom(...COMMANDS) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
    { weight: 2, arbitrary: fc.integer({ min: -10, max: 2_000_000 }).map(String) },
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 400 }).map(String) }, // plausible answers walk the form
    { weight: 1, arbitrary: fc.double({ noNaN: false }).map(String) },
    { weight: 1, arbitrary: fc.stringMatching(/^\/[a-z_]{1,20}( [\w ]{0,20})?$/) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 3000, maxLength: 4200 }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TRICKY), fc.constantFrom(...OFFICIAL_NUMBERS)).map(([a, b]) => `${b} ${a}`) },
  )
  .map(telegramText);

// Callback data: the real action names with fields of every shape.
const ACTIONS = [
  "lang", "menu", "invw", "invrv", "usl", "usc", "usrv", "usrvy", "usro", "usrs", "usu", "usf", "usfy", "usi",
  "rform", "rper", "rmore", "rfix", "rdraft", "rq", "ropt", "rread", "rfind", "rchg", "rcard", "rdrop",
  "qpick", "smf", "sms", "sme", "smc", "smcf", "smx", "smu", "smuh", "smn", "smfl",
  "cmute", "cunmute", "cropf", "cropp", "cdec", "cwhy", "hunit", "hform", "hper",
];
const FIELD_VALUES = [
  FORM, "employment-roadmap", "no-such-form", UNIT, "talgar", "aksu", "nowhere", "2016-10", "2016-09", "2016-11", "2016-12",
  "2015-10", "2016-13", "2016-00", "2016", "2016Q4", "0", "1", "2", "5", "6", "99", "-1", "1.5", "1e9", "1e10", "NaN",
  "kk", "ru", "en", "xx", "report", "help", "language", "totals", "summary", "history", "users", "invite",
  "continue", "restart", "other", "back", "skip", "keep", "cancel", "yes", "retype", "no", "accept", "comment",
  "submit", "change", "show", "correct", "leave", "district", "region", "admin", "a", "r", "-", "f1", "f1.d2",
  String(DISTRICT), String(REGION), String(ADMIN), "0123456789abcdef", "",
];
const fieldValue = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELD_VALUES) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.nat({ max: 2 ** 31 }).map(String) },
);
const fitsCallback = (data: string) => data.length > 0 && Buffer.byteLength(data) <= 64;
const callbackData: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ACTIONS), fc.array(fieldValue, { maxLength: 6 })).map(([name, fields]) => [name, ...fields].join("|")) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 64 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom("|", "||", "rq|", "rq||", "rcard|submit|extra", "rper|public-services|2016-10|x", "menu|", " rcard|submit") },
  )
  .map((data) => (fitsCallback(data) ? data : Buffer.from(data).subarray(0, 60).toString().replace(/\uFFFD/g, "") || "x"))
  .filter(fitsCallback);

const who = fc.constantFrom(DISTRICT, DISTRICT, DISTRICT, DISTRICT, REGION, ADMIN);
const caption = fc.option(anyText.map((t) => [...t].slice(0, 1024).join("")), { nil: undefined });

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ kind: fc.constant("text" as const), who, text: anyText }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("edit" as const), who, text: anyText, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("sticker" as const), who, emoji: fc.constantFrom("👍", "😀", "5️⃣") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("photo" as const), who, caption }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("document" as const),
      who,
      name: fc.constantFrom("report.xlsx", "data.csv", "../../x.txt", "имя файла.pdf", "a".repeat(200)),
      body: fc.string({ maxLength: 200 }),
      caption,
    }),
  },
  { weight: 15, arbitrary: fc.record({ kind: fc.constant("callback" as const), who, data: callbackData }) },
  { weight: 25, arbitrary: fc.record({ kind: fc.constant("button" as const), who, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ kind: "restart-draft" as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("answers" as const),
      values: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 7 }),
      submit: fc.boolean(),
    }),
  },
);

function describeAction(a: Action): string {
  const json = JSON.stringify(a);
  return json.length > 300 ? `${json.slice(0, 300)}… (${json.length} chars)` : json;
}

async function perform(a: Action): Promise<Delivered[]> {
  if (a.kind === "restart-draft") return startDraft();
  if (a.kind === "answers") {
    const akim = user(DISTRICT);
    const steps: Delivered[] = [];
    for (const value of a.values) steps.push(await akim.send(String(value)));
    for (const data of a.submit ? ["rread|yes", "rcard|submit"] : []) {
      const button = recent(akim, 1, true)[0]?.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data?.startsWith(data));
      if (button?.callback_data !== undefined) steps.push(await akim.press(button.callback_data));
    }
    return steps;
  }
  const handle = user(a.who);
  switch (a.kind) {
    case "text":
      return [await handle.send(a.text)];
    case "edit": {
      const own = recent(handle, 20, false).filter((m) => m.from?.id === a.who && m.text !== undefined);
      const target = own[own.length - 1 - (a.pick % Math.min(own.length, 5))];
      return [await (target === undefined ? handle.send(a.text) : handle.editText(target.message_id, a.text))];
    }
    case "sticker":
      return [await handle.sendSticker({ emoji: a.emoji })];
    case "photo":
      return [await handle.sendPhoto(a.caption === undefined ? {} : { caption: a.caption })];
    case "document":
      return [await handle.sendDocument(a.name, a.body, a.caption === undefined ? {} : { caption: a.caption })];
    case "callback":
      return [await pressForged(handle, a.data)];
    case "button": {
      // A real button of one of the bot's latest messages (stale ones included), to walk deep into the flows.
      const buttons = recent(handle, 3, true).flatMap((m) => (m.reply_markup?.inline_keyboard.flat() ?? []).map((b) => ({ id: m.message_id, data: b.callback_data })))
        .filter((b): b is { id: number; data: string } => b.data !== undefined);
      const button = buttons[a.pick % Math.max(buttons.length, 1)];
      return [await (button === undefined ? handle.send("/start") : handle.press(button.data, button.id))];
    }
  }
}

// ---- what must hold ------------------------------------------------------------------------------------------

/** A stored value (scaled integer text) of a numeric figure, read back as its natural number text. */
function naturalText(stored: string, decimals: number): string {
  const negative = stored.startsWith("-");
  const digits = (negative ? stored.slice(1) : stored).padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? `.${fraction}` : ""}`;
}

function invalidValue(figure: Figure, stored: string): string | undefined {
  if (!isNumericFigure(figure)) return undefined; // public-services has numeric figures only
  if (!/^-?\d+$/.test(stored)) return `not a scaled integer: ${JSON.stringify(stored)}`;
  const value = Number(stored);
  if (!Number.isSafeInteger(value)) return `not a safe integer: ${stored}`;
  const parsed = parseFigureInput(naturalText(stored, figure.decimals), figure, "en");
  if (!parsed.ok) return `rejected by parseFigureInput (${parsed.error}): ${stored}`;
  if (parsed.value !== value) return `reads back as ${parsed.value}, stored ${stored}`;
  return undefined;
}

async function checkStored(): Promise<void> {
  const store = harness.app.store;
  const drafts = await Promise.all(YEAR.map((period) => store.drafts.loadDraft(draftId({ form: FORM, unit: UNIT, period }))));
  const reports = await Promise.all(YEAR.map((period) => store.reports.getReport(FORM, UNIT, period)));
  YEAR.forEach((period, i) => {
    const draft = drafts[i];
    if (draft) {
      for (const [id, stored] of Object.entries(draft.values)) {
        if (stored === "") continue;
        const figure = form.figures.find((f) => f.id === id);
        assert.ok(figure, `draft ${period} holds a value of no figure: ${id}`);
        const problem = invalidValue(figure, stored);
        assert.equal(problem, undefined, `draft ${period}, ${id}: ${problem}`);
      }
    }
    const report = reports[i];
    if (report) {
      const numbers: Record<string, number> = {};
      for (const figure of form.figures) {
        const stored = report.values[figure.id];
        if (stored === undefined) {
          assert.ok(!figure.required, `report ${period} lacks the required ${figure.id}`);
          continue;
        }
        const problem = invalidValue(figure, String(stored));
        assert.equal(problem, undefined, `report ${period}, ${figure.id}: ${problem}`);
        numbers[figure.id] = Number(stored);
      }
      const broken = evaluateRules(form, numbers).filter((v) => v.rule.importance === "high");
      assert.deepEqual(broken.map((v) => v.rule.id), [], `report ${period} breaks a high-importance rule`);
    }
  });
}

const STACK = /^ {4}at |\n {4}at |Error:/;
function shownText(e: BotEvent): string {
  return [e.text, e.caption, e.message?.text, e.message?.caption].filter((t) => t !== undefined).join("\n");
}

let logSeen = 0;
async function checkAfter(a: Action, delivered: Delivered[], history: string[]): Promise<void> {
  const where = () => `after input ${describeAction(a)}\n(earlier inputs of this run:\n  ${history.slice(-10).join("\n  ")})`;
  for (const d of delivered) {
    assert.equal(d.status, "handled", `webhook did not answer 2xx (${d.status}) ${where()}`);
    for (const e of d.replies) assert.doesNotMatch(shownText(e), STACK, `the bot showed a stack trace ${where()}`);
  }
  const errors = harness.logLines.slice(logSeen).filter((line) => Number(line.level) >= 50);
  logSeen = harness.logLines.length;
  assert.deepEqual(errors, [], `the bot logged an error ${where()}`);
  await checkStored().catch((error: unknown) => {
    throw new Error(`${(error as Error).message} ${where()}`);
  });
}

describe("fuzzing the bot with bad input (issue 8)", () => {
  it(`survives ${RUNS} random inputs from a district akim, a region user and an admin`, { timeout: 10 * 60_000 }, async (t) => {
    t.diagnostic(`fuzz seed ${SEED}, ${RUNS} inputs (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`);
    const history: string[] = [];
    let inputs = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: STEPS, maxLength: STEPS }), async (actions) => {
        for (const a of actions) {
          if (inputs >= RUNS) return;
          const delivered = await perform(a);
          inputs += delivered.length;
          await checkAfter(a, delivered, history);
          history.push(describeAction(a));
        }
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / STEPS), endOnFailure: true },
    );
    t.diagnostic(`${inputs} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Nothing the bot ever sent, in any chat, shows a stack trace.
    for (const e of harness.api.events.all()) assert.doesNotMatch(shownText(e), STACK, `stack trace in chat ${e.chatId}`);
    // The fuzzing reached the form: the district walked into October's draft or report at least once.
    const reached = harness.api.events.all().some((e) => e.chatId === DISTRICT && e.replyMarkup !== undefined && JSON.stringify(e.replyMarkup).includes("rq|"));
    assert.ok(reached, "the fuzzer never reached a question of the form");

    const units = formUnitIds(form, harness.app.deps.region);
    const totals = await harness.app.store.totals.readTotals(form, YEAR);
    assert.deepEqual(totals, await harness.app.store.totals.recomputeTotalsNaively(form, YEAR, units));
    const october = totals.find((m) => m.month === "2016-10")!;
    t.diagnostic(`October 2016 reported by: ${JSON.stringify(october.reported)}; karatal reports: ${JSON.stringify(
      await Promise.all(YEAR.map(async (p) => (await harness.app.store.reports.getReport(FORM, UNIT, p))?.version ?? 0)),
    )}`);
  });
});
