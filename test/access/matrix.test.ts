// The authorisation matrix: every command, main-menu button and an inline query × every kind of person, run through
// the real bot over HTTP. Figures of two units and their regional totals are seeded with distinctive values, so a
// reply that shows figures a person may not see fails the test whatever feature sent it.
//
// Cells:
//   ALLOW   the person is served: at least one reply, none of them a refusal, and nothing they may not see
//   REFUSE  only refusals (not allowed, not understood, button out of date) or nothing, and nothing they may not see
//   SILENT  an unknown or revoked person: at most the polite unknown-user notice, no buttons, no data
//   NO_LEAK whatever the feature answers, nothing the person may not see (rows whose feature decides the rest)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import type { BotEvent, UserHandle } from "../../src/localapi/index.ts";
import type { PersonRecord } from "../../src/bot/deps.ts";
import { numericFigures } from "../../src/domain/forms.ts";
import { answerOf, buttonsOf, plantButton, t, textsOf } from "../helpers/access.ts";
import { COMMANDS, type CommandName } from "../../src/bot/commands.ts";
import { internalIdsShown } from "../helpers/internalIds.ts";

type Cell = "ALLOW" | "REFUSE" | "SILENT" | "NO_LEAK";
const [A, R, S, N] = ["ALLOW", "REFUSE", "SILENT", "NO_LEAK"] as const;

const PERSONAS = ["unknown", "districtA", "districtB", "region", "regionLimited", "admin", "revoked"] as const;
type Persona = (typeof PERSONAS)[number];

const RECORDS: Record<Persona, Omit<PersonRecord, "id"> | undefined> = {
  unknown: undefined,
  districtA: { role: "district", unit: "karatal" },
  districtB: { role: "district", unit: "talgar" },
  region: { role: "region" },
  regionLimited: { role: "region", forms: ["public-services"] },
  admin: { role: "admin" },
  revoked: { role: "district", unit: "karatal", revoked: true },
};

// Seeded October 2016 figures: unit A = karatal, unit B = talgar.
const SEED = {
  "public-services": { figure: "services_ekyzmet", karatal: 40_417, talgar: 50_529 },
  "employment-roadmap": { figure: "people_employed", karatal: 61_643, talgar: 70_717 },
} as const;
const marker = (n: number) => ({ n, regex: new RegExp(String(n).replace(/(\d{3})$/, "[\\s\\u00a0\\u202f,.]?$1")) });
const MARKERS = {
  psA: marker(SEED["public-services"].karatal),
  psB: marker(SEED["public-services"].talgar),
  psTotal: marker(SEED["public-services"].karatal + SEED["public-services"].talgar),
  empA: marker(SEED["employment-roadmap"].karatal),
  empB: marker(SEED["employment-roadmap"].talgar),
  empTotal: marker(SEED["employment-roadmap"].karatal + SEED["employment-roadmap"].talgar),
};
type Marker = keyof typeof MARKERS;
const ALL_MARKERS = Object.keys(MARKERS) as Marker[];

/** What each person must never see. */
const FORBIDDEN: Record<Persona, Marker[]> = {
  unknown: ALL_MARKERS,
  districtA: ["psB", "psTotal", "empB", "empTotal"],
  districtB: ["psA", "psTotal", "empA", "empTotal"],
  region: [],
  regionLimited: ["empA", "empB", "empTotal"],
  admin: [],
  revoked: ALL_MARKERS,
};

type Action = { kind: "command"; text: string } | { kind: "button"; data: string } | { kind: "inline"; query: string };
const command = (text: string): Action => ({ kind: "command", text });
const button = (data: string): Action => ({ kind: "button", data });
const inline = (query: string): Action => ({ kind: "inline", query });

// One row per command the bot lists (src/bot/commands.ts): a command added there without a row here does not compile.
//                                        unknown districtA districtB region regionLimited admin revoked
const COMMAND_CELLS: Record<CommandName, Cell[]> = {
  start:     [S, A, A, A, A, A, S],
  help:      [S, A, A, A, A, A, S],
  language:  [S, A, A, A, A, A, S],
  report:    [S, A, A, R, R, R, S],
  cancel:    [S, A, A, N, N, N, S],
  history:   [S, A, A, A, A, A, S],
  reopen:    [S, A, A, R, R, R, S],
  deadlines: [S, A, A, A, A, A, S],
  totals:    [S, R, R, A, A, A, S],
  summary:   [S, R, R, A, A, A, S],
  invite:    [S, R, R, R, R, A, S],
  users:     [S, R, R, R, R, A, S],
};

