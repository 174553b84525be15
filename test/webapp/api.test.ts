// The Mini App's API over HTTP, on the demo data, through the real bot's server: who may call it (Telegram's init
// data signed by the local Bot API, as Telegram signs it), what it answers, and the buttons that open it.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read field by field */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startHarness, HARNESS_TOKEN, type Harness } from "../../src/devtools/harness.ts";
import { seedDemo, ARTICLE_TOTALS } from "../../src/seed/demo.ts";
import { localTextToUtc } from "../../src/domain/zonedTime.ts";
import { signInitData } from "../../src/localapi/index.ts";
import type { TgUser } from "../../src/localapi/index.ts";
import { readUnitRows } from "../../src/reports/units.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const DEPUTY = { id: 700010, is_bot: false, first_name: "Турлашов", language_code: "ru" } satisfies TgUser;
const DEPARTMENT = { id: 700011, is_bot: false, first_name: "Отдел", language_code: "ru" } satisfies TgUser;
const AKIM = { id: 700001, is_bot: false, first_name: "Бисембаев", language_code: "ru" } satisfies TgUser;
const UYGUR_AKIM = { id: 700002, is_bot: false, first_name: "Тохтасунов", language_code: "kk" } satisfies TgUser;
const STRANGER = { id: 700099, is_bot: false, first_name: "Stranger", language_code: "en" } satisfies TgUser;

let redis: TestRedis;
let harness: Harness;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url, env: { WEBAPP_URL: "https://akimat.example.kz/app/" } });
  const { deps } = harness.app;
  harness.clock.set(localTextToUtc("2016-11-03T10:00", deps.timeZone));
  await seedDemo(deps.store, deps.region, deps.forms);
  await deps.people.put({ id: DEPUTY.id, role: "region", lang: "ru" });
  await deps.people.put({ id: DEPARTMENT.id, role: "region", forms: ["public-services"], lang: "ru" });
  await deps.people.put({ id: AKIM.id, role: "district", unit: "karatal", lang: "ru" });
  await deps.people.put({ id: UYGUR_AKIM.id, role: "district", unit: "uygur", lang: "kk" });
});
after(async () => {
  await harness.close();
  await redis.stop();
});

