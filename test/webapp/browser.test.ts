// The Mini App in a real browser: Debian's Chromium, headless, driven by puppeteer-core, at a phone's width, opened
// as Telegram opens it (init data signed by the local Bot API) over the demo data. `.ci/run` installs `chromium`.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { seedDemo } from "../../src/seed/demo.ts";
import { localTextToUtc } from "../../src/domain/zonedTime.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Where the test leaves its phone-width screenshots (data/ is not committed). */
const SCREENSHOTS = join(import.meta.dirname, "../../data/screenshots");
const PHONE = { width: 360, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let redis: TestRedis;
let harness: Harness;
let browser: Browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  const { deps } = harness.app;
  harness.clock.set(localTextToUtc("2016-11-03T10:00", deps.timeZone));
  await seedDemo(deps.store, deps.region, deps.forms);
  await deps.people.put({ id: 700010, role: "region", lang: "ru" });
  await deps.people.put({ id: 700001, role: "district", unit: "karatal", lang: "ru" });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=ru-RU"],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await harness?.close();
  await redis?.stop();
});

/** A page opened as the person opens the Mini App in Telegram; console errors and CSP violations are collected. */
async function openAs(id: number, firstName: string, url = harness.appUrl): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewport(PHONE);
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  const launch = harness.api.user({ id, first_name: firstName, language_code: "ru" }).openWebApp(url);
  await page.goto(launch, { waitUntil: "load" });
  return { page, problems };
}

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
const textOf = async (page: Page, selector: string) => plain(await page.$eval(selector, (element) => element.textContent ?? ""));

/** Waits until the overview shows the period label asked for (the answer for that period has been drawn). */
async function waitForPeriod(page: Page, label: RegExp): Promise<void> {
  await page.waitForFunction(`${label}.test(document.getElementById("period-label")?.textContent ?? "")`, { timeout: 15_000 });
}

describe("the Mini App in Chromium at a phone's width", () => {
  it("shows the deputy the seed's figures, switches period and language, sorts the table and opens a unit", async () => {
    const { page, problems } = await openAs(700010, "Турлашов");
    await page.waitForSelector("#figures", { timeout: 15_000 });
    // The person's language (Russian), the year so far first: the employment programme.
    await waitForPeriod(page, /^Январь–октябрь 2016$/);
    assert.match(await textOf(page, "#figures"), /17,9 млрд ₸/);
    assert.match(await textOf(page, "#figures"), /27 600/);
    assert.equal(await textOf(page, "#completeness"), "Сдали: 18 из 19");

    await page.select("#form", "public-services");
    await page.waitForSelector('[data-figure="services_ekyzmet"]', { timeout: 15_000 });
    const figure = (id: string) => textOf(page, `[data-figure="${id}"] .value`);
    assert.equal(await figure("services_ekyzmet"), "91 337");
    assert.equal(await figure("services_egov"), "27 845");
    assert.equal(await figure("seminars"), "21");
    assert.equal(await figure("seminars_field"), "14");
    assert.match(await textOf(page, "#missing"), /Уйгурский район/);
    await page.screenshot({ path: join(SCREENSHOTS, "miniapp-deputy-ru.png") });
    await page.screenshot({ path: join(SCREENSHOTS, "miniapp-deputy-ru-full.png"), fullPage: true });

    // A month: October, with the like-for-like change and "remind the missing".
    await page.click('.chip[data-period="2016-10"]');
    await waitForPeriod(page, /^Октябрь 2016$/);
    assert.match(await textOf(page, '[data-figure="services_ekyzmet"]'), /к прошлому месяцу/);
    assert.ok(await page.$("#remind-button"), "remind the missing is offered for a month");

    // The last whole quarter, then 2016 so far from the list of periods: employment 27 600.
    await page.click('.chip[data-period="2016Q3"]');
    await waitForPeriod(page, /III квартал 2016/);
    await page.select("#form", "employment-roadmap");
    await page.waitForSelector('[data-figure="people_employed"]', { timeout: 15_000 });
    await page.select("#period", "ytd-2016-10");
    await waitForPeriod(page, /^Январь–октябрь 2016$/);
    assert.equal(await textOf(page, '[data-figure="people_employed"] .value'), "27 600");

    // The 12-month trend of a figure.
    await page.click('[data-figure="people_employed"] button.link');
    await page.waitForSelector('[data-figure="people_employed"] svg.chart polyline', { timeout: 5_000 });

    // Kazakh.
    await page.select("#language", "kk");
    await page.waitForFunction('document.documentElement.lang === "kk" && document.querySelector("#figures h2")?.textContent === "Облыс бойынша барлығы"', { timeout: 15_000 });
    assert.equal(await textOf(page, "#completeness"), "Тапсырғандар: 18 / 19");
    assert.equal(await textOf(page, '[data-figure="people_employed"] .value'), "27 600");
    await page.screenshot({ path: join(SCREENSHOTS, "miniapp-deputy-kk.png"), fullPage: true });

    // Sort by people employed: largest first, then smallest first.
    await page.click('th button[data-sort="people_employed"]');
    const column = () => page.$$eval('#units tbody td[data-value]:nth-child(4)', (cells) => cells.map((cell) => cell.getAttribute("data-value")));
    const descending = (await column()).filter((v) => v !== "").map(Number);
    assert.deepEqual(descending, [...descending].sort((a, b) => b - a));
    await page.click('th button[data-sort="people_employed"]');
    const ascending = (await column()).filter((v) => v !== "").map(Number);
    assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
    assert.equal(ascending.length, 19);

    // A unit: Karatal, whose October report was corrected.
    await page.click('#units tr[data-unit="karatal"]');
    await page.waitForSelector("#unit-name", { timeout: 15_000 });
    assert.equal(await textOf(page, "#unit-name"), "Қаратал ауданы");
    const employment = '[data-form="employment-roadmap"]';
    assert.equal((await page.$$(`${employment} tbody tr`)).length, 12);
    assert.match(await textOf(page, `${employment} details`), /2016 жылғы қазан/);
    assert.match(await textOf(page, `${employment} .notes`), /уточнены данные центра занятости/);
    await page.screenshot({ path: join(SCREENSHOTS, "miniapp-unit-kk.png"), fullPage: true });
    await page.click("#back");
    await page.waitForSelector("#units", { timeout: 5_000 });

    assert.deepEqual(problems, [], "no script errors and no CSP violations");
    await page.close();
  });

  it("refuses a district akim the region's figures and shows their own unit", async () => {
    const { page, problems } = await openAs(700001, "Бисембаев");
    await page.waitForSelector("#refusal", { timeout: 15_000 });
    assert.match(await textOf(page, "#refusal"), /Показатели области — для руководства/);
    assert.equal(await textOf(page, "#unit-name"), "Каратальский район");
    assert.equal(await page.$("#figures"), null);
    assert.deepEqual(problems.filter((p) => !p.includes("403")), []);
    await page.close();
  });

  it("refuses a page opened without Telegram's init data", async () => {
    const page = await browser.newPage();
    await page.setViewport(PHONE);
    await page.goto(harness.appUrl, { waitUntil: "load" });
    await page.waitForSelector('[data-error="missing"]', { timeout: 15_000 });
    assert.match(await textOf(page, '[data-error="missing"]'), /Откройте эту страницу из бота|Open this page from the bot/);
    await page.close();
  });
});