const MATRIX: [Action, Cell[]][] = [
  ...COMMANDS.map((name): [Action, Cell[]] => [command(`/${name}`), COMMAND_CELLS[name]]),
  [button("menu|report"),           [S, A, A, R, R, R, S]],
  [button("menu|history"),          [S, A, A, N, N, N, S]],
  [button("menu|totals"),           [S, R, R, A, A, A, S]],
  [button("menu|summary"),          [S, R, R, A, A, A, S]],
  [button("menu|invite"),           [S, R, R, R, R, A, S]],
  [button("menu|users"),            [S, R, R, R, R, A, S]],
  [button("menu|language"),         [S, A, A, A, A, A, S]],
  [button("menu|help"),             [S, A, A, A, A, A, S]],
  [inline("Talgar"),                [S, N, N, N, N, N, S]],
  [inline("Karatal employment"),    [S, N, N, N, N, N, S]],
];

let redis: TestRedis;
let h: Harness;
const people = new Map<Persona, UserHandle>();

before(async () => {
  redis = await startTestRedis();
  h = await startHarness({ redisUrl: redis.url });
  h.clock.set(new Date("2016-11-27T10:00:00+06:00"));
  let id = 8001;
  for (const persona of PERSONAS) {
    const userId = id++;
    people.set(persona, h.api.user({ id: userId, first_name: persona, language_code: "en" }));
    const record = RECORDS[persona];
    if (record) await h.app.deps.people.put({ id: userId, lang: "en", ...record });
  }
  let updateId = 1;
  for (const form of h.app.deps.forms) {
    const seed = SEED[form.id as keyof typeof SEED];
    for (const unit of ["karatal", "talgar"] as const) {
      const result = await h.app.store.reports.submitReport({
        form: { id: form.id, figures: numericFigures(form) },
        unit,
        period: "2016-10",
        values: { [seed.figure]: seed[unit] },
        expectedVersion: 0,
        author: 1,
        updateId: updateId++,
        at: h.clock.now().getTime(),
      });
      assert.equal(result.status, "ok");
    }
  }
});
after(async () => {
  await h.close();
  await redis.stop();
});

interface Outcome {
  texts: string[];
  buttons: string[];
  answer?: string;
  inlineResults: unknown[];
}

async function perform(person: UserHandle, action: Action): Promise<Outcome> {
  let replies: BotEvent[];
  let inlineResults: unknown[] = [];
  if (action.kind === "command") replies = (await person.send(action.text)).replies;
  else if (action.kind === "inline") {
    const result = await person.inlineQuery(action.query);
    replies = result.replies;
    inlineResults = result.results;
  } else {
    // The button as an old message of the bot would hold it: people keep menus from when their role was another.
    const messageId = await plantButton(h, person, action.data);
    replies = (await person.press(action.data, messageId)).replies;
  }
  return { texts: textsOf(replies), buttons: buttonsOf(replies), answer: answerOf(replies), inlineResults };
}

const describeAction = (action: Action) => (action.kind === "command" ? action.text : action.kind === "button" ? `[${action.data}]` : `@inline ${action.query}`);