type Button = { text: string; web_app?: { url: string } };
const buttonsOf = (replies: { replyMarkup?: unknown }[]): Button[] =>
  replies.flatMap((reply) => (reply.replyMarkup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard?.flat() ?? []);

const tma = (user: TgUser, options: Parameters<typeof signInitData>[2] = {}, token = HARNESS_TOKEN) => `tma ${signInitData(token, user, options)}`;

/** Numbers as the chat writes them, with the no-break spaces shown as spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

async function call(path: string, authorization?: string, init: RequestInit = {}) {
  const response = await fetch(new URL(path, harness.appUrl), { ...init, headers: { ...(authorization ? { authorization } : {}), ...(init.body ? { "content-type": "application/json" } : {}) } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parsed(text) };
}

function parsed(text: string): Record<string, any> {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return { text };
  }
}

describe("who may call the Mini App's API", () => {
  it("refuses a call without init data with 401, in the browser's language", async () => {
    const response = await call("api/summary?form=public-services&period=ytd-2016-10&lang=ru");
    assert.equal(response.status, 401);
    assert.equal(response.body.error, "missing");
    assert.match(response.body.message, /Откройте эту страницу из бота/);
    assert.equal(response.body.figures, undefined);
  });

  it("refuses a forged signature with 401: the user changed after signing", async () => {
    const signed = signInitData(HARNESS_TOKEN, STRANGER);
    const forged = signed.replace(encodeURIComponent(`"id":${STRANGER.id}`), encodeURIComponent(`"id":${DEPUTY.id}`));
    assert.notEqual(forged, signed);
    const response = await call("api/summary?form=public-services&period=ytd-2016-10", `tma ${forged}`);
    assert.equal(response.status, 401);
    assert.equal(response.body.error, "forged");
  });

  it("refuses init data signed with another bot's token with 401", async () => {
    const response = await call("api/summary?form=public-services&period=ytd-2016-10", tma(DEPUTY, {}, "2000002:ANOTHER-bot-token-of-someone-else"));
    assert.equal(response.status, 401);
    assert.equal(response.body.error, "forged");
  });

  it("refuses init data older than a day with 401 and asks to reopen the page", async () => {
    const authDate = new Date(Date.now() - 25 * 3600_000);
    const response = await call("api/summary?form=public-services&period=ytd-2016-10", tma(DEPUTY, { authDate }));
    assert.equal(response.status, 401);
    assert.equal(response.body.error, "expired");
    assert.match(response.body.message, /открыта слишком долго/);
    const fresh = await call("api/summary?form=public-services&period=ytd-2016-10", tma(DEPUTY, { authDate: new Date(Date.now() - 23 * 3600_000) }));
    assert.equal(fresh.status, 200);
  });

  it("refuses a person the bot does not know with 403", async () => {
    const response = await call("api/me", tma(STRANGER));
    assert.equal(response.status, 403);
    assert.equal(response.body.error, "not-allowed");
  });

  it("refuses a revoked person at once, with the same init data that worked a moment before", async () => {
    const person = { id: 700012, is_bot: false, first_name: "Временный", language_code: "ru" } satisfies TgUser;
    await harness.app.deps.people.put({ id: person.id, role: "region", lang: "ru" });
    const auth = tma(person);
    assert.equal((await call("api/summary?form=public-services&period=2016-10", auth)).status, 200);
    await harness.app.store.invites.revokeUser(person.id);
    const response = await call("api/summary?form=public-services&period=2016-10", auth);
    assert.equal(response.status, 403);
    assert.equal(response.body.error, "revoked");
    assert.match(response.body.message, /больше нет доступа/);
  });

  it("refuses a region user a form outside their grant with 403, and lists only their forms", async () => {
    const auth = tma(DEPARTMENT);
    const refused = await call("api/summary?form=employment-roadmap&period=ytd-2016-10", auth);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, "form");
    assert.equal((await call("api/summary?form=public-services&period=ytd-2016-10", auth)).status, 200);
    const me = await call("api/me", auth);
    assert.deepEqual(me.body.forms.map((f: { id: string }) => f.id), ["public-services"]);
    const remind = await call("api/remind", auth, { method: "POST", body: JSON.stringify({ form: "employment-roadmap", period: "2016-10" }) });
    assert.equal(remind.status, 403);
  });

  it("refuses a district akim the region and other units with 403, and shows their own unit", async () => {
    const auth = tma(AKIM);
    const region = await call("api/summary?form=public-services&period=ytd-2016-10", auth);
    assert.equal(region.status, 403);
    assert.equal(region.body.error, "district");
    const other = await call("api/unit?unit=talgar", auth);
    assert.equal(other.status, 403);
    const own = await call("api/unit?unit=karatal", auth);
    assert.equal(own.status, 200);
    assert.equal(own.body.unit.name, "Каратальский район");
    const me = await call("api/me", auth);
    assert.equal(me.body.role, "district");
    assert.deepEqual(me.body.forms, []);
  });
});

describe("what the Mini App's API answers", () => {
  it("gives the seed article's figures for January–October 2016 as exact integers, formatted as in the chat", async () => {
    const auth = tma(DEPUTY);
    const services = await call("api/summary?form=public-services&period=ytd-2016-10", auth);
    assert.equal(services.status, 200);
    for (const [id, value] of Object.entries(ARTICLE_TOTALS["public-services"])) assert.equal(services.body.figures[id].value, value, id);
    assert.equal(plain(services.body.figures.services_ekyzmet.text), "91 337");
    assert.equal(plain(services.body.figures.services_egov.text), "27 845");
    assert.equal(plain(services.body.units.reportedText), "Сдали: 18 из 19");
    assert.deepEqual(services.body.units.missing, ["uygur"]);
    assert.equal(services.body.units.reported.length, 18);
    assert.equal(services.body.table.rows.length, 19);
    const employment = await call("api/summary?form=employment-roadmap&period=ytd-2016-10", auth);
    assert.equal(employment.body.figures.funds_allotted.value, 17_900_000_000);
    assert.equal(plain(employment.body.figures.funds_allotted.text), "17,9 млрд ₸");
    assert.equal(employment.body.figures.people_employed.value, 27_600);
  });

  it("answers the period ids as the bot writes them: a month, a quarter, a year and the year so far", async () => {
    const auth = tma(DEPUTY);
    const year = await call("api/summary?form=employment-roadmap&period=2016", auth);
    assert.equal(year.body.figures.people_employed.value, 27_600);
    assert.equal(plain(year.body.figures.people_employed.text), "27 600");
    const quarter = await call("api/summary?form=public-services&period=2016Q3", auth);
    assert.deepEqual(quarter.body.period.months, ["2016-07", "2016-08", "2016-09"]);
    const month = await call("api/summary?form=public-services&period=2016-10", auth);
    assert.equal(month.body.period.label, "Октябрь 2016");
    assert.equal(month.body.canRemind, true);
    const future = await call("api/summary?form=public-services&period=2016-12", auth);
    assert.equal(future.status, 400);
    assert.equal(future.body.error, "period");
    assert.equal((await call("api/summary?form=public-services&period=October", auth)).status, 400);
    assert.equal((await call("api/summary?form=no-such-form&period=2016-10", auth)).status, 404);
  });

  it("compares October with September like for like: only the units that reported both months", async () => {
    const month = await call("api/summary?form=public-services&period=2016-10", tma(DEPUTY));
    const change = month.body.figures.services_ekyzmet.changes.find((c: { kind: string }) => c.kind === "previous-month");
    assert.equal(change.units, 18, "Uygur has not reported October");
    const { deps } = harness.app;
    const env = { store: deps.store, region: deps.region, forms: deps.forms, timeZone: deps.timeZone };
    const form = deps.forms.find((f) => f.id === "public-services")!;
    const units = deps.region.units.map((u) => u.id).filter((id) => id !== "uygur");
    const sum = async (month: string) => (await readUnitRows(env, form, [month], units)).reduce((total, row) => total + (row.values.services_ekyzmet ?? 0), 0);
    const [october, september] = [await sum("2016-10"), await sum("2016-09")];
    assert.equal(change.percent, Math.round(((october - september) / september) * 1000) / 10);
    assert.match(change.text, /к прошлому месяцу/);
  });

  it("gives a unit's 12 months, every version of a corrected report and the reason", async () => {
    const unit = await call("api/unit?unit=talgar", tma(DEPUTY));
    assert.equal(unit.status, 200);
    const services = unit.body.forms.find((f: { form: { id: string } }) => f.form.id === "public-services");
    assert.equal(services.rows.length, 12);
    assert.equal(services.rows[0].month, "2016-10");
    const september = services.versions.find((v: { month: string }) => v.month === "2016-09");
    assert.equal(september.versions.length, 2);
    assert.match(september.versions[1].reason, /опечатка в e-Gov/);
    assert.ok(services.notes.some((note: { text: string }) => note.text.includes("опечатка в e-Gov")));
  });

  it("reminds the missing with the chat's rules: once an hour per unit, a month only", async () => {
    const auth = tma(DEPUTY);
    const body = JSON.stringify({ form: "public-services", period: "2016-10" });
    const first = await call("api/remind", auth, { method: "POST", body });
    assert.equal(first.status, 200);
    assert.equal(first.body.reminded, 1);
    assert.match(first.body.text, /Уйгурский район/);
    const again = await call("api/remind", auth, { method: "POST", body });
    assert.equal(again.body.reminded, 0);
    assert.match(again.body.text, /уже напоминали|недавно/i);
    const ytd = await call("api/remind", auth, { method: "POST", body: JSON.stringify({ form: "public-services", period: "ytd-2016-10" }) });
    assert.equal(ytd.status, 400);
    assert.equal((await call("api/remind", auth)).status, 405);
  });

  it("follows the person's language, and another one when asked", async () => {
    const kk = await call("api/summary?form=public-services&period=ytd-2016-10&lang=kk", tma(DEPUTY));
    assert.equal(plain(kk.body.units.reportedText), "Тапсырғандар: 18 / 19");
    const en = await call("api/summary?form=public-services&period=ytd-2016-10&lang=en", tma(DEPUTY));
    assert.equal(en.body.figures.services_ekyzmet.text, "91,337");
    const own = await call("api/me", tma(UYGUR_AKIM));
    assert.equal(own.body.locale, "kk");
  });

  it("is never cached by a proxy, and the page holds no data and no inline script", async () => {
    const api = await call("api/summary?form=public-services&period=ytd-2016-10", tma(DEPUTY));
    assert.match(api.headers.get("cache-control") ?? "", /no-store/);
    const page = await fetch(harness.appUrl);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(page.headers.get("cache-control") ?? "", /private/);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
    assert.doesNotMatch(html, /91|27 845|style=/);
    assert.ok(!html.includes(HARNESS_TOKEN.split(":")[1]!));
    const again = await fetch(harness.appUrl, { headers: { "if-none-match": page.headers.get("etag") ?? "" } });
    assert.equal(again.status, 304);
  });
});

describe("where the Mini App is opened from", () => {
  it("puts it in a region user's menu and under /totals and /summary; not for a district akim", async () => {
    const deputy = harness.api.user({ id: DEPUTY.id, first_name: DEPUTY.first_name, language_code: "ru" });
    const { replies } = await deputy.send("/totals");
    const open = buttonsOf(replies).find((button) => button.web_app);
    assert.equal(open?.web_app?.url, "https://akimat.example.kz/app/");
    const menu = await harness.app.bot.api.getChatMenuButton({ chat_id: DEPUTY.id });
    assert.deepEqual(menu, { type: "web_app", text: "Область", web_app: { url: "https://akimat.example.kz/app/" } });
    const summary = await deputy.send("/summary public-services");
    assert.ok(buttonsOf(summary.replies).some((button) => button.web_app?.url === "https://akimat.example.kz/app/?form=public-services&period=ytd-2016-10"));
    const akim = harness.api.user({ id: AKIM.id, first_name: AKIM.first_name, language_code: "ru" });
    await akim.send("/start");
    assert.deepEqual(await harness.app.bot.api.getChatMenuButton({ chat_id: AKIM.id }), { type: "default" });
  });
});

describe("the menu button after a revocation", () => {
  it("goes back to Telegram's default on the revoked person's next message", async () => {
    const person = { id: 700013, first_name: "Уходящий", language_code: "ru" };
    await harness.app.deps.people.put({ id: person.id, role: "region", lang: "ru" });
    const chat = harness.api.user(person);
    await chat.send("/totals");
    assert.equal(((await harness.app.bot.api.getChatMenuButton({ chat_id: person.id })) as { type: string }).type, "web_app");
    await harness.app.store.invites.revokeUser(person.id);
    await chat.send("/totals");
    assert.deepEqual(await harness.app.bot.api.getChatMenuButton({ chat_id: person.id }), { type: "default" });
  });
});