function check(persona: Persona, action: Action, cell: Cell, outcome: Outcome): void {
  const where = `${describeAction(action)} × ${persona} (${cell}): ${JSON.stringify(outcome).slice(0, 600)}`;
  const everything = [...outcome.texts, outcome.answer ?? "", JSON.stringify(outcome.inlineResults)].join("\n");
  for (const name of FORBIDDEN[persona]) {
    assert.ok(!MARKERS[name].regex.test(everything), `shows ${name} (${MARKERS[name].n}): ${where}`);
  }
  const refusals = new Set(["not-allowed", "fallback", "button-expired", "unknown-user", "calendar-reopen-district-only"].map((key) => t(h, "en", key)));
  const texts = outcome.texts;
  switch (cell) {
    case "SILENT":
      assert.ok(texts.every((text) => text === t(h, "en", "unknown-user")), where);
      assert.deepEqual(outcome.buttons, [], where);
      assert.ok(!outcome.answer, where);
      assert.deepEqual(outcome.inlineResults, [], where);
      return;
    case "REFUSE":
      assert.ok(texts.every((text) => refusals.has(text)), where);
      assert.ok(outcome.answer === undefined || outcome.answer === "" || refusals.has(outcome.answer), where);
      return;
    case "ALLOW": {
      const served = texts.length > 0 || outcome.inlineResults.length > 0 || (outcome.answer !== undefined && outcome.answer !== "");
      assert.ok(served, `nothing came back: ${where}`);
      assert.ok(!texts.some((text) => refusals.has(text)), where);
      assert.ok(outcome.answer === undefined || !refusals.has(outcome.answer), where);
      return;
    }
    case "NO_LEAK":
      return;
  }
}

describe("the authorisation matrix", () => {
  it("has a cell for every person in every row, and covers every command the bot lists", () => {
    for (const [action, cells] of MATRIX) assert.equal(cells.length, PERSONAS.length, describeAction(action));
    const commands = new Set(MATRIX.flatMap(([a]) => (a.kind === "command" ? [a.text.slice(1)] : [])));
    for (const listed of COMMANDS) assert.ok(commands.has(listed), listed);
  });

  for (const [action, cells] of MATRIX) {
    it(`${describeAction(action)}: ${PERSONAS.map((p, i) => `${p} ${cells[i]}`).join(", ")}`, async () => {
      for (const [index, persona] of PERSONAS.entries()) {
        const outcome = await perform(people.get(persona)!, action);
        check(persona, action, cells[index]!, outcome);
      }
    });
  }

  it("the seeded figures are there to be seen: the region's totals show them, a limited view only its own form", async () => {
    const region = await perform(people.get("region")!, command("/totals"));
    const all = region.texts.join("\n");
    assert.ok(MARKERS.psTotal.regex.test(all) && MARKERS.empTotal.regex.test(all), all);
    const limited = (await perform(people.get("regionLimited")!, command("/totals"))).texts.join("\n");
    assert.ok(MARKERS.psTotal.regex.test(limited), limited);
  });

  it("shows no internal id (report, Telegram user, form or figure id) to anyone in all of it", () => {
    assert.deepEqual(internalIdsShown(h.api.events.all(), h.app.deps.forms), []);
  });

  it("an unknown person got the polite notice at most once in all of it", () => {
    const notice = t(h, "en", "unknown-user");
    for (const persona of ["unknown", "revoked"] as const) {
      const chat = people.get(persona)!;
      const notices = chat.botMessages().filter((m) => m.text === notice);
      assert.equal(notices.length, 1, persona);
    }
  });
});

describe("group chats", () => {
  it("only region users' /totals and /summary are answered; district and unknown people get nothing", async () => {
    const group = h.api.group({ id: -100123, title: "Akimat" });
    const silent: [Persona, string][] = [
      ["districtA", "/totals"],
      ["districtA", "/summary"],
      ["districtA", "/report"],
      ["districtA", "/start"],
      ["districtA", "hello"],
      ["unknown", "/totals"],
      ["unknown", "/start"],
      ["unknown", "hello"],
      ["revoked", "/summary"],
      ["region", "/help"],
      ["region", "/report"],
      ["admin", "/users"],
      ["admin", "/invite"],
    ];
    for (const [persona, text] of silent) {
      const sent = await people.get(persona)!.in(group).send(text);
      assert.deepEqual(sent.replies, [], `${persona} ${text} in a group`);
    }
    const answered = await people.get("region")!.in(group).send("/totals");
    assert.ok(textsOf(answered.replies).length > 0, "a region user's /totals in a group is answered");
    const limited = await people.get("regionLimited")!.in(group).send("/totals");
    const shown = textsOf(limited.replies).join("\n");
    for (const name of FORBIDDEN.regionLimited) assert.ok(!MARKERS[name].regex.test(shown), `${name} in a group`);
  });
});
